package io.github.inventorycallback.stack.run;

import io.github.inventorycallback.contract.Answers;

import java.util.List;

/**
 * One order to run through the state machine.
 *
 * @param name          a short label for the table
 * @param input         the execution input (JSON)
 * @param expectedState the last state it should reach, or null when nobody said (orders from a file)
 * @param expectedError the error it should end with ({@code OutOfStock}, {@code InvalidOrder}), or null
 */
public record Order(String name, String input, String expectedState, String expectedError) {

    /** The samples: one of each outcome, for the stack's default stock (apple 25, pear 10, plum 0). */
    public static final List<Order> SAMPLES = List.of(
            new Order("in-stock", "{\"orderId\": \"sample-1\", \"items\": [{\"sku\": \"apple\", \"quantity\": 2},"
                    + " {\"sku\": \"pear\", \"quantity\": 1}]}", Answers.NOTIFY_SUCCESS, null),
            new Order("out-of-stock", "{\"orderId\": \"sample-2\", \"items\": [{\"sku\": \"plum\", \"quantity\": 1}]}",
                    Answers.NOTIFY_FAILURE, Answers.OUT_OF_STOCK),
            new Order("invalid", "{\"orderId\": \"sample-3\", \"items\": [{\"sku\": \"apple\", \"quantity\": 0}]}",
                    Answers.NOTIFY_FAILURE, Answers.INVALID_ORDER),
            new Order("console-default", "{\"Comment\": \"Insert your JSON here\"}", Answers.NOTIFY_SUCCESS, null));

    /** The first {@code count} samples, cycling through them. */
    public static List<Order> samples(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> SAMPLES.get(i % SAMPLES.size())).toList();
    }

    /** Whether a finished execution is what this order expects; orders without expectations expect success. */
    public boolean matches(String status, String lastState, String error) {
        if (!"SUCCEEDED".equals(status)) {
            return false;
        }
        if (expectedState == null) {
            return true;
        }
        return expectedState.equals(lastState) && java.util.Objects.equals(expectedError, error);
    }
}
