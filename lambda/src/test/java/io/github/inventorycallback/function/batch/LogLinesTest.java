package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.function.fakes.FakeCallback;
import io.github.inventorycallback.function.fakes.FakeClock;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.log.LogLine;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.inventorycallback.function.fakes.Events.event;
import static io.github.inventorycallback.function.fakes.Events.order;
import static io.github.inventorycallback.function.fakes.Events.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator reads: one JSON line per message with the fields to filter on, each also an embedded-metric-
 * format record that CloudWatch turns into the stack's {@code Messages} metric by outcome.
 */
class LogLinesTest {
    private static final String NAMESPACE = "InventoryCallback/dev-InventoryStateMachine";
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private Map<String, JsonObject> handle(FakeCallback callback, SQSEvent.SQSMessage... records) {
        // The test's clock: no deadline passes while the batch runs, however slow the machine.
        var clock = new FakeClock();
        var service = new InventoryService(new MockInventory(Map.of("apple", 5L)), callback, lines::add, NAMESPACE,
                clock);
        new BatchRunner(service, 4, lines::add, clock).handleBatch(event(List.of(records)), new FakeContext(10_000));
        Map<String, JsonObject> byMessage = new java.util.HashMap<>();
        for (String line : lines) {
            JsonObject json = JsonParser.parseString(line).getAsJsonObject();
            byMessage.put(json.get("messageId").getAsString(), json);
        }
        return byMessage;
    }

    private static SQSEvent.SQSMessage received(String id, String body, int receiveCount) {
        var message = record(id, body);
        message.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(receiveCount)));
        return message;
    }

    @Test
    void everyMessageGetsOneLineWithItsOutcomeOrderAndAttempt() {
        var callback = new FakeCallback().refuse("t-old", "TaskTimedOut: Task Timed Out")
                .failTransiently("t-down", new IllegalStateException("503"));
        var logged = handle(callback,
                received("m-ok", order("t-ok", "{\"orderId\": \"o-1\", \"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}"), 1),
                received("m-short", order("t-short", "{\"orderId\": \"o-2\", \"items\": [{\"sku\": \"pear\", \"quantity\": 1}]}"), 2),
                received("m-bad", order("t-bad", "{\"orderId\": \"o-3\", \"items\": []}"), 1),
                received("m-old", order("t-old", "{\"orderId\": \"o-4\"}"), 3),
                received("m-down", order("t-down", "{\"orderId\": \"o-5\"}"), 4),
                received("m-lost", "not json", 5));

        assertEquals(6, lines.size(), lines.toString());
        assertOutcome(logged.get("m-ok"), "IN_STOCK", "o-1", 1, null);
        assertOutcome(logged.get("m-short"), "OUT_OF_STOCK", "o-2", 2, "OutOfStock");
        assertOutcome(logged.get("m-bad"), "INVALID_ORDER", "o-3", 1, "InvalidOrder");
        assertOutcome(logged.get("m-old"), "TOKEN_REFUSED", "o-4", 3, "TaskTimedOut: Task Timed Out");
        assertOutcome(logged.get("m-down"), "RETRY", "o-5", 4, "java.lang.IllegalStateException: 503");
        assertOutcome(logged.get("m-lost"), "UNANSWERABLE", null, 5, "body is not JSON: malformed at line 1 column 1 path $");
        assertEquals("Cannot fill order o-2: unknown SKU 'pear'", logged.get("m-short").get("cause").getAsString());
        assertEquals("INFO", logged.get("m-ok").get("level").getAsString());
        assertEquals("WARN", logged.get("m-lost").get("level").getAsString());
    }

    private static void assertOutcome(JsonObject line, String outcome, String orderId, int attempt, String error) {
        assertEquals(outcome, line.get("outcome").getAsString(), line.toString());
        assertEquals(orderId, line.has("orderId") ? line.get("orderId").getAsString() : null, line.toString());
        assertEquals(attempt, line.get("attempt").getAsInt(), line.toString());
        assertEquals(error, line.has("error") ? line.get("error").getAsString() : null, line.toString());
    }

    @Test
    void eachOutcomeLineIsAnEmbeddedMetricCountingOneMessageInTheStacksNamespace() {
        long before = System.currentTimeMillis();
        var logged = handle(new FakeCallback(), received("m-1", order("t-1", "{}"), 1));
        long after = System.currentTimeMillis();

        JsonObject line = logged.get("m-1");
        JsonObject directive = line.getAsJsonObject("_aws").getAsJsonArray("CloudWatchMetrics").get(0).getAsJsonObject();
        assertEquals(NAMESPACE, directive.get("Namespace").getAsString());
        assertEquals("[[\"outcome\"]]", directive.get("Dimensions").toString());
        assertEquals("[{\"Name\":\"Messages\",\"Unit\":\"Count\"}]", directive.get("Metrics").toString());
        // EMF: every dimension and metric the directive names is a root field of the same line.
        assertEquals("IN_STOCK", line.get("outcome").getAsString());
        assertEquals(1, line.get("Messages").getAsInt());
        long timestamp = line.getAsJsonObject("_aws").get("Timestamp").getAsLong();
        // Epoch milliseconds, taken while the message was handled.
        assertTrue(before <= timestamp && timestamp <= after, before + " <= " + timestamp + " <= " + after);
    }

    @Test
    void aRecordWithoutAReceiveCountIsItsFirstAttempt() {
        assertEquals(1, BatchRunner.attempt(record("m", "{}")));
        assertEquals(7, BatchRunner.attempt(received("m", "{}", 7)));
    }

    @Test
    void theNamespaceComesFromTheEnvironmentWithADefault() {
        String line = LogLine.info("x").counted(InventoryService.DEFAULT_NAMESPACE, "IN_STOCK", 1L).toString();
        assertTrue(line.contains("\"Namespace\":\"InventoryCallback\""), line);
        assertFalse(LogLine.info("x").with("orderId", null).toString().contains("orderId"));
    }
}
