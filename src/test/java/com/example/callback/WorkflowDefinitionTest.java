package com.example.callback;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ASL builder on its own: a valid graph, with the tutorial's states and what it lacked. */
class WorkflowDefinitionTest {
    private static final String URL = "https://sqs.us-east-1.amazonaws.com/111122223333/Orders";
    private final JsonObject definition = JsonParser.parseString(WorkflowDefinition.asl(URL, 42)).getAsJsonObject();

    @Test
    void hasExactlyTheTutorialsStatesStartingAtCheckInventory() {
        assertEquals("Check Inventory", definition.get("StartAt").getAsString());
        assertEquals(Set.of("Check Inventory", "Notify Success", "Notify Failure"),
                definition.getAsJsonObject("States").keySet());
    }

    @Test
    void everyTransitionLeadsToAnExistingStateAndEveryStateIsReachable() {
        var states = definition.getAsJsonObject("States");
        Set<String> targets = new HashSet<>(Set.of(definition.get("StartAt").getAsString()));
        for (var entry : states.entrySet()) {
            var state = entry.getValue().getAsJsonObject();
            if (state.has("Next")) {
                targets.add(state.get("Next").getAsString());
            }
            if (state.has("Catch")) {
                state.getAsJsonArray("Catch").forEach(c -> targets.add(c.getAsJsonObject().get("Next").getAsString()));
            }
            assertTrue(state.has("Next") ^ state.has("End"), entry.getKey() + " needs exactly one of Next or End");
        }
        assertEquals(states.keySet(), targets);
    }

    @Test
    void passStatesKeepTheOrderAndAddTheTutorialsResult() {
        var states = definition.getAsJsonObject("States");
        assertEquals("Callback Task started by Step Functions succeeded",
                states.getAsJsonObject("Notify Success").get("Result").getAsString());
        assertEquals("Callback Task started by Step Functions failed",
                states.getAsJsonObject("Notify Failure").get("Result").getAsString());
        assertEquals("$.notification", states.getAsJsonObject("Notify Failure").get("ResultPath").getAsString());
    }

    @Test
    void timeoutAndQueueUrlComeFromTheArguments() {
        var check = definition.getAsJsonObject("States").getAsJsonObject("Check Inventory");
        assertEquals(42, check.get("TimeoutSeconds").getAsInt());
        assertEquals(URL, check.getAsJsonObject("Parameters").get("QueueUrl").getAsString());
    }
}
