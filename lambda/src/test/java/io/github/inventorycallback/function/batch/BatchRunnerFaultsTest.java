package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.function.callback.Limits;
import io.github.inventorycallback.function.callback.TaskCallback;
import io.github.inventorycallback.function.fakes.FakeCallback;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.inventorycallback.function.fakes.Events.event;
import static io.github.inventorycallback.function.fakes.Events.order;
import static io.github.inventorycallback.function.fakes.Events.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler when callbacks are slow, time runs out, the environment is wrong, or bodies are hostile. */
class BatchRunnerFaultsTest {
    private static final MockInventory STOCK = new MockInventory(Map.of("apple", 10L));
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    private SQSBatchResponse handle(TaskCallback callback, int remainingMillis, List<SQSEvent.SQSMessage> records) {
        var service = new InventoryService(STOCK, callback, logLines::add);
        return new BatchRunner(service, 10, logLines::add).handleBatch(event(records), new FakeContext(remainingMillis));
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    /** A callback that returns only once `parties` callbacks are in flight at the same time (warm-up ones pass). */
    private static final class Rendezvous extends FakeCallback {
        private final CyclicBarrier barrier;

        Rendezvous(int parties) {
            barrier = new CyclicBarrier(parties);
        }

        @Override
        public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
            try {
                if (!taskToken.startsWith("warm-up")) {
                    barrier.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("callbacks did not run concurrently", e);
            }
            super.succeed(taskToken, output, timeLeft);
        }
    }

    private static List<SQSEvent.SQSMessage> batch(String prefix, int size) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            records.add(record(prefix + "-m" + i, order(prefix + "-t" + i, "{}")));
        }
        return records;
    }

    @Test
    void callbacksOfOneBatchRunConcurrently() {
        var rendezvous = new Rendezvous(10);
        var handler = new BatchRunner(new InventoryService(STOCK, rendezvous, logLines::add), 10, logLines::add);
        handler.handleBatch(event(batch("warm-up", 1)), new FakeContext(30_000));

        var response = handler.handleBatch(event(batch("batch", 10)), new FakeContext(30_000));

        // Ten callbacks can only meet at the barrier if all ten are in flight at once.
        assertEquals(List.of(), failedIds(response), logLines.toString());
        assertEquals(11, rendezvous.answers.size(), "the warm-up answer and the ten of the batch");
    }

    @Test
    void inAFreshJvmTheFirstCallbackRunsAloneThenTheRestTogether() {
        var inFlight = new AtomicInteger();
        List<Integer> concurrency = new CopyOnWriteArrayList<>();
        var counting = new FakeCallback() {
            @Override
            public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
                concurrency.add(inFlight.incrementAndGet());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                super.succeed(taskToken, output, timeLeft);
            }
        };

        var response = handle(counting, 30_000, batch("cold", 10));

        assertEquals(List.of(), failedIds(response));
        assertEquals(1, concurrency.get(0), "the first callback warms the client alone");
        assertTrue(concurrency.stream().skip(1).anyMatch(n -> n > 1), "the rest run in parallel: " + concurrency);
    }

    @Test
    void recordsUnfinishedWhenTimeRunsShortAreReportedNotLost() throws Exception {
        var release = new CountDownLatch(1);
        var stuck = new FakeCallback() {
            @Override
            public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
                if (taskToken.equals("t-slow")) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                super.succeed(taskToken, output, timeLeft);
            }
        };

        // 1.7 s left, a fifth of it kept in reserve: the blocked callback cannot finish in time.
        var response = handle(stuck, 1_700, List.of(record("m-fast", order("t-fast", "{}")),
                record("m-slow", order("t-slow", "{}"))));
        release.countDown();

        assertEquals(List.of("m-slow"), failedIds(response));
        assertTrue(logLines.stream().anyMatch(l -> l.contains("m-slow") && l.contains("time ran out")), logLines.toString());
    }

    @Test
    void aShortFunctionTimeoutStillLeavesTimeToAnswer() {
        var callback = new FakeCallback();

        // A 1-second function: the reserve shrinks to a fifth instead of swallowing the whole invocation.
        var response = handle(callback, 1_000, List.of(record("m-1", order("t-1", "{}"))));

        assertEquals(List.of(), failedIds(response), logLines.toString());
        assertTrue(callback.answerFor("t-1").success());
    }

    @Test
    void eachCallbackMayRetryUntilTheInvocationsDeadlineLessTheReserve() {
        List<Duration> given = new CopyOnWriteArrayList<>();
        var callback = new FakeCallback() {
            @Override
            public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
                given.add(timeLeft);
                super.succeed(taskToken, output, timeLeft);
            }
        };

        handle(callback, 10_000, List.of(record("m-1", order("t-1", "{}"))));
        handle(callback, 1_000, List.of(record("m-2", order("t-2", "{}"))));

        // 10 s left: 1.5 s kept back to report what is unfinished. 1 s left: a fifth of it.
        long first = given.get(0).toMillis();
        assertTrue(first <= 8_500 && first > 8_000, first + " ms");
        long second = given.get(1).toMillis();
        assertTrue(second <= 800 && second > 300, second + " ms");
    }

    @Test
    void aRecordWhoseTimeRanOutBeforeItsTurnIsLeftForRedeliveryUnanswered() {
        var callback = new FakeCallback();
        var service = new InventoryService(STOCK, callback, logLines::add);

        var outcome = service.handle("m-late", order("t-late", "{}"), 1, System.nanoTime() - 1);

        assertEquals(InventoryService.Ending.RETRY, outcome);
        assertEquals(List.of(), callback.answers);
        assertTrue(logLines.get(0).contains("\"message\":\"left for redelivery: no time left in this invocation to"
                + " answer it\""), logLines.toString());
        assertTrue(logLines.get(0).contains("\"messageId\":\"m-late\""), logLines.toString());
    }

    @Test
    void oneRecordThrowingUnexpectedlyFailsOnlyThatRecord() {
        var broken = new FakeCallback().failTransiently("t-1", new NullPointerException("bug"));

        var response = handle(broken, 30_000, List.of(record("m-1", order("t-1", "{}")),
                record("m-2", order("t-2", "{}"))));

        assertEquals(List.of("m-1"), failedIds(response));
    }

    @Test
    void aCauseLongerThanStepFunctionsAcceptsIsCutToItsLimit() {
        var callback = new FakeCallback();
        var items = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"sku\": \"").append("x".repeat(200)).append(i)
                    .append("\", \"quantity\": 1}");
        }

        handle(callback, 30_000, List.of(record("m-huge", order("t-huge", "{\"items\": " + items + "]}"))));

        var answer = callback.answerFor("t-huge");
        assertEquals("OutOfStock", answer.error());
        assertEquals(Limits.MAX_CAUSE_LENGTH, answer.cause().length());
        assertTrue(answer.cause().endsWith("…"), "a cut cause says so");
    }

    @Test
    void hostileBodiesEachGetTheirOutcomeAndALogLineWithoutCrashingTheBatch() {
        var callback = new FakeCallback();
        String nearLimit = order("t-huge", "{\"orderId\": \"" + "x".repeat(255_000) + "\"}");
        var records = List.of(
                record("m-empty", ""),
                record("m-array", "[1, 2, 3]"),
                record("m-huge-garbage", "{".repeat(260_000)),
                record("m-huge", nearLimit),
                record("m-replacement", "{\"TaskToken\": \"t-\uFFFD\uFFFD\", \"Input\": {}}"),
                record("m-bad-utf8-input", order("t-utf8", "{\"orderId\": \"caf\uFFFD\"}")),
                record("m-token-object", "{\"TaskToken\": {\"value\": \"t\"}}"),
                record("m-token-long", "{\"TaskToken\": \"" + "a".repeat(3000) + "\"}"),
                record("m-input-string", order("t-input-string", "\"two apples\"")),
                record("m-quantity-string", order("t-qs", "{\"items\": [{\"sku\": \"apple\", \"quantity\": \"1\"}]}")));

        var response = handle(callback, 30_000, records);

        assertEquals(List.of("m-empty", "m-array", "m-huge-garbage", "m-replacement", "m-token-object", "m-token-long"),
                failedIds(response));
        assertTrue(callback.answerFor("t-huge").success());
        assertEquals("{\"orderId\":\"caf\uFFFD\",\"status\":\"IN_STOCK\",\"items\":[]}",
                callback.answerFor("t-utf8").output());
        assertEquals("InvalidOrder", callback.answerFor("t-input-string").error());
        assertEquals("InvalidOrder", callback.answerFor("t-qs").error());
        for (var record : records) {
            assertTrue(logLines.stream().anyMatch(l -> l.contains("\"messageId\":\"" + record.getMessageId() + "\"")),
                    "no log line for " + record.getMessageId() + ": " + logLines);
        }
    }
}
