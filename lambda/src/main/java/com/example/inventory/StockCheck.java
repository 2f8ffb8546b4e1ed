package com.example.inventory;

import com.example.contract.Answers;
import com.example.contract.Stock;
import com.example.contract.StrictJson;

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
 * The mock inventory: checks an order's items against a fixed stock.
 *
 * <p>Order shape: {@code {"orderId": "...", "items": [{"sku": "...", "quantity": N}, ...]}}. An order without
 * {@code items} (such as the console's default input) passes, as in the tutorial.
 */
final class StockCheck {

    /** Error names the state machine sees in {@code $.error.Error}. */
    static final String OUT_OF_STOCK = Answers.OUT_OF_STOCK;
    static final String INVALID_ORDER = Answers.INVALID_ORDER;

    /** Keeps the success output far below Step Functions' 256 KiB state payload limit. */
    static final int MAX_ITEMS = 1000;
    static final long MAX_QUANTITY = 1_000_000_000L;
    static final int MAX_SKU_LENGTH = 256;
    /** Enough problems to fix an order without making the cause a wall of text. */
    private static final int MAX_PROBLEMS_LISTED = 10;

    /** What to tell Step Functions about one order. */
    sealed interface Decision {
        /** All items are in stock: {@code output} is the JSON result of the task. */
        record InStock(String output) implements Decision {
        }

        /** The order cannot be filled: {@code error} and {@code cause} go to SendTaskFailure. */
        record Rejected(String error, String cause) implements Decision {
        }
    }

    private final Map<String, Long> stock;

    StockCheck(Map<String, Long> stock) {
        this.stock = Map.copyOf(stock);
    }

    /** A SKU with at least one unit in stock, or null when nothing is (SnapStart priming orders one). */
    String skuInStock() {
        return stock.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).sorted()
                .findFirst().orElse(null);
    }

    /**
     * Reads the stock from JSON such as {@code {"sku-1": 10, "sku-2": 0}}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static StockCheck fromJson(String json) {
        JsonElement parsed;
        try {
            parsed = StrictJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stock " + e.getMessage(), e);
        }
        if (!parsed.isJsonObject()) {
            throw new IllegalArgumentException("stock must be a JSON object of SKU to whole number, got " + json);
        }
        Map<String, Long> stock = new LinkedHashMap<>();
        for (var entry : parsed.getAsJsonObject().entrySet()) {
            Long count = Stock.units(entry.getValue());
            if (count == null) {
                throw new IllegalArgumentException("stock of SKU '" + entry.getKey()
                        + "' must be a whole number >= 0, got " + entry.getValue());
            }
            stock.put(entry.getKey(), count);
        }
        return new StockCheck(stock);
    }

    Decision check(JsonElement input) {
        if (input.isJsonNull()) {
            return inStock(null, List.of());
        }
        if (!input.isJsonObject()) {
            return invalid("Input must be a JSON object, got " + kind(input));
        }
        JsonObject order = input.getAsJsonObject();
        JsonElement orderIdJson = order.get("orderId");
        String orderId = null;
        if (orderIdJson != null && !orderIdJson.isJsonNull()) {
            if (!orderIdJson.isJsonPrimitive() || !orderIdJson.getAsJsonPrimitive().isString()) {
                return invalid("orderId must be a string, got " + kind(orderIdJson));
            }
            orderId = orderIdJson.getAsString();
        }
        JsonElement itemsJson = order.get("items");
        if (itemsJson == null) {
            return inStock(orderId, List.of());
        }
        if (!itemsJson.isJsonArray()) {
            return invalid("items must be an array, got " + kind(itemsJson));
        }
        JsonArray array = itemsJson.getAsJsonArray();
        if (array.isEmpty()) {
            return invalid("items is empty; an order needs at least one item");
        }
        if (array.size() > MAX_ITEMS) {
            return invalid("items has " + array.size() + " entries; at most " + MAX_ITEMS + " are allowed");
        }

        List<String> problems = new ArrayList<>();
        Map<String, Long> items = new LinkedHashMap<>();
        for (int i = 0; i < array.size(); i++) {
            readItem(i, array.get(i), items, problems);
        }
        if (!problems.isEmpty()) {
            return invalid(summarize(problems));
        }

        List<String> shortfalls = new ArrayList<>();
        items.forEach((sku, quantity) -> {
            Long available = stock.get(sku);
            if (available == null) {
                shortfalls.add("unknown SKU '" + sku + "'");
            } else if (available < quantity) {
                shortfalls.add("'" + sku + "' (ordered " + quantity + ", in stock " + available + ")");
            }
        });
        if (!shortfalls.isEmpty()) {
            return new Decision.Rejected(OUT_OF_STOCK, "Cannot fill order" + (orderId == null ? "" : " " + orderId)
                    + ": " + String.join(", ", shortfalls));
        }
        List<Map.Entry<String, Long>> lines = new ArrayList<>(items.entrySet());
        return inStock(orderId, lines);
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

    private static Decision inStock(String orderId, List<Map.Entry<String, Long>> lines) {
        JsonObject result = new JsonObject();
        if (orderId != null) {
            result.addProperty("orderId", orderId);
        }
        result.addProperty("status", "IN_STOCK");
        JsonArray items = new JsonArray();
        for (var line : lines) {
            JsonObject item = new JsonObject();
            item.addProperty("sku", line.getKey());
            item.addProperty("quantity", line.getValue());
            items.add(item);
        }
        result.add("items", items);
        return new Decision.InStock(result.toString());
    }

    private static Decision invalid(String cause) {
        return new Decision.Rejected(INVALID_ORDER, cause);
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
