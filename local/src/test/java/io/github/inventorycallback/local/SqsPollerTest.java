package io.github.inventorycallback.local;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poller against a real SQS-compatible server, invoking a function under the real runtime interface client (a
 * scripted handler: each record's body says what it does). Deadlines come only when the test expires them; the
 * class's own limit only keeps a deadlock from hanging the build.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SqsPollerTest {
    @TempDir
    Path dir;

    private Harness harness;

    private Harness harness(int visibilityTimeoutSeconds) throws IOException {
        harness = new Harness(dir, visibilityTimeoutSeconds, 10);
        return harness;
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    private static int receiveCount(Message message) {
        return Integer.parseInt(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    @Test
    void batchesHoldAtMostBatchSizeRecordsAndEverythingAnsweredIsDeleted() throws Exception {
        var h = harness(30);
        var environment = h.environment(h.scripted(), h.scriptedTaskRoot());
        var poller = h.poller(h.queues.mapping(3, 0, 1), new SqsPoller.Listener() { });
        h.queues.send("ok", "ok", "ok", "ok", "ok");

        int records = 0;
        while (records < 5) {
            var batch = h.pollUntilABatch(poller, environment);
            assertTrue(batch.batch().size() <= 3, "a batch of " + batch.batch().size());
            assertEquals(batch.batch().size(), batch.deleted().size());
            records += batch.batch().size();
        }

        assertEquals(5, records);
        assertEquals(0, h.queues.held(h.queues.ordersUrl));
        assertEquals(1, h.logged("cold start"), "one environment, reused: " + h.log);
    }

    @Test
    void theFunctionGetsTheSqsEventAsLambdaWritesIt() throws Exception {
        var h = harness(30);
        var environment = h.environment(h.scripted(), h.scriptedTaskRoot());
        h.queues.send("ok");

        h.pollUntilABatch(h.poller(h.queues.mapping(10, 0, 1), new SqsPoller.Listener() { }), environment);

        List<Path> written;
        try (var files = Files.list(h.events)) {
            written = files.toList();
        }
        assertEquals(1, written.size());
        JsonObject record = JsonParser.parseString(Files.readString(written.get(0))).getAsJsonObject()
                .getAsJsonArray("Records").get(0).getAsJsonObject();
        assertEquals("ok", record.get("body").getAsString());
        assertEquals("aws:sqs", record.get("eventSource").getAsString());
        assertEquals(h.queues.ordersArn, record.get("eventSourceARN").getAsString());
        assertEquals("us-east-1", record.get("awsRegion").getAsString());
        assertEquals("1", record.getAsJsonObject("attributes").get("ApproximateReceiveCount").getAsString());
        assertTrue(record.getAsJsonObject("attributes").has("SentTimestamp"), record.toString());
        assertFalse(record.get("receiptHandle").getAsString().isEmpty());
        assertFalse(record.get("md5OfBody").getAsString().isEmpty());
    }

    @Test
    void onlyTheReportedFailuresStayAndComeBackAfterTheVisibilityTimeout() throws Exception {
        var h = harness(1);
        var environment = h.environment(h.scripted(), h.scriptedTaskRoot());
        h.queues.send("ok", "fail", "ok");

        var batch = h.pollUntilABatch(h.poller(h.queues.mapping(10, 0, 1), new SqsPoller.Listener() { }), environment);

        assertEquals(3, batch.batch().size(), "ElasticMQ hands out every visible message");
        assertEquals(ExecutionEnvironment.Outcome.Kind.RESPONSE, batch.outcome().kind());
        assertEquals(2, batch.deleted().size());
        List<Message> back = h.queues.receive(h.queues.ordersUrl, 10);
        assertEquals(List.of("fail"), back.stream().map(Message::body).toList());
        assertEquals(2, receiveCount(back.get(0)));
    }

    @Test
    void anInvocationErrorLeavesTheWholeBatchAndKeepsTheEnvironment() throws Exception {
        var h = harness(1);
        var environment = h.environment(h.scripted(), h.scriptedTaskRoot());
        var poller = h.poller(h.queues.mapping(10, 0, 1), new SqsPoller.Listener() { });
        h.queues.send("ok", "throw");

        var batch = h.pollUntilABatch(poller, environment);
        long pid = environment.pid();

        assertEquals(ExecutionEnvironment.Outcome.Kind.ERROR, batch.outcome().kind());
        assertTrue(batch.outcome().body().contains("scripted failure"), batch.outcome().body());
        assertEquals(0, batch.deleted().size());
        List<Message> back = h.queues.receive(h.queues.ordersUrl, 10);
        assertEquals(2, back.size() + h.queues.receive(h.queues.ordersUrl, 0).size());
        assertEquals(pid, environment.pid(), "Lambda keeps an environment after a handled error");
    }

    @Test
    void aFunctionPastItsTimeoutIsStoppedItsBatchStaysAndTheNextInvocationStartsAFreshJvm() throws Exception {
        var h = harness(1);
        var function = h.scripted();
        var environment = h.environment(function, h.scriptedTaskRoot());
        var poller = h.poller(h.queues.mapping(10, 0, 1), new SqsPoller.Listener() { });
        h.queues.send("hang");
        var polled = h.pollInBackground(poller, environment);
        h.awaitTaken(function);
        long hung = environment.pid();

        h.timeouts.expire(Duration.ofSeconds(function.timeoutSeconds()));
        var batch = polled.get(Harness.PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(ExecutionEnvironment.Outcome.Kind.TIMEOUT, batch.outcome().kind());
        assertEquals("Task timed out after 3 seconds", batch.outcome().body());
        assertTrue(ProcessHandle.of(hung).map(p -> !p.isAlive()).orElse(true), "JVM " + hung + " still runs");
        Message back = h.queues.receive(h.queues.ordersUrl, 10).get(0);
        assertEquals("hang", back.body());
        h.queues.sqs.deleteMessage(r -> r.queueUrl(h.queues.ordersUrl).receiptHandle(back.receiptHandle()));

        h.queues.send("ok");
        var next = h.pollUntilABatch(poller, environment);
        assertEquals(ExecutionEnvironment.Outcome.Kind.RESPONSE, next.outcome().kind());
        assertNotEquals(hung, environment.pid());
        assertEquals(2, h.logged("cold start"));
    }

    @Test
    void stoppingTheRuntimeMidBatchLeavesTheBatchInTheQueue() throws Exception {
        var h = harness(1);
        var function = h.scripted();
        var environment = h.environment(function, h.scriptedTaskRoot());
        var poller = h.poller(h.queues.mapping(10, 0, 1), new SqsPoller.Listener() { });
        h.queues.send("block");
        var polled = h.pollInBackground(poller, environment);
        h.awaitTaken(function);
        long pid = environment.pid();

        environment.close();
        var batch = polled.get(Harness.PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertFalse(batch.outcome().succeeded());
        assertEquals(0, batch.deleted().size());
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "JVM " + pid + " still runs");
        List<Message> back = h.queues.receive(h.queues.ordersUrl, 10);
        assertEquals(List.of("block"), back.stream().map(Message::body).toList());
        assertEquals(2, receiveCount(back.get(0)));
    }

    @Test
    void neverMoreInvocationsAtOnceThanMaximumConcurrency() throws Exception {
        var h = harness(30);
        var function = h.scripted();
        Path root = h.scriptedTaskRoot();
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        var poller = h.poller(h.queues.mapping(1, 0, 2), new SqsPoller.Listener() {
            @Override
            public void invoking(int worker, List<Message> batch) {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
            }

            @Override
            public void settled(int worker, List<Message> batch, ExecutionEnvironment.Outcome outcome,
                                java.util.Set<String> deleted) {
                running.decrementAndGet();
            }
        });
        h.queues.send("block", "block", "block", "block", "block", "block");

        poller.start(List.of(h.environment(function, root)::invoke, h.environment(function, root)::invoke));
        Harness.awaitTrue("two invocations at once", () -> running.get() == 2);
        Files.createFile(h.gate);
        Harness.awaitTrue("every record answered", () -> h.settled.size() == 6);
        poller.stop(Duration.ofSeconds(5));

        assertEquals(2, most.get());
        assertEquals(0, h.queues.held(h.queues.ordersUrl));
        assertEquals(2, h.logged("cold start"), "one JVM per concurrent invocation: " + h.log);
    }

    /** The runtime client (2.10.1) takes the invocation and reports the missing class as its error. */
    @Test
    void aHandlerThatCannotBeLoadedFailsTheInvocationAndLeavesTheBatch() throws Exception {
        var h = harness(1);
        var scripted = h.scripted();
        var missing = new DeployedFunction.Function(scripted.name(), scripted.arn(), scripted.runtime(),
                "io.github.inventorycallback.local.NoSuchHandler::handleRequest", scripted.environment(),
                scripted.timeoutSeconds(), scripted.memoryMb(), "-", 0, "$LATEST");
        var environment = h.environment(missing, h.scriptedTaskRoot());
        h.queues.send("ok");

        var batch = h.pollUntilABatch(h.poller(h.queues.mapping(10, 0, 1), new SqsPoller.Listener() { }), environment);

        assertEquals(ExecutionEnvironment.Outcome.Kind.ERROR, batch.outcome().kind(), batch.outcome().body());
        assertTrue(batch.outcome().body().contains("Class not found: io.github.inventorycallback.local.NoSuchHandler"),
                batch.outcome().body());
        assertEquals(0, batch.deleted().size());
        assertEquals(List.of("ok"), h.queues.receive(h.queues.ordersUrl, 10).stream().map(Message::body).toList());
    }

    @Test
    void aJvmThatDiesMidBatchLeavesTheBatchAndTheNextBatchGetsANewOne() throws Exception {
        var h = harness(1);
        var environment = h.environment(h.scripted(), h.scriptedTaskRoot());
        var poller = h.poller(h.queues.mapping(10, 0, 1), new SqsPoller.Listener() { });
        h.queues.send("exit");

        var batch = h.pollUntilABatch(poller, environment);

        assertEquals(ExecutionEnvironment.Outcome.Kind.CRASH, batch.outcome().kind());
        assertEquals("the function's JVM exited with code 3", batch.outcome().body());
        Message back = h.queues.receive(h.queues.ordersUrl, 10).get(0);
        h.queues.sqs.deleteMessage(r -> r.queueUrl(h.queues.ordersUrl).receiptHandle(back.receiptHandle()));
        h.queues.send("ok");
        assertEquals(ExecutionEnvironment.Outcome.Kind.RESPONSE, h.pollUntilABatch(poller, environment).outcome().kind());
        assertEquals(2, h.logged("cold start"));
    }
}
