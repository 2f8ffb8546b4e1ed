package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.function.callback.Limits;
import io.github.inventorycallback.function.callback.TaskCallback;
import io.github.inventorycallback.function.fakes.FakeCallback;
import io.github.inventorycallback.function.fakes.FakeClock;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.github.inventorycallback.function.fakes.Events.event;
import static io.github.inventorycallback.function.fakes.Events.order;
import static io.github.inventorycallback.function.fakes.Events.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler when callbacks are slow, time runs out, the environment is wrong, or bodies are hostile. The
 * invocation's time is the test's {@link FakeClock}: it passes only when a test moves it on.
 */
class BatchRunnerFaultsTest {
    private static final MockInventory STOCK = new MockInventory(Map.of("apple", 10L));
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final FakeClock clock = new FakeClock();

    private InventoryService service(TaskCallback callback) {
        return new InventoryService(STOCK, callback, logLines::add, InventoryService.DEFAULT_NAMESPACE, clock);
    }

    private BatchRunner runner(TaskCallback callback) {
        return new BatchRunner(service(callback), 10, logLines::add, clock);
    }

    private SQSBatchResponse handle(TaskCallback callback, int remainingMillis, List<SQSEvent.SQSMessage> records) {
        return runner(callback).handleBatch(event(records), new FakeContext(remainingMillis));
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
                    barrier.await(60, TimeUnit.SECONDS);
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
        var handler = runner(rendezvous);
        handler.handleBatch(event(batch("warm-up", 1)), new FakeContext(30_000));

        var response = handler.handleBatch(event(batch("batch", 10)), new FakeContext(30_000));

        // Ten callbacks can only meet at the barrier if all ten are in flight at once.
        assertEquals(List.of(), failedIds(response), logLines.toString());
        assertEquals(11, rendezvous.answers.size(), "the warm-up answer and the ten of the batch");
    }

    @Test
    void inAFreshJvmTheFirstCallbackRunsAloneThenTheRestTogether() {
        var anotherStarted = new CountDownLatch(1);
        var firstDone = new AtomicBoolean();
        List<Boolean> startedOnceTheFirstWasDone = new CopyOnWriteArrayList<>();
        var theRest = new Rendezvous(9);
        var callback = new FakeCallback() {
            @Override
            public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
                if (taskToken.equals("cold-t0")) {
                    // Half a second for another callback to start beside it: a runner that did not hold the rest
                    // back would have started them by then. A runner that does passes however slow the machine.
                    try {
                        anotherStarted.await(500, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    firstDone.set(true);
                    super.succeed(taskToken, output, timeLeft);
                } else {
                    startedOnceTheFirstWasDone.add(firstDone.get());
                    anotherStarted.countDown();
                    theRest.succeed(taskToken, output, timeLeft);
                }
            }
        };

        var response = handle(callback, 30_000, batch("cold", 10));

        assertEquals(List.of(), failedIds(response), logLines.toString());
        assertEquals(Collections.nCopies(9, true), startedOnceTheFirstWasDone, "the first callback warms the client alone");
        // The nine others could only all meet at the rendezvous if all nine were in flight at once.
        assertEquals(9, theRest.answers.size());
    }

    @Test
    void recordsUnfinishedWhenTimeRunsShortAreReportedNotLost() {
        var stuck = new FakeCallback() {
            @Override
            public void succeed(String taskToken, String output, Duration timeLeft) throws TokenRefusedException {
                if (taskToken.equals("t-slow")) {
                    // The invocation's whole time passes while this callback is stuck, until the runner gives up on
                    // it and interrupts it (a minute, were it never to).
                    clock.advance(Duration.ofSeconds(10));
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                super.succeed(taskToken, output, timeLeft);
            }
        };

        // The first record is answered on its own (a fresh runner), before the slow one starts.
        var response = handle(stuck, 10_000, List.of(record("m-fast", order("t-fast", "{}")),
                record("m-slow", order("t-slow", "{}"))));

        assertEquals(List.of("m-slow"), failedIds(response));
        assertTrue(stuck.answerFor("t-fast").success());
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
        assertEquals(List.of(Duration.ofMillis(8_500), Duration.ofMillis(800)), given);
    }

    @Test
    void aRecordWhoseTimeRanOutBeforeItsTurnIsLeftForRedeliveryUnanswered() {
        var callback = new FakeCallback();

        // Its deadline is now: no time is left to answer it.
        var outcome = service(callback).handle("m-late", order("t-late", "{}"), 1, clock.nanoTime());

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
