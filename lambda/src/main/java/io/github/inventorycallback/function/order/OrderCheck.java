package io.github.inventorycallback.function.order;

import io.github.inventorycallback.contract.Answers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.List;

/** Reads an execution input as an {@link Order}, asks the {@link Inventory}, and decides the task's answer. */
public final class OrderCheck {
    private final Inventory inventory;

    public OrderCheck(Inventory inventory) {
        this.inventory = inventory;
    }

    public Decision check(JsonElement input) {
        Order order;
        try {
            order = Order.parse(input);
        } catch (Order.InvalidOrderException e) {
            return new Decision.Rejected(e.orderId(), Answers.INVALID_ORDER, e.getMessage());
        }
        List<String> shortfalls = order.items().isEmpty() ? List.of() : inventory.shortfalls(order);
        if (!shortfalls.isEmpty()) {
            return new Decision.Rejected(order.orderId(), Answers.OUT_OF_STOCK, "Cannot fill order"
                    + (order.orderId() == null ? "" : " " + order.orderId()) + ": " + String.join(", ", shortfalls));
        }
        return new Decision.InStock(order.orderId(), output(order));
    }

    /** The task's output: {@code {"orderId": ..., "status": "IN_STOCK", "items": [...]}}. */
    private static String output(Order order) {
        JsonObject result = new JsonObject();
        if (order.orderId() != null) {
            result.addProperty("orderId", order.orderId());
        }
        result.addProperty("status", "IN_STOCK");
        JsonArray items = new JsonArray();
        for (Order.Item line : order.items()) {
            JsonObject item = new JsonObject();
            item.addProperty("sku", line.sku());
            item.addProperty("quantity", line.quantity());
            items.add(item);
        }
        result.add("items", items);
        return result.toString();
    }
}
