package com.example.inventory;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.ArrayList;
import java.util.List;

/**
 * One cold start, as Lambda does it: build the handler (init), then one batch of 10 callbacks, then exit. Run in a
 * fresh JVM by {@link Benchmark}, with the function's environment and {@code AWS_ENDPOINT_URL_SFN} at the stub.
 *
 * <p>Arguments: {@code lean} (the function as deployed), {@code defaults} (the same handler over
 * {@code SfnClient.create()}: default HTTP client, credential and region chains) or {@code defaults-urlconnection}
 * (default chains, URLConnection client), and a run id for unique tokens.
 */
public final class ColdStart {
    private ColdStart() {
    }

    private static InventoryHandler withClient(SfnClient client) {
        return new InventoryHandler(new InventoryService(StockCheck.fromJson(System.getenv("STOCK")),
                new StepFunctionsCallback(client), line -> { }), 10, line -> { });
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        InventoryHandler handler = switch (args[0]) {
            case "lean" -> new InventoryHandler();
            case "defaults" -> withClient(SfnClient.create());
            case "defaults-urlconnection" -> withClient(SfnClient.builder()
                    .httpClient(UrlConnectionHttpClient.create()).build());
            default -> throw new IllegalArgumentException("lean or defaults, not " + args[0]);
        };
        long init = System.nanoTime();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var record = new SQSEvent.SQSMessage();
            record.setMessageId("m-" + i);
            record.setBody("{\"TaskToken\": \"cold-" + args[1] + "-" + i + "\", \"Input\": {\"orderId\": \"o-" + i
                    + "\", \"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}}");
            records.add(record);
        }
        var event = new SQSEvent();
        event.setRecords(records);
        SQSBatchResponse response = handler.handleBatch(event, new FakeContext(30_000));
        long batch = System.nanoTime();
        if (!response.getBatchItemFailures().isEmpty()) {
            System.err.println("bench: failures " + response.getBatchItemFailures());
            System.exit(2);
        }
        System.out.println("bench: init_ms=" + (init - start) / 1e6 + " batch_ms=" + (batch - init) / 1e6);
        System.exit(0);
    }
}
