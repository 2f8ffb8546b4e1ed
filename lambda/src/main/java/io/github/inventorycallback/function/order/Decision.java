package io.github.inventorycallback.function.order;

/** What to tell Step Functions about one order, and the order's id for the log (null when it names none). */
public sealed interface Decision {

    String orderId();

    /** Every item can be filled: {@code output} is the task's JSON result. */
    record InStock(String orderId, String output) implements Decision {
    }

    /** The order cannot be filled: {@code error} and {@code cause} go to SendTaskFailure. */
    record Rejected(String orderId, String error, String cause) implements Decision {
    }
}
