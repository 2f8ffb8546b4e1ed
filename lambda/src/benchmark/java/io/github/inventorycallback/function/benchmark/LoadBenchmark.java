package io.github.inventorycallback.function.benchmark;

import io.github.inventorycallback.function.batch.BatchRunner;
import io.github.inventorycallback.function.batch.InventoryService;
import io.github.inventorycallback.function.callback.CallbackClients;
import io.github.inventorycallback.function.callback.FullJitterBackoff;
import io.github.inventorycallback.function.callback.StepFunctionsCallback;
import io.github.inventorycallback.function.fakes.EventSourceMapping;
import io.github.inventorycallback.function.fakes.Events;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.fakes.LocalOrdersQueue;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The stack at peak load, on this machine: orders through a real SQS-compatible queue (ElasticMQ on 127.0.0.1) to
 * as many instances of the function as the event source mapping runs at once, each with its own batch runner and
 * Step Functions client as Lambda would run them, against {@link ThrottledStepFunctions}, which throttles the
 * callbacks as Step Functions does in a large region. Offered load in steps from half to three times the callbacks'
 * refill rate; each step ends when its last order is answered or dead-lettered. One line per step at the end:
 * {@code throughput: offered=N/s answered=N/s refill=N/s ratio=R throttled=P% p50=Tms p99=Tms timed_out=N lost=N
 * twice=N}.
 *
 * <p>The stack's defaults throughout: batches of 10, {@value #INSTANCES} concurrent invocations
 * ({@code maximumConcurrency}), 10 parallel callbacks per batch, a 10 s function timeout, a 60 s visibility
 * timeout, 5 receives before the dead-letter queue, a 300 s task timeout. Every order is in stock (one bucket,
 * SendTaskSuccess's, decides). {@code -Dload.steps=0.5,1.5,2,3} changes the steps (multiples of the refill rate),
 * {@code -Dload.seconds=30} their length, {@code -Dload.compare=before,adaptive} runs them again with other retry
 * strategies, for comparison.
 */
public final class LoadBenchmark {
    static final int INSTANCES = 10;
    static final int BATCH_SIZE = 10;
    static final int FUNCTION_TIMEOUT_MILLIS = 10_000;
    static final int VISIBILITY_SECONDS = 60;
    static final int MAX_RECEIVE_COUNT = 5;
    static final long TASK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(300);
    /** A callback's round trip inside a region, throttled or not. */
    static final long CALLBACK_LATENCY_MS = 20;
    static final ThrottledStepFunctions.Quota QUOTA = ThrottledStepFunctions.Quota.CALLBACKS_LARGE_REGION;

    private final LocalOrdersQueue queues;
    private final SqsClient sqs;
    private final String ordersUrl;
    private final AtomicLong sequence = new AtomicLong();

    private LoadBenchmark(LocalOrdersQueue queues) {
        this.queues = queues;
        this.sqs = queues.sqs;
        this.ordersUrl = queues.ordersUrl;
    }

    /** One load step's result. */
    record Step(double offered, double answered, double refill, double throttledShare, double p50Millis,
                double p99Millis, int timedOut, int lost, int twice, long calls) {
        double ratio() {
            return answered / Math.min(offered, refill);
        }

        String line() {
            return String.format(Locale.ROOT, "throughput: offered=%.0f/s answered=%.0f/s refill=%.0f/s ratio=%.2f"
                            + " throttled=%.1f%% p50=%.0fms p99=%.0fms timed_out=%d lost=%d twice=%d", offered, answered,
                    refill, ratio(), 100 * throttledShare, p50Millis, p99Millis, timedOut, lost, twice);
        }
    }

    public static void main(String[] args) throws Exception {
        double[] steps = Arrays.stream(System.getProperty("load.steps", "0.5,1.5,2,3").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        int seconds = Integer.getInteger("load.seconds", 30);
        List<String> compare = Arrays.stream(System.getProperty("load.compare", "").split(","))
                .filter(c -> !c.isBlank()).toList();
        // Each instance keeps a connection per parallel callback (CallbackClients.client sets it so in the
        // function's JVM); here the instances share one JVM, and the JDK's keep-alive cache is per JVM and host.
        System.setProperty("http.maxConnections", String.valueOf(INSTANCES * BATCH_SIZE));

        StringBuilder report = new StringBuilder();
        List<String> lines = new ArrayList<>();
        try (var queues = new LocalOrdersQueue(VISIBILITY_SECONDS, MAX_RECEIVE_COUNT)) {
            var bench = new LoadBenchmark(queues);
            report.append("## Peak load\n\n").append(describe(seconds));
            bench.ceiling(report);
            bench.run("as deployed (`CallbackClients`)", null, steps, seconds, report, lines);
            for (String strategy : compare) {
                bench.run("for comparison: " + strategy, retries(strategy), steps, seconds, report, lines);
            }
        }
        Path out = Files.createDirectories(Path.of("target")).resolve("load-benchmark.md");
        Files.writeString(out, report + "\n```\n" + String.join("\n", lines) + "\n```\n");
        System.out.println(report);
        lines.forEach(System.out::println);
        System.exit(0);
    }

    private static String describe(int seconds) {
        return String.format(Locale.ROOT, "%d instances of the function (the stack's `maximumConcurrency`), each its"
                + " own batch runner and Step Functions client, poll a real SQS-compatible queue (ElasticMQ) in batches"
                + " of %d. The Step Functions stand-in throttles SendTaskSuccess and SendTaskFailure with a bucket of"
                + " %,d and a refill of %.0f per second each (Step Functions guide, \"Quotas related to API action"
                + " throttling\", US East (N. Virginia), US West (Oregon), Europe (Ireland)), and every call takes %d"
                + " ms. Each step offers orders at a multiple of the refill rate for %d s (the buckets full at its"
                + " start) and ends when its last order is answered or dead-lettered. *answered/s* counts answers"
                + " once the burst is spent (from the moment the bucket first ran empty to the end of sending);"
                + " *ratio* is that ÷ what Step Functions lets through (the offered rate, or the refill rate above"
                + " it); *throttled* is the share of all callback calls that were throttled; p50/p99 run from an"
                + " order's send to its answer; *timed_out* orders were not answered within the 300 s task timeout;"
                + " *lost* ones ended in the dead-letter queue; *twice* ones were answered again after an answer.%n%n",
                INSTANCES, BATCH_SIZE, QUOTA.size(), QUOTA.refillPerSecond(), CALLBACK_LATENCY_MS, seconds);
    }

    /**
     * One instance against an unthrottled stand-in, with a deep backlog: its answers per second against its bound,
     * parallel callbacks ÷ a call's latency.
     */
    private void ceiling(StringBuilder report) throws Exception {
        try (var stepFunctions = new ThrottledStepFunctions(ThrottledStepFunctions.Quota.UNLIMITED,
                CALLBACK_LATENCY_MS)) {
            int orders = 4_000;
            List<String> tokens = send(stepFunctions, orders, Double.MAX_VALUE, 1);
            BatchRunner function = function(stepFunctions, null);
            var mapping = new EventSourceMapping(sqs, ordersUrl, BATCH_SIZE, FUNCTION_TIMEOUT_MILLIS,
                    new EventSourceMapping.Listener() { });
            while (!mapping.queueIsEmpty()) {
                mapping.pollOnce(function);
            }
            function.shutdown();
            long first = Long.MAX_VALUE;
            long last = 0;
            for (String token : tokens) {
                long at = stepFunctions.task(token).answeredAt;
                first = Math.min(first, at);
                last = Math.max(last, at);
            }
            double rate = (orders - 1) / ((last - first) / 1e9);
            double bound = BATCH_SIZE * 1000.0 / CALLBACK_LATENCY_MS;
            double handlerRate = handlerOnly(stepFunctions);
            report.append(String.format(Locale.ROOT, "**One instance's ceiling**, against an unthrottled stand-in"
                            + " with %d ms per call: its bound is %d parallel callbacks ÷ %d ms = %.0f orders/s. The"
                            + " handler alone, batches of %d one after another as Lambda's pollers hand them over,"
                            + " answered %.0f/s (**%.2f×** the bound); through the queue, where this instance also"
                            + " makes the receive and delete calls that Lambda's pollers make beside it, %.0f/s"
                            + " (%.2f×).%n%n", CALLBACK_LATENCY_MS, BATCH_SIZE, CALLBACK_LATENCY_MS, bound,
                    BATCH_SIZE, handlerRate, handlerRate / bound, rate, rate / bound));
        }
    }

    /** Orders per second one warm instance answers when it is handed batch after batch. */
    private double handlerOnly(ThrottledStepFunctions stepFunctions) {
        BatchRunner function = function(stepFunctions, null);
        int batches = 300;
        long busy = 0;
        for (int b = 0; b < batches + 50; b++) {
            List<SQSEvent.SQSMessage> records = new ArrayList<>();
            for (int i = 0; i < BATCH_SIZE; i++) {
                String token = "ceiling-" + sequence.incrementAndGet();
                stepFunctions.opened(token, TASK_TIMEOUT_NANOS);
                records.add(Events.record(token, Events.order(token, "{\"items\": [{\"sku\": \"apple\","
                        + " \"quantity\": 1}]}")));
            }
            long start = System.nanoTime();
            var response = function.handleBatch(Events.event(records),
                    new FakeContext(FUNCTION_TIMEOUT_MILLIS));
            if (b >= 50) {
                busy += System.nanoTime() - start;
            }
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("a ceiling batch failed: " + response.getBatchItemFailures());
            }
        }
        function.shutdown();
        return batches * BATCH_SIZE / (busy / 1e9);
    }

    /** The load steps with one retry strategy (null: the function's own). */
    private void run(String title, RetryStrategy retries, double[] multiples, int seconds, StringBuilder report,
                     List<String> lines) throws Exception {
        report.append("### ").append(title).append("\n\n| offered ÷ refill | offered/s | answered/s | ratio |"
                + " throttled | p50 ms | p99 ms | timed out | lost | twice | callback calls |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        try (var stepFunctions = new ThrottledStepFunctions(QUOTA, CALLBACK_LATENCY_MS)) {
            List<BatchRunner> functions = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                functions.add(function(stepFunctions, retries));
            }
            var polling = new AtomicBoolean(true);
            var mapping = new EventSourceMapping(sqs, ordersUrl, BATCH_SIZE, FUNCTION_TIMEOUT_MILLIS,
                    new EventSourceMapping.Listener() { });
            ExecutorService pollers = Executors.newFixedThreadPool(INSTANCES);
            for (BatchRunner function : functions) {
                pollers.submit(() -> {
                    while (polling.get()) {
                        mapping.pollOnce(function);
                    }
                    return null;
                });
            }
            try {
                // Warm-up at half the refill rate, not reported: the JIT compiles the paths first.
                step(stepFunctions, mapping, 0.5 * QUOTA.refillPerSecond(), 10);
                for (double multiple : multiples) {
                    Step step = step(stepFunctions, mapping, multiple * QUOTA.refillPerSecond(), seconds);
                    report.append(String.format(Locale.ROOT, "| %.1f× | %.0f | %.0f | %.2f | %.1f%% | %.0f | %.0f |"
                                    + " %d | %d | %d | %,d |%n", multiple, step.offered(), step.answered(),
                            step.ratio(), 100 * step.throttledShare(), step.p50Millis(), step.p99Millis(),
                            step.timedOut(), step.lost(), step.twice(), step.calls()));
                    lines.add(step.line());
                    System.err.println(step.line());
                }
            } finally {
                polling.set(false);
                pollers.shutdown();
                pollers.awaitTermination(30, TimeUnit.SECONDS);
                functions.forEach(BatchRunner::shutdown);
            }
        }
        report.append('\n');
    }

    /** Offers {@code rate} orders per second for {@code seconds}, then waits for every one to end. */
    private Step step(ThrottledStepFunctions stepFunctions, EventSourceMapping mapping, double rate, int seconds)
            throws Exception {
        stepFunctions.reset();
        long start = System.nanoTime();
        List<String> tokens = send(stepFunctions, (int) Math.round(rate * seconds), rate, 4);
        long end = System.nanoTime();
        long drainLimit = end + TASK_TIMEOUT_NANOS + TimeUnit.SECONDS.toNanos(VISIBILITY_SECONDS * 2L);
        while (!mapping.queueIsEmpty() && System.nanoTime() < drainLimit) {
            Thread.sleep(200);
        }
        Set<String> deadLettered = deadLetters();
        long emptyAt = stepFunctions.successBucketEmptyAt();
        long windowStart = emptyAt == 0 || emptyAt > end ? start : emptyAt;
        int answeredInWindow = 0;
        int timedOut = 0;
        int twice = 0;
        List<Long> latencies = new ArrayList<>();
        for (String token : tokens) {
            var task = stepFunctions.task(token);
            if (task.answeredAt == 0) {
                timedOut++;
            } else {
                latencies.add(task.answeredAt - task.sentAt);
                if (task.answeredAt >= windowStart && task.answeredAt <= end) {
                    answeredInWindow++;
                }
            }
            if (task.callsAfterAnswer.get() > 0) {
                twice++;
            }
        }
        int lost = (int) tokens.stream().filter(deadLettered::contains).count();
        latencies.sort(null);
        long calls = stepFunctions.calls.get();
        return new Step(tokens.size() / ((end - start) / 1e9), answeredInWindow / ((end - windowStart) / 1e9),
                QUOTA.refillPerSecond(), calls == 0 ? 0 : (double) stepFunctions.throttled.get() / calls,
                percentile(latencies, 0.50), percentile(latencies, 0.99), timedOut, lost, twice, calls);
    }

    /**
     * Sends {@code count} in-stock orders at {@code rate} per second (in batches of 10, from {@code senders}
     * threads), opening each one's task at the stand-in as the state machine's Check Inventory state does.
     */
    private List<String> send(ThrottledStepFunctions stepFunctions, int count, double rate, int senders)
            throws InterruptedException {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add("load-" + sequence.incrementAndGet());
        }
        long start = System.nanoTime();
        double nanosPerBatch = BATCH_SIZE * 1e9 / rate;
        var next = new AtomicLong();
        int batches = (count + BATCH_SIZE - 1) / BATCH_SIZE;
        ExecutorService threads = Executors.newFixedThreadPool(senders);
        for (int t = 0; t < senders; t++) {
            threads.submit(() -> {
                for (long batch = next.getAndIncrement(); batch < batches; batch = next.getAndIncrement()) {
                    long due = start + (long) (batch * nanosPerBatch);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = (int) batch * BATCH_SIZE; i < Math.min(count, (batch + 1) * BATCH_SIZE); i++) {
                        String token = tokens.get(i);
                        stepFunctions.opened(token, TASK_TIMEOUT_NANOS);
                        entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(Events.order(
                                token, "{\"orderId\": \"" + token + "\", \"items\": [{\"sku\": \"apple\","
                                        + " \"quantity\": 1}]}")).build());
                    }
                    var result = sqs.sendMessageBatch(r -> r.queueUrl(ordersUrl).entries(entries));
                    if (!result.failed().isEmpty()) {
                        throw new IllegalStateException("ElasticMQ refused " + result.failed());
                    }
                }
                return null;
            });
        }
        threads.shutdown();
        threads.awaitTermination(1, TimeUnit.HOURS);
        return tokens;
    }

    /** One instance of the function: its own batch runner and client, with the function's retries or others. */
    private static BatchRunner function(ThrottledStepFunctions stepFunctions, RetryStrategy retries) {
        Supplier<SfnClient> client = () -> {
            var builder = CallbackClients.builder(Region.US_EAST_1).endpointOverride(stepFunctions.endpoint())
                    .credentialsProvider(credentials());
            if (retries != null) {
                builder.overrideConfiguration(c -> c.retryStrategy(retries));
            }
            return builder.build();
        };
        var service = new InventoryService(new MockInventory(Map.of("apple", Long.MAX_VALUE)),
                new StepFunctionsCallback(client), line -> { });
        return new BatchRunner(service, BATCH_SIZE, line -> { });
    }

    /**
     * Another retry strategy with the function's attempts: {@code before} (the SDK's standard strategy with the
     * throttling backoff the function had before, from 0.25 s doubling to 2 s) or {@code adaptive} (the SDK's adaptive
     * strategy: the standard one plus a client-side rate limiter that slows each client down when it is throttled,
     * with the function's backoff).
     */
    private static RetryStrategy retries(String name) {
        var builder = switch (name) {
            case "before" -> AwsRetryStrategy.standardRetryStrategy().toBuilder().circuitBreakerEnabled(false)
                    .throttlingBackoffStrategy(new FullJitterBackoff(Duration.ofMillis(250), Duration.ofSeconds(2)));
            case "adaptive" -> AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                    .throttlingBackoffStrategy(CallbackClients.THROTTLING_BACKOFF);
            default -> throw new IllegalArgumentException("load.compare: before or adaptive, not " + name);
        };
        return builder.maxAttempts(CallbackClients.MAX_CALLBACK_ATTEMPTS)
                .backoffStrategy(CallbackClients.FAILURE_BACKOFF)
                .build();
    }

    /** The tokens of the messages in the dead-letter queue, which is emptied. */
    private Set<String> deadLetters() {
        Set<String> tokens = new HashSet<>();
        for (String body : queues.drainDeadLetters()) {
            int at = body.indexOf("load-");
            tokens.add(body.substring(at, body.indexOf('"', at)));
        }
        return tokens;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("load", "load"));
    }

    private static double percentile(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(p * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }
}
