package io.github.inventorycallback.stack;

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
    void checkInventoryIsATaskThatKeepsTheOrderAndAddsTheAnswer() {
        var check = definition.getAsJsonObject("States").getAsJsonObject("Check Inventory");
        assertEquals("Task", check.get("Type").getAsString());
        assertEquals("arn:aws:states:::sqs:sendMessage.waitForTaskToken", check.get("Resource").getAsString());
        // Under $.inventory, beside the order; without ResultPath the answer would replace the order.
        assertEquals("$.inventory", check.get("ResultPath").getAsString());
        assertEquals("Notify Success", check.get("Next").getAsString());
        var catcher = check.getAsJsonArray("Catch").get(0).getAsJsonObject();
        assertEquals("[\"States.ALL\"]", catcher.get("ErrorEquals").toString());
        assertEquals("$.error", catcher.get("ResultPath").getAsString());
        assertEquals("Notify Failure", catcher.get("Next").getAsString());
        assertEquals(1, check.getAsJsonArray("Catch").size());
    }

    @Test
    void theMessageCarriesTheTutorialsTitleTheTokenAndTheWholeInput() {
        var body = definition.getAsJsonObject("States").getAsJsonObject("Check Inventory")
                .getAsJsonObject("Parameters").getAsJsonObject("MessageBody");
        assertEquals("{\"MessageTitle\":\"Callback Task started by Step Functions\",\"TaskToken.$\":\"$$.Task.Token\","
                + "\"Input.$\":\"$\"}", body.toString());
    }

    @Test
    void bothNotifyStatesArePassStatesThatEndTheExecution() {
        var states = definition.getAsJsonObject("States");
        for (var name : Set.of("Notify Success", "Notify Failure")) {
            var pass = states.getAsJsonObject(name);
            assertEquals("Pass", pass.get("Type").getAsString(), name);
            assertTrue(pass.get("End").getAsBoolean(), name);
            assertEquals("$.notification", pass.get("ResultPath").getAsString(), name);
        }
        assertTrue(definition.get("Comment").getAsString().startsWith("Checks an order's inventory"));
    }

    @Test
    void timeoutAndQueueUrlComeFromTheArguments() {
        var check = definition.getAsJsonObject("States").getAsJsonObject("Check Inventory");
        assertEquals(42, check.get("TimeoutSeconds").getAsInt());
        assertEquals(URL, check.getAsJsonObject("Parameters").get("QueueUrl").getAsString());
    }
}
