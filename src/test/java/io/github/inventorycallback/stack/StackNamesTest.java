package io.github.inventorycallback.stack;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every physical name, from the prefix: what existing stacks are called, so a change here would rename them. */
class StackNamesTest {
    @Test
    void everyNameIsThePrefixAndWhatTheStackHasAlwaysCalledIt() {
        var names = new StackNames("dev-");
        assertEquals(List.of("dev-Orders", "dev-Orders-dlq", "dev-Inventory", "dev-InventoryStateMachine",
                "/aws/lambda/dev-Inventory", "/aws/vendedlogs/states/dev-InventoryStateMachine",
                "dev-inventory-callback", "dev-InventoryCallback-", "dev-InventoryCallback-alarms",
                "dev-InventoryCallback", "InventoryCallback/dev-InventoryStateMachine",
                "dev-InventoryStateMachine-operator"),
                List.of(names.queue(), names.deadLetterQueue(), names.function(), names.stateMachine(),
                        names.functionLogGroup(), names.stateMachineLogGroup(), names.keyAlias(), names.alarmPrefix(),
                        names.alarmTopic(), names.dashboard(), names.metricsNamespace(), names.operatorPolicy()));
    }
}
