package io.github.inventorycallback.function.fakes;

import io.github.inventorycallback.contract.CallbackBody;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.Collections;
import java.util.List;

/** SQS events and message bodies as the Orders queue delivers them. */
public final class Events {
    private Events() {
    }

    public static SQSEvent.SQSMessage record(String id, String body) {
        var message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    public static SQSEvent event(List<SQSEvent.SQSMessage> records) {
        var event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The body the state machine sends: its title, the task token and the execution input (JSON). */
    public static String order(String token, String input) {
        return "{\"" + CallbackBody.MESSAGE_TITLE + "\": \"" + CallbackBody.TITLE + "\", \"" + CallbackBody.TASK_TOKEN
                + "\": \"" + token + "\", \"" + CallbackBody.INPUT + "\": " + input + "}";
    }

    /**
     * An event of {@code size} records as Lambda hands it to the runtime, each an order of one apple with the token
     * {@code RUNID-i}.
     */
    public static String sqsEvent(String runId, int size) {
        return sqsEvent(runId, Collections.nCopies(size, "apple"));
    }

    /** The same with one record per SKU, each an order of one unit of it. */
    public static String sqsEvent(String runId, List<String> skus) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < skus.size(); i++) {
            String body = order(runId + "-" + i, "{\"orderId\": \"o-" + i
                    + "\", \"items\": [{\"sku\": \"" + skus.get(i) + "\", \"quantity\": 1}]}");
            records.append(i == 0 ? "" : ",").append("{\"messageId\": \"m-").append(i)
                    .append("\", \"receiptHandle\": \"rh-").append(i).append("\", \"body\": ")
                    .append(new com.google.gson.JsonPrimitive(body))
                    .append(", \"attributes\": {\"ApproximateReceiveCount\": \"1\", \"SentTimestamp\": \"1764000000000\"},"
                            + " \"messageAttributes\": {}, \"md5OfBody\": \"\", \"eventSource\": \"aws:sqs\","
                            + " \"eventSourceARN\": \"arn:aws:sqs:us-east-1:123456789012:bench-Orders\","
                            + " \"awsRegion\": \"us-east-1\"}");
        }
        return "{\"Records\": [" + records + "]}";
    }
}
