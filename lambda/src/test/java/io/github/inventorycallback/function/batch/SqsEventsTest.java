package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.function.fakes.FakeCallback;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function reads its SQS events and writes its batch responses itself, as the runtime hands them over. */
class SqsEventsTest {

    @Test
    void readsEveryFieldTheFunctionUsesFromARecord() {
        var records = BatchRunnerTest.fixture("mixed-batch.json").getRecords();
        assertEquals(7, records.size());
        var first = records.get(0);
        assertEquals("m-in-stock", first.getMessageId());
        assertEquals("rh-m-in-stock", first.getReceiptHandle());
        assertTrue(first.getBody().startsWith("{\"MessageTitle\": \"Callback Task started by Step Functions\""),
                first.getBody());
        assertEquals(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1764000000000"), first.getAttributes());
        assertEquals("aws:sqs", first.getEventSource());
        assertEquals("arn:aws:sqs:us-east-1:123456789012:dev-Orders", first.getEventSourceArn());
        assertEquals("us-east-1", first.getAwsRegion());
        assertEquals("", first.getMd5OfBody());
    }

    @Test
    void aRecordWithoutAttributesOrBodyIsReadAsNulls() throws Exception {
        var record = read("{\"Records\": [{\"messageId\": \"m-1\", \"body\": null}]}").getRecords().get(0);
        assertEquals("m-1", record.getMessageId());
        assertNull(record.getBody());
        assertNull(record.getAttributes());
        assertEquals(1, BatchRunner.attempt(record));
    }

    @Test
    void attributesThatAreNotAnObjectAreNoneAndANullAttributeStaysNull() throws Exception {
        var records = read("{\"Records\": [{\"messageId\": \"m-1\", \"attributes\": \"x\"},"
                + " {\"messageId\": \"m-2\", \"attributes\": {\"ApproximateReceiveCount\": null}}]}").getRecords();
        assertNull(records.get(0).getAttributes());
        assertTrue(records.get(1).getAttributes().containsKey("ApproximateReceiveCount"));
        assertNull(records.get(1).getAttributes().get("ApproximateReceiveCount"));
        assertEquals(1, BatchRunner.attempt(records.get(1)));
    }

    @Test
    void anEmptyBatchIsAnEmptyEvent() throws Exception {
        assertEquals(List.of(), read("{\"Records\": []}").getRecords());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON|{\"Records\": [|not an SQS event",
            "no Records|{\"records\": []}|no \"Records\" array",
            "Records not an array|{\"Records\": {}}|no \"Records\" array",
            "a record not an object|{\"Records\": [1]}|a record is 1",
            "text after the event|{\"Records\": []} {}|text follows the JSON value",
            "an array|[]|no \"Records\" array",
            "lenient JSON|{Records: []}|not an SQS event",
    })
    void anythingButAnSqsEventIsRefusedSayingWhy(String what, String input, String message) {
        var error = assertThrows(IllegalArgumentException.class, () -> read(input));
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void theResponseIsWhatReportBatchItemFailuresExpects() throws Exception {
        var out = new ByteArrayOutputStream();
        SqsEvents.write(new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("m-1"),
                new SQSBatchResponse.BatchItemFailure("m-\"2\""))), out);
        assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"m-\\\"2\\\"\"}]}",
                out.toString(StandardCharsets.UTF_8));

        var none = new ByteArrayOutputStream();
        SqsEvents.write(new SQSBatchResponse(List.of()), none);
        assertEquals("{\"batchItemFailures\":[]}", none.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theStreamEntryPointAnswersTheBatchAndReportsOnlyTheRecordsToRedeliver() throws Exception {
        var stepFunctions = new FakeCallback();
        var handler = new BatchRunner(new InventoryService(new MockInventory(Map.of("apple", 10L, "pear", 0L,
                "plum", 3L)), stepFunctions, line -> { }), 10, line -> { });
        var out = new ByteArrayOutputStream();
        try (var event = SqsEventsTest.class.getResourceAsStream("/events/mixed-batch.json")) {
            handler.handle(event, out, new FakeContext(30_000));
        }
        assertEquals(JsonParser.parseString("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-unparseable\"},"
                + " {\"itemIdentifier\": \"m-missing-token\"}]}"), JsonParser.parseString(out.toString()));
        assertEquals(5, stepFunctions.answers.size());
    }

    private static com.amazonaws.services.lambda.runtime.events.SQSEvent read(String json) throws Exception {
        return SqsEvents.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
