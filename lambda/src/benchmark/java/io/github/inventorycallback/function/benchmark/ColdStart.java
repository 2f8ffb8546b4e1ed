package io.github.inventorycallback.function.benchmark;

import io.github.inventorycallback.function.InventoryHandler;
import io.github.inventorycallback.function.batch.BatchRunner;
import io.github.inventorycallback.function.batch.InventoryService;
import io.github.inventorycallback.function.callback.StepFunctionsCallback;
import io.github.inventorycallback.function.fakes.Events;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One cold start, as Lambda does it: build the handler (init), then one batch of 10 callbacks as the runtime
 * hands it over (JSON in, JSON out), then exit. Run in a
 * fresh JVM by {@link Benchmark}, with the function's environment and {@code AWS_ENDPOINT_URL_SFN} at the stub.
 *
 * <p>Arguments: {@code lean} (the function as deployed), {@code defaults} (the same handler over
 * {@code SfnClient.create()}: default HTTP client, credential and region chains) or {@code defaults-urlconnection}
 * (default chains, URLConnection client), and a run id for unique tokens.
 */
public final class ColdStart {
    private ColdStart() {
    }

    private static RequestStreamHandler withClient(SfnClient client) {
        return new BatchRunner(new InventoryService(MockInventory.fromJson(System.getenv("STOCK")),
                new StepFunctionsCallback(client), line -> { }), 10, line -> { })::handle;
    }

    public static void main(String[] args) throws IOException {
        long start = System.nanoTime();
        RequestStreamHandler handler = switch (args[0]) {
            case "lean" -> new InventoryHandler();
            case "defaults" -> withClient(SfnClient.create());
            case "defaults-urlconnection" -> withClient(SfnClient.builder()
                    .httpClient(UrlConnectionHttpClient.create()).build());
            default -> throw new IllegalArgumentException("lean or defaults, not " + args[0]);
        };
        long init = System.nanoTime();
        var output = new ByteArrayOutputStream();
        // As the runtime calls it: the event as JSON in, the batch response as JSON out.
        handler.handleRequest(new ByteArrayInputStream(
                Events.sqsEvent("cold-" + args[1], 10).getBytes(StandardCharsets.UTF_8)), output,
                new FakeContext(30_000));
        long batch = System.nanoTime();
        String response = output.toString(StandardCharsets.UTF_8);
        if (!response.contains("\"batchItemFailures\":[]")) {
            System.err.println("bench: failures " + response);
            System.exit(2);
        }
        System.out.println("bench: init_ms=" + (init - start) / 1e6 + " batch_ms=" + (batch - init) / 1e6);
        System.exit(0);
    }
}
