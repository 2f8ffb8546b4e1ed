package io.github.inventorycallback.stack.run;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.github.inventorycallback.stack.run.StepFunctionsApiStub.STATE_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The order runner against a local Step Functions API. */
class RunOrdersTest {
    private final StepFunctionsApiStub stub = new StepFunctionsApiStub();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final RunOrders app = new RunOrders(new PrintStream(out, true), new PrintStream(err, true),
            stub::client, () -> {
                throw new AssertionError("these commands need no queue");
            }, (stack, name) -> {
                assertEquals("stateMachineArn", name);
                return STATE_MACHINE;
            }, Duration.ofMillis(20));

    RunOrdersTest() throws IOException {
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    /** The command line with its --timeout kept on the test's clock, which moves only when the test says. */
    private RunOrders onTheTestsClock(FakeClock clock) {
        return new RunOrders(new PrintStream(out, true), new PrintStream(err, true), stub::client, () -> {
            throw new AssertionError("these commands need no queue");
        }, () -> {
            throw new AssertionError("these commands need no function");
        }, (stack, name) -> STATE_MACHINE, Duration.ofMillis(20), clock);
    }

    /**
     * The same, its clock moving on by a second whenever an execution is described: the timeout passes once every
     * order has started and been looked at, however slow the machine.
     */
    private RunOrders withATimeoutThatPassesAtTheFirstPoll() {
        var clock = new FakeClock();
        stub.whileDescribing = () -> clock.advance(Duration.ofSeconds(1));
        return onTheTestsClock(clock);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String row(String order) {
        return out().lines().filter(l -> l.startsWith(order + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + order + " in\n" + out()));
    }

    @Test
    void sampleOrdersEachTakeTheirPathAndTheRunSucceeds() {
        int exit = app.run("--count", "4", "--timeout", "60");

        assertEquals(0, exit, err());
        assertEquals(4, stub.started.size());
        assertTrue(row("in-stock").contains("SUCCEEDED  Check Inventory -> Notify Success  -"), out());
        assertTrue(row("out-of-stock").contains("Check Inventory -> Notify Failure  OutOfStock"), out());
        assertTrue(row("invalid").contains("Check Inventory -> Notify Failure  InvalidOrder"), out());
        assertTrue(row("console-default").contains("Notify Success"), out());
        assertTrue(out().lines().allMatch(l -> !l.contains("NO: expected")), out());
        assertTrue(out().contains("end-to-end latency over 4 executions: p50 "), out());
        assertTrue(err().contains("[##############################] 4/4 finished"), err());
    }

    @Test
    void theStateMachineComesFromTheStackOutputUnlessGiven() {
        app.run("--count", "1");
        assertTrue(stub.started.get(0).startsWith(STATE_MACHINE.replace(":stateMachine:", ":execution:")));
        assertTrue(out().contains("Running 1 orders through " + STATE_MACHINE), out());
    }

    @Test
    void anExecutionThatEndsDifferentlyFromItsSampleFailsTheRun() {
        stub.alwaysSucceed = true;

        int exit = app.run("--count", "2");

        assertEquals(1, exit);
        assertTrue(row("out-of-stock").endsWith("NO: expected Notify Failure with OutOfStock"), out());
        assertTrue(err().contains("1 executions ended differently from what their orders expect"), err());
    }

    @Test
    void throttledPollingBacksOffAndStillFinishes() {
        stub.throttleDescribes.set(6);

        // However long the backoffs take, the timeout does not pass: the test's clock stands still.
        int exit = onTheTestsClock(new FakeClock()).run("--count", "2", "--timeout", "30");

        assertEquals(0, exit, err());
        assertEquals(0, stub.throttleDescribes.get(), "every throttled call was retried");
    }

    @Test
    void throttledStartsBackOffAndEveryOrderStillStartsOnce() {
        stub.throttleStarts.set(6);

        // However long the backoffs take, the timeout does not pass: the test's clock stands still.
        int exit = onTheTestsClock(new FakeClock()).run("--count", "3", "--timeout", "30");

        assertEquals(0, exit, err());
        assertEquals(3, stub.started.size());
    }

    @Test
    void aRefusedStartEndsTheRunListingTheExecutionsAlreadyStarted() {
        stub.startLimit = 2;

        int exit = app.run("--count", "4");

        assertEquals(1, exit);
        assertTrue(err().contains("AWS refused: ExecutionLimitExceeded: Execution limit exceeded"), err());
        assertTrue(err().contains("2 executions were started before that and keep running in Step Functions:"), err());
        stub.started.forEach(arn -> assertTrue(err().contains(arn), err()));
    }

    @Test
    void executionsThatNeverFinishEndTheRunWithAClearMessage() {
        stub.neverFinish = true;

        int exit = withATimeoutThatPassesAtTheFirstPoll().run("--count", "2", "--timeout", "1");

        assertEquals(2, exit);
        assertTrue(err().contains("2 executions did not finish within 1 s"), err());
        stub.started.forEach(arn -> assertTrue(err().lines().anyMatch(("  " + arn)::equals), err()));
        assertFalse(err().contains("not started"), err());
        assertTrue(row("in-stock").contains("RUNNING"), out());
        assertTrue(row("in-stock").endsWith("not finished"), out());
    }

    @Test
    void ordersFromAFileRunAndOnlyAFailedExecutionWouldFailTheRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("orders.json");
        Files.writeString(file, "[{\"orderId\": \"a\", \"items\": [{\"sku\": \"plum\", \"quantity\": 1}]},"
                + " {\"orderId\": \"b\"}]");

        int exit = app.run("--orders", file.toString());

        assertEquals(0, exit, err());
        assertEquals(2, stub.started.size());
        assertTrue(row("a").contains("Notify Failure  OutOfStock"), out());
    }

    private Path orders(Path dir, String json) throws IOException {
        return Files.writeString(dir.resolve("orders.json"), json);
    }

    /** The names of the executions started, in start order. */
    private List<String> executionNames() {
        return stub.started.stream().map(arn -> arn.substring(arn.lastIndexOf(':') + 1)).toList();
    }

    @Test
    void ordersFromAFileAreShownByTheirOwnIds(@TempDir Path dir) throws IOException {
        Path file = orders(dir, "[{\"orderId\": \"rel-1\", \"items\": [{\"sku\": \"plum\", \"quantity\": 1}]},"
                + " {\"orderId\": \"rel-2\", \"items\": [{\"sku\": \"apple\", \"quantity\": 2}]}]");

        assertEquals(0, app.run("--orders", file.toString()), err());

        assertTrue(row("rel-1").contains("Check Inventory -> Notify Failure  OutOfStock"), out());
        assertTrue(row("rel-2").contains("Check Inventory -> Notify Success"), out());
        assertFalse(out().contains("file-"), out());
        // The execution is named after the order too, so the console's list of executions shows it.
        assertTrue(row("rel-1").startsWith("rel-1  rel-1-"), out());
        assertTrue(executionNames().get(0).matches("rel-1-[0-9a-f]{8}-1"), executionNames().toString());
        assertTrue(executionNames().get(1).matches("rel-2-[0-9a-f]{8}-2"), executionNames().toString());
    }

    @Test
    void ordersWithoutIdsAreShownByTheirPositionInTheFile(@TempDir Path dir) throws IOException {
        Path file = orders(dir, "[{\"items\": [{\"sku\": \"apple\", \"quantity\": 1}]},"
                + " {\"items\": [{\"sku\": \"plum\", \"quantity\": 1}]}]");

        assertEquals(0, app.run("--orders", file.toString()), err());

        assertTrue(row("file-1").contains("Notify Success"), out());
        assertTrue(row("file-2").contains("Notify Failure  OutOfStock"), out());
        assertTrue(executionNames().get(1).matches("file-2-[0-9a-f]{8}-2"), executionNames().toString());
    }

    @Test
    void anIdThatIsNotAStringOnOneLineLeavesTheOrdersPosition(@TempDir Path dir) throws IOException {
        Path file = orders(dir, "[{\"orderId\": 42}, {\"orderId\": null}, {\"orderId\": \"\"}, {\"orderId\": \"  \"},"
                + " {\"orderId\": \"a\\nb\"}, {\"orderId\": {\"id\": \"o-6\"}}, {\"orderId\": [\"o-7\"]},"
                + " {\"orderId\": true}, {\"orderId\": \"o-9\"}]");

        assertEquals(0, app.run("--orders", file.toString()), err());

        for (int i = 1; i <= 8; i++) {
            assertTrue(row("file-" + i).contains("SUCCEEDED"), out());
        }
        assertTrue(row("o-9").contains("SUCCEEDED"), out());
    }

    @Test
    void anIdAnExecutionNameCannotHoldIsShownAsItIsAndTheNameKeepsWhatAwsTakes(@TempDir Path dir) throws IOException {
        String longId = "order-" + "x".repeat(120);
        Path file = orders(dir, "[{\"orderId\": \"Bestellung #12/a b\"}, {\"orderId\": \"" + longId + "\"},"
                + " {\"orderId\": \"[*]\"}]");

        assertEquals(0, app.run("--orders", file.toString()), err());

        assertTrue(row("Bestellung #12/a b").contains("SUCCEEDED"), out());
        assertTrue(row(longId).contains("SUCCEEDED"), out());
        assertTrue(row("[*]").contains("SUCCEEDED"), out());
        List<String> names = executionNames();
        assertTrue(names.get(0).matches("Bestellung-12-a-b-[0-9a-f]{8}-1"), names.toString());
        assertTrue(names.get(1).matches("order-x+-[0-9a-f]{8}-2") && names.get(1).length() == 80, names.toString());
        assertTrue(names.get(2).matches("order-[0-9a-f]{8}-3"), names.toString());
    }

    @Test
    void ordersNotStartedInTimeAreListedByTheirIds(@TempDir Path dir) throws IOException {
        stub.throttleStarts.set(1_000_000);
        Path file = orders(dir, "[{\"orderId\": \"rel-1\"}, {\"items\": []}]");

        assertEquals(2, app.run("--orders", file.toString(), "--timeout", "1"));

        assertTrue(err().contains("2 orders were not started within 1 s"), err());
        assertTrue(err().lines().anyMatch("  rel-1"::equals), err());
        assertTrue(err().lines().anyMatch("  file-2"::equals), err());
        assertTrue(row("rel-1").endsWith("not started"), out());
    }

    @Test
    void ctrlCStopsPollingAndListsTheExecutionsAlreadyStarted() throws Exception {
        stub.neverFinish = true;
        var run = CompletableFuture.supplyAsync(() -> app.run("--count", "3", "--timeout", "600"));
        // Only a hang reaches this bound.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stub.started.size() < 3) {
            assertTrue(System.nanoTime() < deadline, "3 executions were not started within 60 s");
            Thread.sleep(10);
        }

        app.cancel();

        assertEquals(130, run.get(60, TimeUnit.SECONDS));
        assertTrue(err().contains("Interrupted. 3 executions were started and keep running in Step Functions:"), err());
        stub.started.forEach(arn -> assertTrue(err().contains(arn), err()));
    }

    @Test
    void historyPrintsEveryStepWithItsInputAndOutputAcrossPages() {
        app.run("--count", "2");
        String failed = stub.started.get(1);
        out.reset();

        int exit = app.run("history", failed);

        assertEquals(0, exit, err());
        String history = out();
        assertTrue(history.contains("ExecutionStarted"), history);
        assertTrue(history.contains("TaskStateEntered           Check Inventory"), history);
        assertTrue(history.contains("error: OutOfStock"), history);
        assertTrue(history.contains("PassStateEntered           Notify Failure"), history);
        assertTrue(history.contains("\"notification\": \"Callback Task started by Step Functions failed\""), history);
        assertTrue(history.contains("8 events"), history);
    }

    @Test
    void stopRunningStopsEveryRunningExecutionAcrossPagesAndNothingElse() {
        stub.neverFinish = true;
        withATimeoutThatPassesAtTheFirstPoll().run("--count", "5", "--timeout", "1");
        var running = java.util.List.copyOf(stub.started);
        out.reset();

        int exit = app.run("stop");

        assertEquals(0, exit, err());
        assertEquals(running, stub.stopped);
        running.forEach(arn -> {
            assertEquals("StackTeardown: Stopped by the order runner's stop command before the stack is destroyed",
                    stub.stoppedWith(arn));
            assertTrue(out().contains("stopped " + arn), out());
        });
        assertTrue(out().contains("Stopped 5 running executions of " + STATE_MACHINE), out());
        assertEquals(5, stub.started.size(), "stopping starts nothing");

        out.reset();
        assertEquals(0, app.run("stop"));
        assertTrue(out().contains("No running executions of " + STATE_MACHINE), out());
        assertEquals(5, stub.stopped.size());
    }

    @Test
    void ordersMustBeStrictJsonObjectsOrNothingStarts(@TempDir Path dir) throws IOException {
        for (var bad : new String[][] {
                {"[{'orderId': 'a'}]", "not valid JSON at line 1 column 4"},
                {"[{\"orderId\": \"a\"},,{}]", "not valid JSON at line 1 column 20"},
                {"[{\"items\": [ok]}]", "not valid JSON at line 1 column 13"},
                {"[{\"a\": 1}]\n[{\"b\": 2}]", "not valid JSON at line 2 column 2"},
                {"[{\"orderId\": \"a\"}, \"o-2\"]", "order 2 is \"o-2\", not a JSON object; nothing was started"},
                {"[null]", "order 1 is null, not a JSON object"},
                {"[[1]]", "order 1 is [1], not a JSON object"},
                {"[]", "must hold a non-empty JSON array of orders"},
                {"", "the file is empty; it must hold a non-empty JSON array of orders"},
                {" \n\t\n", "the file is empty; it must hold a non-empty JSON array of orders"}}) {
            Path file = dir.resolve("orders.json");
            Files.writeString(file, bad[0]);
            err.reset();

            assertEquals(64, app.run("--orders", file.toString()), bad[0]);
            assertTrue(err().contains("--orders " + file + ": " + bad[1]), bad[0] + " -> " + err());
        }
        assertEquals(0, stub.started.size());
    }

    @Test
    void aMissingOrdersFileIsSaidNotToExist(@TempDir Path dir) {
        assertEquals(64, app.run("--orders", dir.resolve("nope.json").toString()));
        assertTrue(err().contains("nope.json: the file does not exist"), err());
    }

    @Test
    void aMalformedArnIsRefusedBeforeAnyCall() {
        assertEquals(64, app.run("history", "arn:aws:states:us-east-1:123:execution:x"));
        assertTrue(err().contains("EXECUTION_ARN 'arn:aws:states:us-east-1:123:execution:x' is not an execution ARN"),
                err());
        assertEquals(64, app.run("--state-machine", "dev-InventoryStateMachine"));
        assertTrue(err().contains("--state-machine 'dev-InventoryStateMachine' is not a state machine ARN"), err());
        assertEquals(0, stub.started.size());
    }

    @Test
    void theRegionCalledIsTheOneTheStateMachinesArnNames() {
        assertEquals(0, app.run("--count", "1"));
        assertTrue(err().contains("region us-east-1 (from the stack's stateMachineArn)"), err());
    }

    @Test
    void aDirectoryIsNotAFileOfOrders(@TempDir Path dir) {
        assertEquals(64, app.run("--orders", dir.toString()));
        assertTrue(err().contains("--orders " + dir + ": is a directory, not a file of orders"), err());
        assertEquals(0, stub.started.size());
    }

    @Test
    void badArgumentsAreNamedWithUsage() {
        assertEquals(64, app.run("--count", "zero"));
        assertTrue(err().contains("Invalid value for option '--count': 'zero' is not an int"), err());
        assertTrue(err().contains("Usage: orders"), err());
        err.reset();
        assertEquals(64, app.run("--count", "0"));
        assertTrue(err().contains("--count must be a whole number from 1 to 1000, got '0'"), err());
        err.reset();
        assertEquals(64, app.run("--count", "2", "--colour"));
        assertTrue(err().contains("Unknown option: '--colour'"), err());
        err.reset();
        assertEquals(64, app.run("--timeout"));
        assertTrue(err().contains("Missing required parameter for option '--timeout'"), err());
        assertFalse(stub.started.iterator().hasNext());
    }

    @Test
    void countAndTimeoutAreCheckedAtTheirLimits() {
        assertEquals(64, app.run("--count", "1001"));
        assertTrue(err().contains("--count must be a whole number from 1 to 1000, got '1001'"), err());
        assertEquals(64, app.run("--timeout", "0"));
        assertEquals(64, app.run("--timeout", "86401"));
        assertTrue(err().contains("--timeout must be a whole number from 1 to 86400, got '86401'"), err());
        assertEquals(0, stub.started.size());
        assertEquals(0, app.run("--count", "1", "--timeout", "86400"), err());
        assertEquals(1, stub.started.size());
    }

    @Test
    void aStateMachineNamedOnTheCommandLineIsUsedWithoutAskingTheStack() {
        var named = new RunOrders(new PrintStream(out, true), new PrintStream(err, true), stub::client, () -> {
            throw new AssertionError("no queue");
        }, (stack, name) -> {
            throw new AssertionError("the stack's outputs are not needed when the state machine is named");
        }, Duration.ofMillis(20));

        assertEquals(0, named.run("--count", "1", "--state-machine", STATE_MACHINE), err());
        assertEquals(0, named.run("stop", "--state-machine", STATE_MACHINE), err());
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        assertEquals(0, app.run("--help"));
        for (var part : new String[] {"Usage: orders", "history", "stop", "dlq", "--count", "--orders", "--timeout",
                "--stack", "--state-machine", "Exit codes:", "130"}) {
            assertTrue(out().contains(part), part + " in\n" + out());
        }
        out.reset();
        assertEquals(0, app.run("dlq", "--help"));
        assertTrue(out().contains("list") && out().contains("redrive"), out());
        assertFalse(stub.started.iterator().hasNext());
    }

    @Test
    void startsThrottledPastTheTimeoutCountAsNotFinishedAndAreListed() {
        stub.throttleStarts.set(1_000_000);

        int exit = app.run("--count", "3", "--timeout", "1");

        assertEquals(2, exit, err());
        assertTrue(err().contains("3 orders were not started within 1 s"), err());
        for (String order : List.of("in-stock", "out-of-stock", "invalid")) {
            assertTrue(err().lines().anyMatch(("  " + order)::equals), err());
        }
        assertFalse(err().contains("did not finish"), err());
        assertTrue(row("in-stock").contains("NOT_STARTED") && row("in-stock").endsWith("not started"), out());
        assertTrue(row("invalid").endsWith("not started"), out());
        assertEquals(0, stub.started.size());
    }

    @Test
    void ctrlCBeforeTheFirstStartStartsNothing() {
        app.cancel();

        assertEquals(130, app.run("--count", "2"));
        assertEquals(List.of(), stub.started);
        assertTrue(err().contains("Interrupted. 0 executions were started"), err());
    }

    @Test
    void theEmptyArgumentMavenPassesForNoArgumentsIsIgnored() {
        assertEquals(0, app.run("", "--count", "1", " "), err());
        assertEquals(1, stub.started.size());
    }

    @Test
    void aClientThatCannotBeBuiltIsNamedInOneLineBeforeAnythingStarts() {
        var noRegion = new RunOrders(new PrintStream(out, true), new PrintStream(err, true), () -> {
            throw software.amazon.awssdk.core.exception.SdkClientException.create(
                    "Unable to load region from any of the providers in the chain\n  SystemPropertyRegionProvider");
        }, () -> {
            throw new AssertionError("no queue");
        }, (stack, name) -> STATE_MACHINE, Duration.ofMillis(20));

        assertEquals(1, noRegion.run("--count", "1"));
        assertEquals("cannot call AWS: no AWS region: name the resource by its ARN, set AWS_REGION, or set a region in"
                + " your AWS profile", err().lines().filter(l -> l.startsWith("cannot call AWS")).findFirst()
                .orElse(err()));
        assertFalse(err().contains("were started"), err());
        assertEquals(List.of(), stub.started);
    }
}
