package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.function.fakes.FakeCallback;
import io.github.inventorycallback.function.fakes.FakeClock;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler over the JSON event fixtures in src/test/resources/events, with a fake Step Functions. */
class BatchRunnerTest {
    private static final Map<String, Long> STOCK = Map.of("apple", 10L, "pear", 0L, "plum", 3L);

    private final FakeCallback stepFunctions = new FakeCallback();
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    /** A fixture as the function reads it from the runtime. */
    static SQSEvent fixture(String name) {
        try (var json = BatchRunnerTest.class.getResourceAsStream("/events/" + name)) {
            return SqsEvents.read(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private SQSBatchResponse handle(String fixture) {
        SQSEvent event = fixture(fixture);
        // The test's clock: no deadline passes while the batch runs, however slow the machine.
        var clock = new FakeClock();
        var service = new InventoryService(new MockInventory(STOCK), stepFunctions, logLines::add,
                InventoryService.DEFAULT_NAMESPACE, clock);
        return new BatchRunner(service, 10, logLines::add, clock).handleBatch(event, new FakeContext(30_000));
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void orderInStockIsAnsweredWithSuccessNamingTheOrderAndItems() {
        var response = handle("in-stock.json");

        assertEquals(List.of(), failedIds(response));
        var answer = stepFunctions.answerFor("token-in-stock");
        assertTrue(answer.success());
        assertEquals(JsonParser.parseString("""
                {"orderId": "o-1", "status": "IN_STOCK",
                 "items": [{"sku": "apple", "quantity": 2}, {"sku": "plum", "quantity": 3}]}"""),
                JsonParser.parseString(answer.output()));
    }

    @Test
    void orderShortOfStockFailsWithOutOfStockNamingEachShortSku() {
        var response = handle("out-of-stock.json");

        assertEquals(List.of(), failedIds(response));
        var answer = stepFunctions.answerFor("token-out-of-stock");
        assertEquals("OutOfStock", answer.error());
        assertEquals("Cannot fill order o-2: 'apple' (ordered 11, in stock 10), 'pear' (ordered 1, in stock 0)",
                answer.cause());
    }

    @Test
    void unknownSkuFailsWithOutOfStock() {
        handle("unknown-sku.json");

        var answer = stepFunctions.answerFor("token-unknown-sku");
        assertEquals("OutOfStock", answer.error());
        assertEquals("Cannot fill order o-3: unknown SKU 'durian'", answer.cause());
    }

    @Test
    void malformedItemsFailWithInvalidOrderSayingWhatIsWrong() {
        var response = handle("invalid-order.json");

        assertEquals(List.of(), failedIds(response));
        var answer = stepFunctions.answerFor("token-invalid-order");
        assertEquals("InvalidOrder", answer.error());
        assertEquals("items[0].sku is missing; items[1].quantity must be a whole number from 1 to 1000000000,"
                + " got \"2\"", answer.cause());
    }

    @Test
    void consoleDefaultInputSucceedsAsInTheTutorial() {
        handle("default-input.json");

        var answer = stepFunctions.answerFor("token-default-input");
        assertTrue(answer.success());
        assertEquals(JsonParser.parseString("{\"status\": \"IN_STOCK\", \"items\": []}"),
                JsonParser.parseString(answer.output()));
    }

    @Test
    void unparseableBodyIsReportedForRedeliveryAndLoggedWithItsMessageId() {
        var response = handle("unparseable-body.json");

        assertEquals(List.of("m-unparseable"), failedIds(response));
        assertTrue(stepFunctions.answers.isEmpty());
        assertTrue(logLines.stream().anyMatch(l -> l.contains("m-unparseable") && l.contains("is not JSON")),
                logLines.toString());
    }

    @Test
    void bodyWithoutTaskTokenIsReportedForRedeliveryAndLogged() {
        var response = handle("missing-token.json");

        assertEquals(List.of("m-missing-token"), failedIds(response));
        assertTrue(stepFunctions.answers.isEmpty());
        assertTrue(logLines.stream().anyMatch(l -> l.contains("m-missing-token") && l.contains("no TaskToken")),
                logLines.toString());
    }

    @Test
    void mixedBatchAnswersEveryAnswerableMessageAndReportsOnlyTheUnanswerableOnes() {
        var response = handle("mixed-batch.json");

        assertEquals(List.of("m-unparseable", "m-missing-token"), failedIds(response));
        assertEquals(5, stepFunctions.answers.size());
        assertTrue(stepFunctions.answerFor("token-in-stock").success());
        assertEquals("OutOfStock", stepFunctions.answerFor("token-out-of-stock").error());
        assertEquals("OutOfStock", stepFunctions.answerFor("token-unknown-sku").error());
        assertEquals("InvalidOrder", stepFunctions.answerFor("token-invalid-order").error());
        assertTrue(stepFunctions.answerFor("token-default-input").success());
    }

    @Test
    void transientCallbackFailureIsReportedForRedelivery() {
        stepFunctions.failTransiently("token-in-stock", new IllegalStateException("503 Service Unavailable"));

        var response = handle("mixed-batch.json");

        assertTrue(failedIds(response).contains("m-in-stock"));
        assertTrue(logLines.stream().anyMatch(l -> l.contains("m-in-stock") && l.contains("503")), logLines.toString());
    }

    @Test
    void refusedTokenIsAcknowledgedAndLoggedSoItCannotLoop() {
        stepFunctions.refuse("token-out-of-stock", "TaskTimedOut: Task Timed Out");

        var response = handle("out-of-stock.json");

        assertFalse(failedIds(response).contains("m-out-of-stock"));
        assertTrue(logLines.stream().anyMatch(l -> l.contains("m-out-of-stock") && l.contains("TaskTimedOut")),
                logLines.toString());
    }
}
