package io.github.inventorycallback.local;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The event Lambda's poller writes for a batch, and which records it deletes after the function's answer. */
class SqsRecordsTest {
    private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:dev-Orders";
    private static final List<Message> BATCH = List.of(message("m-1"), message("m-2"), message("m-3"));

    private static Message message(String id) {
        return Message.builder().messageId(id).receiptHandle("rh-" + id).body("{\"order\": \"" + id + "\"}")
                .md5OfBody("md5-" + id).attributes(Map.of(
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1764000000005",
                        MessageSystemAttributeName.SENDER_ID, "AIDAEXAMPLE",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1764000000000",
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2"))
                .build();
    }

    private static ExecutionEnvironment.Outcome answered(String body) {
        return new ExecutionEnvironment.Outcome(ExecutionEnvironment.Outcome.Kind.RESPONSE, body);
    }

    private static Set<String> deleted(String answer) {
        return SqsRecords.toDelete(BATCH, answered(answer), true);
    }

    @Test
    void eachRecordCarriesLambdasFieldsInLambdasOrder() {
        JsonObject record = JsonParser.parseString(SqsRecords.event(BATCH.subList(0, 1), QUEUE, "eu-west-1"))
                .getAsJsonObject().getAsJsonArray("Records").get(0).getAsJsonObject();

        assertEquals(List.of("messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfBody",
                "eventSource", "eventSourceARN", "awsRegion"), List.copyOf(record.keySet()));
        assertEquals(List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"),
                List.copyOf(record.getAsJsonObject("attributes").keySet()));
        assertEquals("2", record.getAsJsonObject("attributes").get("ApproximateReceiveCount").getAsString());
        assertEquals("aws:sqs", record.get("eventSource").getAsString());
        assertEquals(QUEUE, record.get("eventSourceARN").getAsString());
        assertEquals("{\"order\": \"m-1\"}", record.get("body").getAsString());
    }

    @Test
    void messageAttributesAreWrittenAsLambdaWritesThem() {
        Message withAttributes = message("m-1").toBuilder().messageAttributes(Map.of(
                "source", MessageAttributeValue.builder().dataType("String").stringValue("test").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary")
                        .binaryValue(SdkBytes.fromUtf8String("hi")).build()))
                .md5OfMessageAttributes("md5-attributes").build();

        JsonObject record = JsonParser.parseString(SqsRecords.event(List.of(withAttributes), QUEUE, "eu-west-1"))
                .getAsJsonObject().getAsJsonArray("Records").get(0).getAsJsonObject();

        assertEquals(JsonParser.parseString("{\"stringValue\": \"test\", \"stringListValues\": [],"
                + " \"binaryListValues\": [], \"dataType\": \"String\"}"),
                record.getAsJsonObject("messageAttributes").get("source"));
        assertEquals("aGk=", record.getAsJsonObject("messageAttributes").getAsJsonObject("blob")
                .get("binaryValue").getAsString());
        assertEquals("md5-attributes", record.get("md5OfMessageAttributes").getAsString());
    }

    @Test
    void allButTheReportedFailuresAreDeleted() {
        assertEquals(Set.of("m-1", "m-3"), deleted("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-2\"}]}"));
    }

    @Test
    void anAnswerThatReportsNoFailureDeletesTheWholeBatch() {
        Set<String> all = Set.of("m-1", "m-2", "m-3");
        assertEquals(all, deleted("{\"batchItemFailures\": []}"));
        assertEquals(all, deleted("{\"batchItemFailures\": null}"));
        assertEquals(all, deleted("{}"));
        assertEquals(all, deleted("null"));
        assertEquals(all, deleted(""));
    }

    @Test
    void anAnswerLambdaCannotReadFailsTheWholeBatch() {
        assertEquals(Set.of(), deleted("not json"));
        assertEquals(Set.of(), deleted("{\"batchItemFailures\": [{\"itemIdentifier\": \"\"}]}"));
        assertEquals(Set.of(), deleted("{\"batchItemFailures\": [{\"itemIdentifier\": null}]}"));
        assertEquals(Set.of(), deleted("{\"batchItemFailures\": [{\"id\": \"m-2\"}]}"));
        assertEquals(Set.of(), deleted("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-9\"}]}"));
        assertEquals(Set.of(), deleted("{\"batchItemFailures\": \"m-2\"}"));
    }

    @Test
    void aFailedInvocationDeletesNothing() {
        for (var kind : List.of(ExecutionEnvironment.Outcome.Kind.ERROR, ExecutionEnvironment.Outcome.Kind.TIMEOUT,
                ExecutionEnvironment.Outcome.Kind.INIT_ERROR, ExecutionEnvironment.Outcome.Kind.CRASH)) {
            assertEquals(Set.of(), SqsRecords.toDelete(BATCH, new ExecutionEnvironment.Outcome(kind, "{}"), true),
                    kind.toString());
        }
    }

    @Test
    void withoutReportBatchItemFailuresTheAnswerIsIgnored() {
        assertEquals(Set.of("m-1", "m-2", "m-3"), SqsRecords.toDelete(BATCH,
                answered("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-2\"}]}"), false));
    }
}
