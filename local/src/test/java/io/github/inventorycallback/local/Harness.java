package io.github.inventorycallback.local;

import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the poller's tests share: the queues, the runtime client's class path and native library, execution
 * environments of a function (the scripted one, or the deployed jar), manual timeouts and what the poller reports.
 */
final class Harness implements AutoCloseable {
    static final String SCRIPTED = ScriptedHandler.class.getName() + "::handleRequest";
    /** How long a test waits for something that must happen; reaching it fails the test, never passes it. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /** One settled invocation, as the poller reported it. */
    record Settled(int worker, List<Message> batch, ExecutionEnvironment.Outcome outcome, Set<String> deleted) {
    }

    final LocalQueues queues;
    final Path dir;
    final ManualTimeouts timeouts = new ManualTimeouts();
    final JavaRuntime runtime;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Settled> settled = new CopyOnWriteArrayList<>();
    final List<ExecutionEnvironment> environments = new ArrayList<>();
    final Path gate;
    final Path events;

    Harness(Path dir, int visibilityTimeoutSeconds, int maxReceiveCount) throws IOException {
        this.dir = dir;
        this.queues = new LocalQueues(visibilityTimeoutSeconds, maxReceiveCount);
        this.runtime = JavaRuntime.onThisClassPath(ProcessHandle.current().info().command().orElse("java"),
                dir.resolve("runtime"));
        this.gate = dir.resolve("gate");
        this.events = Files.createDirectories(dir.resolve("events"));
    }

    /**
     * The scripted function, deployed with a 3 s timeout (which only {@link ManualTimeouts} ends; it differs from
     * the init limit, so that a test can tell the two deadlines apart).
     */
    DeployedFunction.Function scripted() {
        return new DeployedFunction.Function("Inventory", "arn:aws:lambda:us-east-1:123456789012:function:Inventory",
                "java21", SCRIPTED, Map.of("GATE", gate.toString(), "EVENTS", events.toString()), 3, 256, "-", 0,
                "$LATEST");
    }

    /** A task root holding the scripted handler alone, as its deployment package would. */
    Path scriptedTaskRoot() throws IOException {
        try {
            Path classes = Path.of(ScriptedHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String file = ScriptedHandler.class.getName().replace('.', '/') + ".class";
            Path target = dir.resolve("task").resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(classes.resolve(file), target);
            return dir.resolve("task");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    ExecutionEnvironment environment(DeployedFunction.Function function, Path taskRoot) {
        var environment = new ExecutionEnvironment("Inventory#" + (environments.size() + 1), function, runtime,
                taskRoot, dir.resolve("tmp-" + environments.size()), "us-east-1", queues.endpoint, timeouts, log::add);
        environments.add(environment);
        return environment;
    }

    SqsPoller poller(DeployedFunction.Mapping mapping, SqsPoller.Listener more) {
        return new SqsPoller(queues.sqs, mapping, 1, System::nanoTime, pause -> { }, new SqsPoller.Listener() {
            @Override
            public void invoking(int worker, List<Message> batch) {
                more.invoking(worker, batch);
            }

            @Override
            public void settled(int worker, List<Message> batch, ExecutionEnvironment.Outcome outcome,
                                Set<String> deleted) {
                settled.add(new Settled(worker, batch, outcome, deleted));
                more.settled(worker, batch, outcome, deleted);
            }
        });
    }

    /** Polls once, again and again, until a batch was received (each poll waits a second for one). */
    Settled pollUntilABatch(SqsPoller poller, ExecutionEnvironment environment) throws InterruptedException {
        int before = settled.size();
        awaitTrue("a batch", () -> {
            try {
                return poller.pollOnce(1, environment::invoke);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return settled.get(before);
    }

    /** {@link #pollUntilABatch} on another thread, for a test that acts while the function runs. */
    CompletableFuture<Settled> pollInBackground(SqsPoller poller, ExecutionEnvironment environment) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return pollUntilABatch(poller, environment);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits until the runtime client took an invocation: its function timeout is then pending. */
    void awaitTaken(DeployedFunction.Function function) throws InterruptedException {
        awaitTrue("the invocation to be taken",
                () -> timeouts.pending().contains(Duration.ofSeconds(function.timeoutSeconds())));
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** The lines the environments logged that contain {@code text}. */
    long logged(String text) {
        return log.stream().filter(line -> line.contains(text)).count();
    }

    @Override
    public void close() {
        environments.forEach(ExecutionEnvironment::close);
        queues.close();
    }
}
