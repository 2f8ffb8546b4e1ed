package io.github.inventorycallback.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One execution environment of the function: a JVM running the runtime interface client with its own Runtime API,
 * started at its first invocation (a cold start) and reused for the next ones, as Lambda reuses a warm environment.
 * One invocation at a time. A timeout, a crash or a failed init ends the JVM (by its PID, children first), and the
 * next invocation starts a new one, as Lambda replaces such an environment.
 */
final class ExecutionEnvironment implements AutoCloseable {
    /** Lambda's limit on the init phase of an on-demand environment. */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    /** How one invocation ended. */
    record Outcome(Kind kind, String body) {
        enum Kind { RESPONSE, ERROR, INIT_ERROR, TIMEOUT, CRASH }

        boolean succeeded() {
            return kind == Kind.RESPONSE;
        }
    }

    private final String name;
    private final DeployedFunction.Function function;
    private final JavaRuntime runtime;
    private final Path taskRoot;
    private final Path tmp;
    private final String region;
    private final String endpoint;
    private final Timeouts timeouts;
    private final Consumer<String> log;
    private RuntimeApi api;
    private volatile Process process;
    private volatile Runnable onTaken = () -> { };
    private volatile boolean closed;

    /**
     * @param name the environment's name in the log lines ({@code Inventory#2})
     * @param tmp  the environment's own temporary directory, as each Lambda environment has its own /tmp
     * @param log  where the function's output goes, line by line, prefixed with the environment's name
     */
    ExecutionEnvironment(String name, DeployedFunction.Function function, JavaRuntime runtime, Path taskRoot,
                         Path tmp, String region, String endpoint, Timeouts timeouts, Consumer<String> log) {
        this.name = name;
        this.function = function;
        this.runtime = runtime;
        this.taskRoot = taskRoot;
        this.tmp = tmp;
        this.region = region;
        this.endpoint = endpoint;
        this.timeouts = timeouts;
        this.log = log;
    }

    /** Invokes the function with one event and waits for its answer, its timeout or the end of its JVM. */
    synchronized Outcome invoke(String event) throws InterruptedException {
        if (closed) {
            return new Outcome(Outcome.Kind.CRASH, "the runtime is stopping");
        }
        if (process == null || !process.isAlive()) {
            start();
        }
        var outcome = new CompletableFuture<Outcome>();
        long timeoutMillis = function.timeoutSeconds() * 1000L;
        Process current = process;
        RuntimeApi currentApi = api;
        // A cold start's init has a limit of its own; the function's timeout starts when the runtime client takes the
        // invocation, as Lambda counts it.
        Runnable cancelInitLimit = timeouts.after(INIT_LIMIT, () -> outcome.complete(new Outcome(Outcome.Kind.TIMEOUT,
                "the runtime client took no invocation within " + INIT_LIMIT.toSeconds() + " s of init")));
        Runnable[] cancelFunctionTimeout = {() -> { }};
        onTaken = () -> {
            cancelInitLimit.run();
            cancelFunctionTimeout[0] = timeouts.after(Duration.ofMillis(timeoutMillis), () -> outcome.complete(
                    new Outcome(Outcome.Kind.TIMEOUT, "Task timed out after " + function.timeoutSeconds()
                            + " seconds")));
        };
        // A UUID, as Lambda's request ids: the runtime client puts it in a URL path as it is.
        currentApi.invoke(new RuntimeApi.Invocation(UUID.randomUUID().toString(), event, timeoutMillis,
                function.arn())).thenAccept(answer -> outcome.complete(switch (answer.kind()) {
                    case RESPONSE -> new Outcome(Outcome.Kind.RESPONSE, answer.body());
                    case ERROR -> new Outcome(Outcome.Kind.ERROR, answer.body());
                    case INIT_ERROR -> new Outcome(Outcome.Kind.INIT_ERROR, answer.body());
                }));
        current.onExit().thenRun(() -> outcome.complete(currentApi.initError() != null
                ? new Outcome(Outcome.Kind.INIT_ERROR, currentApi.initError())
                : new Outcome(Outcome.Kind.CRASH, "the function's JVM exited with code " + current.exitValue())));
        Outcome result;
        try {
            result = outcome.get();
        } catch (ExecutionException e) {
            result = new Outcome(Outcome.Kind.CRASH, String.valueOf(e.getCause()));
        } finally {
            onTaken = () -> { };
            cancelInitLimit.run();
            cancelFunctionTimeout[0].run();
        }
        if (!result.succeeded() && result.kind() != Outcome.Kind.ERROR) {
            stop();
        }
        return result;
    }

    /** The runtime client took the invocation: the function's timeout starts now. */
    private void taken(RuntimeApi.Invocation invocation) {
        onTaken.run();
    }

    private void start() {
        stop();
        api = new RuntimeApi(0, this::taken);
        List<String> command = new ArrayList<>(runtime.command(function));
        command.add(1, "-Djava.io.tmpdir=" + tmp);
        var builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(JavaRuntime.environment(function, region, endpoint, taskRoot, api.address()));
        builder.environment().put("TMPDIR", tmp.toString());
        try {
            Files.createDirectories(tmp);
            process = builder.start();
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot start " + runtime.java() + ": " + e.getMessage(), e);
        }
        log.accept("[" + name + "] cold start: JVM " + process.pid() + ", Runtime API " + api.address());
        Process started = process;
        Thread pump = new Thread(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> log.accept("[" + name + "] " + line));
            } catch (IOException | UncheckedIOException e) {
                // the JVM is gone
            }
        }, name + "-log");
        pump.setDaemon(true);
        pump.start();
    }

    /** The PID of the environment's JVM, or -1 when none runs; not waiting for an invocation in flight. */
    long pid() {
        Process running = process;
        return running != null && running.isAlive() ? running.pid() : -1;
    }

    /** Ends the JVM by its PID (and anything it started), and its Runtime API. */
    private void stop() {
        Process running = process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
            try {
                running.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.accept("[" + name + "] JVM " + running.pid() + " stopped");
        }
        process = null;
        if (api != null) {
            api.close();
            api = null;
        }
    }

    /** Stops the JVM even while an invocation runs: what it had not answered stays in the queue. */
    @Override
    public void close() {
        closed = true;
        Process running = process;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
        }
        synchronized (this) {
            stop();
        }
    }
}
