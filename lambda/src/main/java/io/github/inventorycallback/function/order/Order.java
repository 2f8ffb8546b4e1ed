package io.github.inventorycallback.function.order;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An order, as the execution input carries it: {@code {"orderId": "...", "items": [{"sku": "...", "quantity": N}]}}.
 * An input without {@code items} (such as the console's default input, or none at all) is an order of nothing, which
 * passes, as in the tutorial.
 *
 * @param orderId the order's id, or null when the input names none
 * @param items   each SKU once, in the order given
 */
public record Order(String orderId, List<Item> items) {

    /** Keeps the success output far below Step Functions' 256 KiB state payload limit. */
    public static final int MAX_ITEMS = 1000;
    public static final long MAX_QUANTITY = 1_000_000_000L;
    public static final int MAX_SKU_LENGTH = 256;
    /** Enough problems to fix an order without making the cause a wall of text. */
    private static final int MAX_PROBLEMS_LISTED = 10;

    public Order {
        items = List.copyOf(items);
    }

    /** One line of the order: {@code quantity} units (1 to {@value #MAX_QUANTITY}) of {@code sku}. */
    public record Item(String sku, long quantity) {
    }

    /**
     * The input is not an order: its message, naming every problem found, is the task's failure cause; its
     * {@link #orderId()} the input's {@code orderId} when that was a string.
     */
    public static final class InvalidOrderException extends Exception {
        private final String orderId;

        InvalidOrderException(String orderId, String cause) {
            super(cause);
            this.orderId = orderId;
        }

        public String orderId() {
            return orderId;
        }
    }

    /** Reads and checks an execution input; {@link com.google.gson.JsonNull} is an order of nothing. */
    public static Order parse(JsonElement input) throws InvalidOrderException {
        if (input.isJsonNull()) {
            return new Order(null, List.of());
        }
        if (!input.isJsonObject()) {
            throw new InvalidOrderException(null, "Input must be a JSON object, got " + kind(input));
        }
        JsonObject order = input.getAsJsonObject();
        JsonElement orderIdJson = order.get("orderId");
        String orderId = null;
        if (orderIdJson != null && !orderIdJson.isJsonNull()) {
            if (!orderIdJson.isJsonPrimitive() || !orderIdJson.getAsJsonPrimitive().isString()) {
                throw new InvalidOrderException(null, "orderId must be a string, got " + kind(orderIdJson));
            }
            orderId = orderIdJson.getAsString();
        }
        JsonElement itemsJson = order.get("items");
        if (itemsJson == null) {
            return new Order(orderId, List.of());
        }
        if (!itemsJson.isJsonArray()) {
            throw new InvalidOrderException(orderId, "items must be an array, got " + kind(itemsJson));
        }
        JsonArray array = itemsJson.getAsJsonArray();
        if (array.isEmpty()) {
            throw new InvalidOrderException(orderId, "items is empty; an order needs at least one item");
        }
        if (array.size() > MAX_ITEMS) {
            throw new InvalidOrderException(orderId, "items has " + array.size() + " entries; at most " + MAX_ITEMS
                    + " are allowed");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Long> items = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            readItem(i, array.get(i), items, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidOrderException(orderId, summarize(problems));
        }
        return new Order(orderId, items.entrySet().stream().map(e -> new Item(e.getKey(), e.getValue())).toList());
    }

    private static void readItem(int index, JsonElement item, Map<String, Long> items, List<String> problems) {
        String where = "items[" + index + "]";
        if (!item.isJsonObject()) {
            problems.add(where + " must be an object, got " + kind(item));
            return;
        }
        JsonObject object = item.getAsJsonObject();
        JsonElement skuJson = object.get("sku");
        String sku = null;
        if (skuJson == null || skuJson.isJsonNull()) {
            problems.add(where + ".sku is missing");
        } else if (!skuJson.isJsonPrimitive() || !skuJson.getAsJsonPrimitive().isString()) {
            problems.add(where + ".sku must be a string, got " + kind(skuJson));
        } else if (skuJson.getAsString().isBlank()) {
            problems.add(where + ".sku is empty");
        } else if (skuJson.getAsString().length() > MAX_SKU_LENGTH) {
            problems.add(where + ".sku is longer than " + MAX_SKU_LENGTH + " characters");
        } else {
            sku = skuJson.getAsString();
        }
        JsonElement quantityJson = object.get("quantity");
        Long quantity = null;
        if (quantityJson == null || quantityJson.isJsonNull()) {
            problems.add(where + ".quantity is missing");
        } else {
            quantity = wholeNumber(quantityJson, 1, MAX_QUANTITY);
            if (quantity == null) {
                problems.add(where + ".quantity must be a whole number from 1 to " + MAX_QUANTITY + ", got "
                        + abbreviate(quantityJson.toString()));
            }
        }
        if (sku != null && quantity != null && items.putIfAbsent(sku, quantity) != null) {
            problems.add(where + ".sku '" + sku + "' appears more than once; list each SKU once");
        }
    }

    /** A JSON number that is a whole number within [min, max], or null. Strings such as "2" are not numbers. */
    private static Long wholeNumber(JsonElement json, long min, long max) {
        if (!json.isJsonPrimitive() || !json.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(json.getAsJsonPrimitive().getAsString());
        } catch (NumberFormatException e) {
            return null;
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            return null;
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
            return null;
        }
        return value.longValue();
    }

    private static String summarize(List<String> problems) {
        String listed = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED)));
        int more = problems.size() - MAX_PROBLEMS_LISTED;
        return more > 0 ? listed + "; and " + more + " more problems" : listed;
    }

    private static String kind(JsonElement json) {
        if (json.isJsonObject()) {
            return "an object";
        }
        if (json.isJsonArray()) {
            return "an array";
        }
        if (json.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = json.getAsJsonPrimitive();
        if (primitive.isString()) {
            return "a string";
        }
        return primitive.isNumber() ? "a number" : "a boolean";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
