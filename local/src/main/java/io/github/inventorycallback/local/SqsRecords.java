package io.github.inventorycallback.local;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SQS event as Lambda's poller writes it for a batch of received messages, and what it makes of the function's
 * answer: which records it deletes. Field names and order follow the event in the Lambda developer guide ("Using
 * Lambda with Amazon SQS", example SQS message event).
 */
final class SqsRecords {
    private SqsRecords() {
    }

    /** The system attributes Lambda puts first, in its order; any others the queue returns follow. */
    private static final List<MessageSystemAttributeName> FIRST = List.of(
            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, MessageSystemAttributeName.SENT_TIMESTAMP,
            MessageSystemAttributeName.SENDER_ID, MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP);

    /** {@code {"Records": [...]}} for the batch, from the queue {@code queueArn} in {@code region}. */
    static String event(List<Message> batch, String queueArn, String region) {
        JsonArray records = new JsonArray();
        for (Message message : batch) {
            JsonObject record = new JsonObject();
            record.addProperty("messageId", message.messageId());
            record.addProperty("receiptHandle", message.receiptHandle());
            record.addProperty("body", message.body());
            JsonObject attributes = new JsonObject();
            Map<MessageSystemAttributeName, String> system = message.attributes();
            FIRST.stream().filter(system::containsKey).forEach(a -> attributes.addProperty(a.toString(), system.get(a)));
            message.attributesAsStrings().forEach((name, value) -> {
                if (!attributes.has(name)) {
                    attributes.addProperty(name, value);
                }
            });
            record.add("attributes", attributes);
            JsonObject messageAttributes = new JsonObject();
            message.messageAttributes().forEach((name, value) -> messageAttributes.add(name, attribute(value)));
            record.add("messageAttributes", messageAttributes);
            record.addProperty("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.addProperty("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.addProperty("eventSource", "aws:sqs");
            record.addProperty("eventSourceARN", queueArn);
            record.addProperty("awsRegion", region);
            records.add(record);
        }
        JsonObject event = new JsonObject();
        event.add("Records", records);
        return event.toString();
    }

    private static JsonObject attribute(MessageAttributeValue value) {
        JsonObject json = new JsonObject();
        if (value.stringValue() != null) {
            json.addProperty("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            json.addProperty("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        json.add("stringListValues", new JsonArray());
        json.add("binaryListValues", new JsonArray());
        json.addProperty("dataType", value.dataType());
        return json;
    }

    /**
     * The message ids whose records Lambda deletes after an invocation, by the rules of "Reporting batch item
     * failures" (Lambda developer guide, SQS error handling):
     * <ul>
     * <li>the invocation failed (an error, a timeout, a failed init): none, the whole batch comes back;</li>
     * <li>the mapping does not report batch item failures: all, whatever the function returned;</li>
     * <li>an empty or null answer, or {@code batchItemFailures} empty or null: all;</li>
     * <li>an answer that is not JSON, or a failure whose {@code itemIdentifier} is missing, empty or not a message of
     *     the batch: none, the batch counts as failed;</li>
     * <li>otherwise all but the reported failures.</li>
     * </ul>
     */
    static Set<String> toDelete(List<Message> batch, ExecutionEnvironment.Outcome outcome,
                                boolean reportBatchItemFailures) {
        Set<String> all = new HashSet<>(batch.stream().map(Message::messageId).toList());
        if (!outcome.succeeded()) {
            return Set.of();
        }
        if (!reportBatchItemFailures || outcome.body() == null || outcome.body().isBlank()) {
            return all;
        }
        JsonElement answer;
        try {
            answer = JsonParser.parseString(outcome.body());
        } catch (JsonSyntaxException e) {
            return Set.of();
        }
        if (answer.isJsonNull() || !answer.isJsonObject()) {
            return answer.isJsonNull() ? all : Set.of();
        }
        JsonElement failures = answer.getAsJsonObject().get("batchItemFailures");
        if (failures == null || failures.isJsonNull()) {
            return all;
        }
        if (!failures.isJsonArray()) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        for (JsonElement failure : failures.getAsJsonArray()) {
            JsonElement id = failure.isJsonObject() ? failure.getAsJsonObject().get("itemIdentifier") : null;
            if (id == null || !id.isJsonPrimitive() || id.getAsString().isEmpty() || !all.contains(id.getAsString())) {
                return Set.of();
            }
            failed.add(id.getAsString());
        }
        all.removeAll(failed);
        return all;
    }
}
