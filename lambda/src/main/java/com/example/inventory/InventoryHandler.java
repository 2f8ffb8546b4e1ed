package com.example.inventory;

import com.example.contract.FunctionContract;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import org.crac.Core;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda entry point for the {@code Orders} event source: answers each record's task token and reports the
 * records SQS must redeliver ({@code ReportBatchItemFailures}).
 *
 * <p>Environment: {@code AWS_REGION} (set by Lambda), {@code STOCK} (JSON object SKU → count),
 * {@code CALLBACK_CONCURRENCY} (parallel callbacks per batch, default 10) and {@code METRICS_NAMESPACE} (the
 * stack's CloudWatch namespace for the per-outcome {@code Messages} metric). The standard SDK settings such as
 * {@code AWS_ENDPOINT_URL_SFN} apply. When Lambda sets {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, the handler
 * registers {@link SnapStartPriming}.
 */
public final class InventoryHandler implements RequestStreamHandler {

    /**
     * Time kept back from the invocation's deadline to report unfinished records instead of timing out: 1.5 s, or
     * a fifth of the remaining time for functions with very short timeouts.
     */
    static final long TIME_RESERVE_MILLIS = 1500;
    static final int DEFAULT_CONCURRENCY = FunctionContract.DEFAULT_CALLBACK_CONCURRENCY;

    private final InventoryService service;
    private final ExecutorService callbacks;
    private final Log log;
    /** Whether the request path is loaded in this JVM: a callback completed, or SnapStart priming ran. */
    private volatile boolean warm;
    /** Held here because org.crac holds registered resources only weakly. */
    private SnapStartPriming priming;

    /** Called once by the Lambda runtime at init: everything expensive is built here, not per invocation. */
    public InventoryHandler() {
        // One line per call: on Lambda each call is one log event; elsewhere (SAM, the runtime emulator) the logger
        // writes to stdout as-is, so the newline keeps messages apart.
        this(System.getenv(), message -> LambdaRuntime.getLogger().log(message + "\n"));
    }

    /**
     * Builds the handler from the function's environment; a missing or malformed setting fails the init loudly,
     * so Lambda reports it and every message stays in the queue.
     */
    InventoryHandler(Map<String, String> env, Log log) {
        this(new Settings(env), log);
    }

    private InventoryHandler(Settings settings, Log log) {
        this(settings, new StepFunctionsCallback(settings::client), log);
    }

    private InventoryHandler(Settings settings, StepFunctionsCallback callback, Log log) {
        this(new InventoryService(settings.stock, callback, log, settings.namespace), settings.concurrency, log);
        if (settings.snapStart) {
            // The runtime routes org.crac to its checkpoint hooks. Only when Lambda initialises a SnapStart version:
            // on demand the hooks never run, and the cold start does not load them.
            this.priming = new SnapStartPriming(this, callback, settings.region, settings.stock, settings.namespace,
                    log);
            Core.getGlobalContext().register(priming);
        }
    }

    InventoryHandler(InventoryService service, int concurrency, Log log) {
        this.service = service;
        this.log = log;
        AtomicInteger threads = new AtomicInteger();
        this.callbacks = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "callback-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The runtime's entry point. A stream handler, so that the runtime does not build its Jackson serializer for
     * {@link SQSEvent} at every cold start: {@link SqsEvents} reads the event and writes the response.
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        SqsEvents.write(handleBatch(SqsEvents.read(input), context), output);
    }

    /** Answers every record's task token; returns the records SQS must deliver again. */
    public SQSBatchResponse handleBatch(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        long remaining = context.getRemainingTimeInMillis();
        long deadline = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(remaining - Math.min(TIME_RESERVE_MILLIS, remaining / 5));

        Map<String, Future<InventoryService.Ending>> running = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            running.put(record.getMessageId(),
                    callbacks.submit(() -> service.handle(record.getMessageId(), record.getBody(), attempt(record),
                            deadline)));
            if (!warm) {
                // The first callback of a fresh JVM loads the SDK's request path and opens the first connection;
                // the others wait for it instead of all doing that work at once on the function's fraction of a CPU.
                awaitQuietly(running.get(record.getMessageId()), deadline);
                warm = true;
            }
        }

        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        running.forEach((messageId, outcome) -> {
            if (!acknowledged(messageId, outcome, deadline)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
            }
        });
        return new SQSBatchResponse(failures);
    }

    /**
     * SnapStart priming loaded the request path: the first batch's callbacks need not wait for one of them, and
     * their threads are started now, for the snapshot, rather than by the first batch after each restore.
     */
    void primed() {
        warm = true;
        ((ThreadPoolExecutor) callbacks).prestartAllCoreThreads();
    }

    /** The priming registered for SnapStart (null on demand, and for handlers built from parts, as in tests). */
    SnapStartPriming priming() {
        return priming;
    }

    /** Stops the callback threads (the priming handler's, after the priming batch). */
    void shutdown() {
        callbacks.shutdownNow();
    }

    /** The record's receive count (SQS's ApproximateReceiveCount): 1 on its first delivery. */
    static int attempt(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static void awaitQuietly(Future<?> first, long deadline) {
        try {
            first.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Reported with the other records below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean acknowledged(String messageId, Future<InventoryService.Ending> outcome, long deadline) {
        try {
            return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).acknowledged();
        } catch (TimeoutException e) {
            outcome.cancel(true);
            log.line(LogLine.warn("left for redelivery: not finished before the invocation's time ran out")
                    .with("messageId", messageId).toString());
        } catch (ExecutionException e) {
            log.line(LogLine.warn("left for redelivery: " + e.getCause()).with("messageId", messageId).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.line(LogLine.warn("left for redelivery: the invocation was interrupted").with("messageId", messageId)
                    .toString());
        }
        return false;
    }

    /** Attempts per callback, the first included, when the invocation has time for them. */
    static final int MAX_CALLBACK_ATTEMPTS = 8;

    /**
     * Transient failures (throttling, 5xx, network) are retried here, in seconds, rather than by SQS after the
     * visibility timeout, when the order may already have timed out: exponential backoff with full jitter, at most
     * {@value #MAX_CALLBACK_ATTEMPTS} attempts, cut short by each call's {@code apiCallTimeout} at the invocation's
     * deadline. No circuit breaker: the event source mapping's maximum concurrency already bounds the callers, and
     * an open breaker would send answerable orders back to the queue.
     */
    static final RetryStrategy CALLBACK_RETRIES = AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(MAX_CALLBACK_ATTEMPTS)
            .backoffStrategy(new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
            .throttlingBackoffStrategy(new FullJitterBackoff(Duration.ofMillis(250), Duration.ofSeconds(2)))
            .circuitBreakerEnabled(false)
            .build();

    /**
     * The client every callback shares: URLConnection HTTP (no Apache or Netty), explicit timeouts so a stalled
     * connection fails the attempt instead of the invocation, and {@link #CALLBACK_RETRIES}. Endpoint resolution is
     * left to the SDK, so the standard {@code AWS_ENDPOINT_URL_SFN} / {@code AWS_ENDPOINT_URL} settings apply.
     */
    static SfnClientBuilder clientBuilder(Region region) {
        return clientBuilder(region, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build());
    }

    /** The same client over another HTTP client (SnapStart priming's, whose connections never leave the JVM). */
    static SfnClientBuilder clientBuilder(Region region, SdkHttpClient http) {
        return SfnClient.builder()
                .region(region)
                .overrideConfiguration(c -> c.retryStrategy(CALLBACK_RETRIES))
                .httpClient(http);
    }

    /** The function's settings, read and checked once. */
    private static final class Settings {
        final StockCheck stock;
        final int concurrency;
        final Region region;
        final AwsCredentialsProvider credentials;
        final String namespace;
        /** Lambda is initialising a SnapStart version, to snapshot it: {@code AWS_LAMBDA_INITIALIZATION_TYPE}. */
        final boolean snapStart;

        Settings(Map<String, String> env) {
            this.snapStart = "snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
            String namespace = env.get(FunctionContract.METRICS_NAMESPACE);
            this.namespace = namespace == null || namespace.isBlank() ? InventoryService.DEFAULT_NAMESPACE : namespace;
            this.stock = StockCheck.fromJson(required(env, FunctionContract.STOCK));
            this.concurrency = concurrency(env);
            this.region = Region.of(required(env, "AWS_REGION"));
            this.credentials = credentials(env);
        }

        SfnClient client() {
            // The JDK keeps 5 idle connections per host by default; parallel callbacks need one each.
            if (System.getProperty("http.maxConnections") == null) {
                System.setProperty("http.maxConnections", Integer.toString(concurrency));
            }
            return clientBuilder(region).credentialsProvider(credentials).build();
        }
    }

    /**
     * Named directly, skipping the default chain's probing at cold start: Lambda's environment variables, or under
     * SnapStart (where Lambda provides no key variables) the container credentials endpoint it sets instead.
     */
    static AwsCredentialsProvider credentials(Map<String, String> env) {
        if (env.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            return ContainerCredentialsProvider.create();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }

    private static int concurrency(Map<String, String> env) {
        String value = env.get(FunctionContract.CALLBACK_CONCURRENCY);
        if (value == null || value.isBlank()) {
            return DEFAULT_CONCURRENCY;
        }
        try {
            int concurrency = Integer.parseInt(value.trim());
            if (concurrency >= FunctionContract.MIN_CALLBACK_CONCURRENCY
                    && concurrency <= FunctionContract.MAX_CALLBACK_CONCURRENCY) {
                return concurrency;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException(FunctionContract.CALLBACK_CONCURRENCY + " must be a whole number from "
                + FunctionContract.MIN_CALLBACK_CONCURRENCY + " to " + FunctionContract.MAX_CALLBACK_CONCURRENCY
                + ", got '" + value + "'");
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set in the function's environment");
        }
        return value;
    }
}
