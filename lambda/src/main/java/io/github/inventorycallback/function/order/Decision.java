package io.github.inventorycallback.function.order;

/** What to tell Step Functions about one order. */
public sealed interface Decision {

    /** Every item can be filled: {@code output} is the task's JSON result. */
    record InStock(String output) implements Decision {
    }

    /** The order cannot be filled: {@code error} and {@code cause} go to SendTaskFailure. */
    record Rejected(String error, String cause) implements Decision {
    }
}
