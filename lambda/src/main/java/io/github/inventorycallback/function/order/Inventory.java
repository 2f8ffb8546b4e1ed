package io.github.inventorycallback.function.order;

import java.util.List;

/**
 * Where the function looks up whether an order can be filled. {@link MockInventory} is the tutorial's mock; to check
 * a real inventory, implement this interface and return your class from {@code InventoryHandler.inventory}. The
 * order has been read and checked already; the answer to Step Functions, the log line and the metric are built
 * from what this returns.
 */
public interface Inventory {

    /**
     * One phrase per item that cannot be filled, such as {@code unknown SKU 'x'}; empty when every item can. They
     * become the cause of the task's {@code OutOfStock} failure. Throw an unchecked exception when the inventory
     * cannot be asked right now: the message is left for redelivery, and dead-lettered after its last receive.
     */
    List<String> shortfalls(Order order);
}
