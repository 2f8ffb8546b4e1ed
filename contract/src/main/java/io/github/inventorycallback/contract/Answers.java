package io.github.inventorycallback.contract;

/** What an order ends in: the function's SendTaskFailure errors and the state machine's last states. */
public final class Answers {
    /** An unknown SKU, or more than the stock. */
    public static final String OUT_OF_STOCK = "OutOfStock";
    /** An order the inventory cannot read (no items array, a bad quantity, ...). */
    public static final String INVALID_ORDER = "InvalidOrder";

    /** Where an answered order ends. */
    public static final String NOTIFY_SUCCESS = "Notify Success";
    /** Where a rejected, timed-out or failed order ends (the Catch). */
    public static final String NOTIFY_FAILURE = "Notify Failure";

    private Answers() {
    }
}
