package io.github.inventorycallback.function.benchmark;

import io.github.inventorycallback.function.fakes.StepFunctionsStub;
import io.github.inventorycallback.function.fakes.StepFunctionsStub.Fault;

import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step Functions' callback API as the service throttles it, on 127.0.0.1: {@code SendTaskSuccess} and
 * {@code SendTaskFailure} each draw from a token bucket of their own, per account and region, and a call that finds
 * its bucket empty gets HTTP 400 {@code ThrottlingException} ("Rate exceeded"), the error the SDK retries as
 * throttling. A task answers once: a later call, or one after the task's timeout, gets {@code TaskTimedOut}. Every
 * call is counted; every task remembers when its message was sent and when it was answered.
 */
final class ThrottledStepFunctions implements AutoCloseable {

    /**
     * A token bucket: {@code size} tokens at most, refilled continuously at {@code refillPerSecond}.
     *
     * <p>Step Functions developer guide, "Quotas", "Quotas related to API action throttling" (the table of other
     * actions): in US East (N. Virginia), US West (Oregon) and Europe (Ireland) SendTaskSuccess, SendTaskFailure and
     * SendTaskHeartbeat each have a bucket of 3,000 and refill 500 per second; in every other region 1,500 and 300.
     * StartExecution (Standard): 1,300 and 300, or 800 and 150. All are soft quotas, per account and region.
     */
    record Quota(int size, double refillPerSecond) {
        static final Quota CALLBACKS_LARGE_REGION = new Quota(3_000, 500);
        static final Quota CALLBACKS_OTHER_REGIONS = new Quota(1_500, 300);
        static final Quota START_EXECUTION_LARGE_REGION = new Quota(1_300, 300);
        /** No throttling: for the single instance's ceiling. */
        static final Quota UNLIMITED = new Quota(Integer.MAX_VALUE, Double.MAX_VALUE);
    }

    /** One action's bucket. */
    static final class Bucket {
        private final Quota quota;
        private double tokens;
        private long refilledAt = System.nanoTime();
        /** When the bucket last found itself empty (System.nanoTime), or 0 if never. */
        private volatile long firstEmptyAt;

        Bucket(Quota quota) {
            this.quota = quota;
            this.tokens = quota.size();
        }

        synchronized boolean take() {
            refill(System.nanoTime());
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            if (firstEmptyAt == 0) {
                firstEmptyAt = System.nanoTime();
            }
            return false;
        }

        /** Fills the bucket and forgets when it ran empty (between load steps). */
        synchronized void reset() {
            tokens = quota.size();
            refilledAt = System.nanoTime();
            firstEmptyAt = 0;
        }

        long firstEmptyAt() {
            return firstEmptyAt;
        }

        private void refill(long now) {
            tokens = Math.min(quota.size(), tokens + (now - refilledAt) / 1e9 * quota.refillPerSecond());
            refilledAt = now;
        }
    }

    /** One waiting task: its token was sent to the queue at {@code sentAt} and times out at {@code deadline}. */
    static final class Task {
        final long sentAt;
        final long deadline;
        /** When Step Functions accepted its answer (System.nanoTime), or 0. */
        volatile long answeredAt;
        /** Calls made for it after it was answered. */
        final AtomicInteger callsAfterAnswer = new AtomicInteger();
        volatile boolean timedOut;

        Task(long sentAt, long deadline) {
            this.sentAt = sentAt;
            this.deadline = deadline;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(200);
    private final Map<String, Bucket> buckets;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final long latencyMillis;
    final AtomicLong calls = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();

    /** @param latencyMillis how long each call takes, throttled or not */
    ThrottledStepFunctions(Quota callbacks, long latencyMillis) throws IOException {
        this.buckets = Map.of("SendTaskSuccess", new Bucket(callbacks), "SendTaskFailure", new Bucket(callbacks));
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1000);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A task's message is on its way to the queue now: the state machine waits for its token from here. */
    void opened(String token, long taskTimeoutNanos) {
        long now = System.nanoTime();
        tasks.put(token, new Task(now, now + taskTimeoutNanos));
    }

    Task task(String token) {
        return tasks.get(token);
    }

    /** Both buckets full again and the counters at zero, before a load step. */
    void reset() {
        buckets.values().forEach(Bucket::reset);
        calls.set(0);
        throttled.set(0);
    }

    /** When SendTaskSuccess's bucket first ran empty since the last reset (System.nanoTime), or 0. */
    long successBucketEmptyAt() {
        return buckets.get("SendTaskSuccess").firstEmptyAt();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String action = exchange.getRequestHeaders().getFirst("X-Amz-Target").replace("AWSStepFunctions.", "");
            String token = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)).getAsJsonObject().get("taskToken").getAsString();
            calls.incrementAndGet();
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            Bucket bucket = buckets.get(action);
            if (bucket == null) {
                reply(exchange, 400, "UnknownOperationException", action);
                return;
            }
            if (!bucket.take()) {
                throttled.incrementAndGet();
                reply(exchange, Fault.THROTTLE);
                return;
            }
            Task task = tasks.get(token);
            if (task == null) {
                reply(exchange, Fault.TASK_DOES_NOT_EXIST);
                return;
            }
            synchronized (task) {
                long now = System.nanoTime();
                if (task.answeredAt != 0) {
                    task.callsAfterAnswer.incrementAndGet();
                    reply(exchange, Fault.TASK_TIMED_OUT);
                    return;
                }
                if (now > task.deadline) {
                    task.timedOut = true;
                    reply(exchange, Fault.TASK_TIMED_OUT);
                    return;
                }
                task.answeredAt = now;
            }
            reply(exchange, 200, null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The error Step Functions answers, as {@link StepFunctionsStub} answers it. */
    private static void reply(HttpExchange exchange, Fault fault) throws IOException {
        reply(exchange, fault.status, fault.type, fault.message);
    }

    private static void reply(HttpExchange exchange, int status, String type, String message) throws IOException {
        byte[] body = (type == null ? "{}" : "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
