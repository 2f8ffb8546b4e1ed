package io.github.inventorycallback.contract;

/**
 * How the function ended each message, as it logs and counts it: the {@value #METRIC} metric by {@value #DIMENSION},
 * in the stack's namespace, which the program's dashboard and alarms read.
 */
public enum Outcome {
    /** Step Functions received SendTaskSuccess. */
    IN_STOCK,
    /** SendTaskFailure {@link Answers#OUT_OF_STOCK}. */
    OUT_OF_STOCK,
    /** SendTaskFailure {@link Answers#INVALID_ORDER}. */
    INVALID_ORDER,
    /** Step Functions refused the token for good; the message is acknowledged. */
    TOKEN_REFUSED,
    /** A transient failure; SQS redelivers the message. */
    RETRY,
    /** No usable task token; SQS redelivers it, then dead-letters it. */
    UNANSWERABLE;

    /** The embedded-metric-format metric of the function's log lines: one per message. */
    public static final String METRIC = "Messages";
    public static final String DIMENSION = "outcome";

    /** The outcome of a SendTaskFailure with this error. */
    public static Outcome rejected(String error) {
        return Answers.OUT_OF_STOCK.equals(error) ? OUT_OF_STOCK : INVALID_ORDER;
    }
}
