package io.github.inventorycallback.stack.run;

import io.github.inventorycallback.contract.Answers;
import io.github.inventorycallback.contract.StrictJson;

import com.google.gson.JsonElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One order to run through the state machine.
 *
 * @param name          how the table and the lists name it: a sample's outcome, else the order's own {@link #id}, else
 *                      {@code file-N} (its position in the file)
 * @param input         the execution input (JSON)
 * @param expectedState the last state it should reach, or null when nobody said (orders from a file)
 * @param expectedError the error it should end with ({@code OutOfStock}, {@code InvalidOrder}), or null
 */
public record Order(String name, String input, String expectedState, String expectedError) {
    /** The field of an input that names the order, as the function reads and logs it. */
    static final String ORDER_ID = "orderId";

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

    /**
     * The order's own id: the input's {@code orderId} when it is a string that shows on one line (not blank, no line
     * breaks, tabs or other control characters), else null. A number or a null is no id: the function refuses such
     * an order as invalid.
     */
    static String id(JsonElement input) {
        JsonElement id = input != null && input.isJsonObject() ? input.getAsJsonObject().get(ORDER_ID) : null;
        if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()) {
            return null;
        }
        String value = id.getAsString();
        return value.isBlank() || value.chars().anyMatch(Character::isISOControl) ? null : value;
    }

    /**
     * A non-empty JSON array of objects, read strictly. Each element must be an object: the state machine keeps the
     * inventory's answer under {@code $.inventory} and a caught error under {@code $.error}, which Step Functions
     * cannot add to a string, number, array or null, so such an execution would fail with
     * {@code States.ResultPathMatchFailure} instead of reaching Notify Success or Notify Failure. Each order is named
     * by its {@link #id}, the name the user knows it by, or by its position ({@code file-2}) when it has none.
     */
    static List<Order> fromFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--orders " + file + ": is a directory, not a file of orders");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--orders " + file + ": the file does not exist"
                    + (file.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")"));
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--orders " + file + ": cannot be read as UTF-8 text (" + e + ")");
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("--orders " + file + ": the file is empty; it must hold a"
                    + " non-empty JSON array of orders");
        }
        JsonElement json;
        try {
            json = StrictJson.parse(text);
        } catch (IllegalArgumentException e) {
            Matcher where = Pattern.compile("at line \\d+ column \\d+").matcher(String.valueOf(e.getMessage()));
            throw new IllegalArgumentException("--orders " + file + ": not valid JSON"
                    + (where.find() ? " " + where.group() : "") + " (strict JSON: double quotes, no missing or"
                    + " trailing values, one array)");
        }
        if (!json.isJsonArray() || json.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException("--orders " + file + ": must hold a non-empty JSON array of orders");
        }
        List<Order> orders = new ArrayList<>();
        for (JsonElement order : json.getAsJsonArray()) {
            if (!order.isJsonObject()) {
                throw new IllegalArgumentException("--orders " + file + ": order " + (orders.size() + 1) + " is "
                        + order + ", not a JSON object; nothing was started");
            }
            String id = id(order);
            orders.add(new Order(id != null ? id : "file-" + (orders.size() + 1), order.toString(), null, null));
        }
        return orders;
    }
}
