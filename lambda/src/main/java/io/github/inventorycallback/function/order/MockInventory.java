package io.github.inventorycallback.function.order;

import io.github.inventorycallback.contract.Stock;
import io.github.inventorycallback.contract.StrictJson;

import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mock inventory: a fixed stock, SKU to units, from the stack's {@code stock} setting. */
public final class MockInventory implements Inventory {
    private final Map<String, Long> stock;

    public MockInventory(Map<String, Long> stock) {
        this.stock = Map.copyOf(stock);
    }

    /**
     * Reads the stock from JSON such as {@code {"sku-1": 10, "sku-2": 0}}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static MockInventory fromJson(String json) {
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
        return new MockInventory(stock);
    }

    @Override
    public List<String> shortfalls(Order order) {
        List<String> shortfalls = new ArrayList<>();
        for (Order.Item item : order.items()) {
            Long available = stock.get(item.sku());
            if (available == null) {
                shortfalls.add("unknown SKU '" + item.sku() + "'");
            } else if (available < item.quantity()) {
                shortfalls.add("'" + item.sku() + "' (ordered " + item.quantity() + ", in stock " + available + ")");
            }
        }
        return shortfalls;
    }
}
