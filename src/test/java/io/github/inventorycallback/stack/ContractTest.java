package io.github.inventorycallback.stack;

import io.github.inventorycallback.contract.Answers;
import io.github.inventorycallback.contract.CallbackBody;
import io.github.inventorycallback.contract.FunctionContract;
import io.github.inventorycallback.contract.Outcome;
import io.github.inventorycallback.contract.Stock;
import io.github.inventorycallback.contract.StrictJson;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program's side of the contract: what it deploys is what the function reads. */
class ContractTest {
    private final DeployedStack stack = DeployedStack.deployOk(Map.of("batchSize", "200", "batchingWindowSeconds", "1"));

    @Test
    @SuppressWarnings("unchecked")
    void theFunctionGetsTheContractsHandlerAndEnvironment() {
        var function = stack.resource(io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION, "Inventory").inputs();
        assertEquals(FunctionContract.HANDLER, function.get("handler"));
        var variables = (Map<String, Object>) ((Map<String, Object>) function.get("environment")).get("variables");
        assertTrue(variables.containsKey(FunctionContract.STOCK) && variables.containsKey(FunctionContract.METRICS_NAMESPACE));
        // A batch of 200 still runs at most the contract's maximum of callbacks at once: the function accepts no more.
        assertEquals(String.valueOf(FunctionContract.MAX_CALLBACK_CONCURRENCY),
                variables.get(FunctionContract.CALLBACK_CONCURRENCY));
    }

    @Test
    void theDefinitionWritesTheBodyTheFunctionReads() {
        var body = JsonParser.parseString(WorkflowDefinition.asl("https://q", 300)).getAsJsonObject()
                .getAsJsonObject("States").getAsJsonObject("Check Inventory").getAsJsonObject("Parameters")
                .getAsJsonObject("MessageBody");
        assertEquals(CallbackBody.TITLE, body.get(CallbackBody.MESSAGE_TITLE).getAsString());
        assertEquals("$$.Task.Token", body.get(CallbackBody.TASK_TOKEN + ".$").getAsString());
        assertEquals("$", body.get(CallbackBody.INPUT + ".$").getAsString());
    }

    @Test
    void stockAndOutcomeRules() {
        assertNull(Stock.problem(StrictJson.parse("{\"apple\": 25, \"pear\": 0, \"big\": 9223372036854775807}")));
        assertEquals("SKU 'plum' has -1, not a whole number >= 0", Stock.problem(StrictJson.parse("{\"plum\": -1}")));
        assertEquals("SKU 'x' has 1.5, not a whole number >= 0", Stock.problem(StrictJson.parse("{\"x\": 1.5}")));
        assertEquals("SKU ' ' has 1, not a whole number >= 0", Stock.problem(StrictJson.parse("{\" \": 1}")));
        assertEquals("must be a JSON object of SKU to whole number >= 0", Stock.problem(StrictJson.parse("[1]")));
        assertNull(Stock.units(StrictJson.parse("9223372036854775808")));
        assertEquals(3L, Stock.units(StrictJson.parse("3.0")));
        assertEquals(Outcome.OUT_OF_STOCK, Outcome.rejected(Answers.OUT_OF_STOCK));
        assertEquals(Outcome.INVALID_ORDER, Outcome.rejected(Answers.INVALID_ORDER));
    }

    @Test
    void strictJsonRefusesWhatALenientReaderWouldTake() {
        for (String text : new String[] {"{a: 1}", "{'a': 1}", "[1,,2]", "{} {}", "abc", " "}) {
            assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(text), text);
        }
        assertEquals("is empty", assertThrows(IllegalArgumentException.class, () -> StrictJson.parse("")).getMessage());
    }
}
