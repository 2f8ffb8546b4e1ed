package com.example.inventory;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP client that never touches the network: it reads each request the SDK built (marshalled, signed) and
 * answers it as Step Functions answers SendTaskSuccess and SendTaskFailure, {@code 200 {}}. For priming the request
 * path before a SnapStart snapshot, when no call may reach a real service.
 */
final class PrimingHttpClient implements SdkHttpClient {
    private final AtomicInteger requests = new AtomicInteger();

    /** How many requests the SDK sent through this client. */
    int requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream body = request.contentStreamProvider().get().newStream()) {
                        body.readAllBytes();
                    }
                }
                requests.incrementAndGet();
                byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", Integer.toString(answer.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
                        .build();
            }

            @Override
            public void abort() {
                // Nothing in flight to abort.
            }
        };
    }

    @Override
    public String clientName() {
        return "Priming";
    }

    @Override
    public void close() {
        // No connections.
    }
}
