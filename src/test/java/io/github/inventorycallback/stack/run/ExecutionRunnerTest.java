package io.github.inventorycallback.stack.run;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.github.inventorycallback.stack.run.StepFunctionsApiStub.STATE_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runner behind `./orders run`, against a local Step Functions API: what it reports for executions that end,
 * are stopped, never end, or cannot be read, and that a cancel or the timeout ends a pause between polls that is
 * longer than either (a pause of an hour here, so a run that waited it out would fail the test's one-minute bound).
 * Where the timeout matters, it is kept on a {@link FakeClock} that moves only when the test says.
 */
class ExecutionRunnerTest {
    private static final Duration LONG_PAUSE = Duration.ofHours(1);

    private final StepFunctionsApiStub stub = new StepFunctionsApiStub();
    private final SfnClient sfn = stub.client();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    ExecutionRunnerTest() throws IOException {
    }

    @AfterEach
    void stop() {
        sfn.close();
        stub.close();
    }

    private ExecutionRunner runner(Duration timeout, Duration pause, boolean terminal) {
        return new ExecutionRunner(sfn, new Progress(new PrintStream(progress, true), terminal), timeout, pause, pause);
    }

    private ExecutionRunner runner(Duration timeout, Duration pause, FakeClock clock) {
        return new ExecutionRunner(sfn, new Progress(new PrintStream(progress, true), false), timeout, pause, pause,
                clock);
    }

    /** Runs {@code count} sample orders on another thread, as `./orders run` does while Ctrl-C may come. */
    private static CompletableFuture<ExecutionRunner.Result> inBackground(ExecutionRunner runner, int count) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(STATE_MACHINE, Order.samples(count));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits for the condition; only a hang reaches the bound. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the condition did not come true within 60 s");
            Thread.sleep(10);
        }
    }

    @Test
    void everyOrderRunsOnceUnderItsOwnNameAndEndsWithThePathItTook() throws Exception {
        var result = runner(Duration.ofSeconds(30), Duration.ofMillis(10), false).run(STATE_MACHINE,
                Order.samples(3));

        assertFalse(result.timedOut());
        assertFalse(result.cancelled());
        assertEquals(List.of("in-stock", "out-of-stock", "invalid"),
                result.outcomes().stream().map(o -> o.order().name()).toList());
        assertEquals(stub.started, result.outcomes().stream().map(ExecutionRunner.Outcome::executionArn).toList());
        // Named after the order and its place in the run, numbered from 1, with the run's own id in between.
        for (int i = 0; i < 3; i++) {
            String arn = stub.started.get(i);
            assertTrue(arn.matches(".*:" + result.outcomes().get(i).order().name() + "-[0-9a-f]{8}-" + (i + 1)), arn);
        }
        var outOfStock = result.outcomes().get(1);
        assertEquals("SUCCEEDED", outOfStock.status());
        assertEquals(List.of("Check Inventory", "Notify Failure"), outOfStock.path());
        assertEquals("OutOfStock", outOfStock.error());
        assertTrue(result.outcomes().stream().allMatch(ExecutionRunner.Outcome::asExpected));
    }

    @Test
    void progressCountsFinishedExecutionsAndEndsItsLineOnATerminal() throws Exception {
        runner(Duration.ofSeconds(30), Duration.ofMillis(10), true).run(STATE_MACHINE, Order.samples(2));

        String shown = progress.toString(StandardCharsets.UTF_8);
        assertTrue(shown.startsWith("\r[..............................] 0/2 finished"), shown);
        assertTrue(shown.endsWith("\r[##############################] 2/2 finished" + System.lineSeparator()), shown);
    }

    @Test
    void anExecutionStoppedDuringTheRunIsReportedAbortedWithTheStopsError() throws Exception {
        stub.neverFinish = true;
        // No timeout comes: the run ends when it sees the execution stopped.
        ExecutionRunner runner = runner(Duration.ofSeconds(30), Duration.ofMillis(10), new FakeClock());
        var run = inBackground(runner, 1);
        await(() -> stub.started.size() == 1);
        sfn.stopExecution(r -> r.executionArn(stub.started.get(0)).error("Stopped.ByOperator").cause("test"));

        var outcome = run.get(60, TimeUnit.SECONDS).outcomes().get(0);

        assertEquals("ABORTED", outcome.status());
        assertEquals("Stopped.ByOperator", outcome.error());
        assertFalse(outcome.asExpected());
    }

    @Test
    void cancelEndsAPauseBetweenPollsAtOnce() throws Exception {
        stub.neverFinish = true;
        // No timeout comes either: only the cancel can end the pause.
        ExecutionRunner runner = runner(Duration.ofSeconds(300), LONG_PAUSE, new FakeClock());
        var run = inBackground(runner, 2);
        // Both executions described once: the runner now pauses an hour before its next poll.
        await(() -> stub.describeCalls.get() == 2);

        runner.cancel();

        var result = run.get(60, TimeUnit.SECONDS);
        assertTrue(result.cancelled());
        assertFalse(result.timedOut());
        assertEquals(List.of("RUNNING", "RUNNING"), result.outcomes().stream().map(ExecutionRunner.Outcome::status)
                .toList());
        assertEquals(stub.started, runner.started());
    }

    @Test
    void theRunEndsAtItsTimeoutEvenWhenThePauseBetweenPollsIsLonger() throws Exception {
        stub.neverFinish = true;
        // The timeout passes while the execution is described for the first time, however long its start took.
        var clock = new FakeClock();
        stub.whileDescribing = () -> clock.advance(Duration.ofSeconds(1));

        var result = inBackground(runner(Duration.ofMillis(500), LONG_PAUSE, clock), 1).get(60, TimeUnit.SECONDS);

        assertTrue(result.timedOut());
        assertEquals("RUNNING", result.outcomes().get(0).status());
        assertNull(result.outcomes().get(0).duration());
        assertEquals(1, stub.describeCalls.get(), "no poll after the timeout");
    }

    @Test
    void anExecutionThatCannotBeReadEndsTheRunWithTheRefusal() {
        stub.describeFault = "AccessDeniedException";

        var refused = assertThrows(SfnException.class,
                () -> runner(Duration.ofSeconds(60), Duration.ofMillis(10), false).run(STATE_MACHINE,
                        Order.samples(1)));

        assertEquals("AccessDeniedException", refused.awsErrorDetails().errorCode());
        assertEquals(1, stub.describeCalls.get(), "a refusal is not retried");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "{\"error\": {\"Error\": \"OutOfStock\", \"Cause\": \"no plums\"}}|OutOfStock",
            "{\"inventory\": {\"status\": \"IN_STOCK\"}}|null",
            "{\"error\": \"OutOfStock\"}|null",
            "{\"error\": {\"Cause\": \"no plums\"}}|null",
            "[1, 2]|null",
            "not json {|null",
            "null|null",
    })
    void theCaughtErrorIsReadFromTheExecutionsOutput(String output, String error) {
        assertEquals(error, ExecutionRunner.caughtError(output));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rel-1|rel-1-ab12cd34-7",
            "x_y-Z9|x_y-Z9-ab12cd34-7",
            "Bestellung #12/a b|Bestellung-12-a-b-ab12cd34-7",
            "  <o-1>  |o-1-ab12cd34-7",
            "a:b;c,d$e~f`g|a-b-c-d-e-f-g-ab12cd34-7",
            "\u00e9t\u00e9-1|t-1-ab12cd34-7",
            "[*]|order-ab12cd34-7"})
    void anExecutionIsNamedAfterItsOrderInTheCharactersStepFunctionsAndCloudWatchLogsTake(String order, String name) {
        assertEquals(name, ExecutionRunner.executionName(order, "ab12cd34", 7));
    }

    @Test
    void aLongOrderNameIsCutSoTheExecutionNameFitsIn80Characters() {
        String name = ExecutionRunner.executionName("o".repeat(200), "ab12cd34", 1000);
        assertEquals(80, name.length());
        assertEquals("o".repeat(66) + "-ab12cd34-1000", name);
        assertTrue(StepFunctionsApiStub.validName(name));
    }
}
