package io.github.inventorycallback.contract;

/**
 * What the program and the function agree on about the function itself: where Lambda enters it and the
 * environment the program gives it. Compiled into both builds, so a rename on one side breaks the other's build,
 * not a deployed stack.
 */
public final class FunctionContract {
    /** The class Lambda constructs at init. */
    public static final String HANDLER_CLASS = "io.github.inventorycallback.function.InventoryHandler";
    /** The function's {@code handler} setting. */
    public static final String HANDLER = HANDLER_CLASS + "::handleRequest";

    /** The mock inventory: a JSON object of SKU to units in stock ({@link Stock}). */
    public static final String STOCK = "STOCK";
    /** How many callbacks of one batch run at once. */
    public static final String CALLBACK_CONCURRENCY = "CALLBACK_CONCURRENCY";
    /** The CloudWatch namespace of the function's {@link Outcome#METRIC} metric: one per stack. */
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";

    public static final int MIN_CALLBACK_CONCURRENCY = 1;
    /** Without the variable (tests, local runs): the default batch size. */
    public static final int DEFAULT_CALLBACK_CONCURRENCY = 10;
    /**
     * More parallel callbacks than this only queue for Step Functions' callback token bucket (and for the JDK's
     * keep-alive connections); the program gives min(batchSize, this).
     */
    public static final int MAX_CALLBACK_CONCURRENCY = 50;

    private FunctionContract() {
    }
}
