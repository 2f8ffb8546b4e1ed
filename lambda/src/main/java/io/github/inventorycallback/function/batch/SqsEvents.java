package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.contract.StrictJson;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQS event and the batch response as JSON, read and written by the function itself. The Lambda runtime's own
 * serializer (Jackson with Joda-Time, 800-odd classes) would otherwise load on every cold start just to fill these
 * few fields; Gson is loaded anyway for the message bodies.
 */
public final class SqsEvents {
    private SqsEvents() {
    }

    /**
     * Reads an event of the {@code Orders} event source mapping. Message attributes are not read: the function does
     * not use them.
     *
     * @throws IllegalArgumentException when the input is not an SQS event, naming what is wrong
     */
    public static SQSEvent read(InputStream input) throws IOException {
        var reader = new JsonReader(new InputStreamReader(input, StandardCharsets.UTF_8));
        reader.setStrictness(Strictness.STRICT);
        JsonElement json;
        try {
            json = JsonParser.parseReader(reader);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not an SQS event: " + StrictJson.reason(e), e);
        }
        boolean more;
        try {
            more = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (MalformedJsonException e) {
            more = true;
        }
        if (more) {
            throw new IllegalArgumentException("not an SQS event: text follows the JSON value");
        }
        if (!json.isJsonObject() || !json.getAsJsonObject().has("Records")
                || !json.getAsJsonObject().get("Records").isJsonArray()) {
            throw new IllegalArgumentException("not an SQS event: no \"Records\" array");
        }
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (JsonElement element : json.getAsJsonObject().getAsJsonArray("Records")) {
            if (!element.isJsonObject()) {
                throw new IllegalArgumentException("not an SQS event: a record is " + element);
            }
            JsonObject fields = element.getAsJsonObject();
            var record = new SQSEvent.SQSMessage();
            record.setMessageId(string(fields, "messageId"));
            record.setReceiptHandle(string(fields, "receiptHandle"));
            record.setBody(string(fields, "body"));
            record.setMd5OfBody(string(fields, "md5OfBody"));
            record.setEventSource(string(fields, "eventSource"));
            record.setEventSourceArn(string(fields, "eventSourceARN"));
            record.setAwsRegion(string(fields, "awsRegion"));
            record.setAttributes(attributes(fields));
            records.add(record);
        }
        var event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** Writes the response {@code ReportBatchItemFailures} expects: {@code {"batchItemFailures": [...]}}. */
    public static void write(SQSBatchResponse response, OutputStream output) throws IOException {
        JsonArray failures = new JsonArray();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            JsonObject item = new JsonObject();
            item.addProperty("itemIdentifier", failure.getItemIdentifier());
            failures.add(item);
        }
        JsonObject json = new JsonObject();
        json.add("batchItemFailures", failures);
        output.write(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String string(JsonObject fields, String name) {
        JsonElement value = fields.get(name);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static Map<String, String> attributes(JsonObject fields) {
        JsonElement value = fields.get("attributes");
        if (value == null || !value.isJsonObject()) {
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        value.getAsJsonObject().entrySet().forEach(e ->
                attributes.put(e.getKey(), e.getValue().isJsonNull() ? null : e.getValue().getAsString()));
        return attributes;
    }
}
