package io.github.inventorycallback.stack.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.SfnException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/** Starts one execution per order, polls them until they finish, and reads the path each one took. */
public final class ExecutionRunner {

    /** A finished (or abandoned) execution. */
    public record Outcome(Order order, String executionArn, String status, List<String> path, String error,
                          Duration duration) {
        public String lastState() {
            return path.isEmpty() ? "" : path.get(path.size() - 1);
        }

        public boolean asExpected() {
            return order.matches(status, lastState(), error);
        }
    }

    /**
     * What a run ended with: one outcome per order, started ones first in the order they were started, then those
     * never started (status {@code NOT_STARTED}, no execution ARN).
     */
    public record Result(List<Outcome> outcomes, boolean timedOut, boolean cancelled, Duration timeout) {
    }

    static final String NOT_STARTED = "NOT_STARTED";
    /** The longest execution name Step Functions takes (StartExecution API reference). */
    static final int MAX_NAME_LENGTH = 80;

    private final SfnClient sfn;
    private final Progress progress;
    private final Duration timeout;
    private final Duration firstPoll;
    private final Duration maxPoll;
    private final LongSupplier nanoTime;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** Released by {@link #cancel}, so a pause between polls ends at once. */
    private final CountDownLatch cancelSignal = new CountDownLatch(1);
    /** Every execution started so far, also when a run ends in an error. */
    private final List<String> started = new CopyOnWriteArrayList<>();

    public ExecutionRunner(SfnClient sfn, Progress progress, Duration timeout, Duration firstPoll, Duration maxPoll) {
        this(sfn, progress, timeout, firstPoll, maxPoll, System::nanoTime);
    }

    /** @param nanoTime the clock the timeout is kept on: a seam, so that tests decide when it is up */
    ExecutionRunner(SfnClient sfn, Progress progress, Duration timeout, Duration firstPoll, Duration maxPoll,
                    LongSupplier nanoTime) {
        this.sfn = sfn;
        this.progress = progress;
        this.timeout = timeout;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
        this.nanoTime = nanoTime;
    }

    /** Stops starting and polling (Ctrl-C); {@link #run} returns what it has, with every started execution. */
    public void cancel() {
        cancelled.set(true);
        cancelSignal.countDown();
    }

    /** The executions started so far: what to tell the user when a run fails half-way. */
    public List<String> started() {
        return List.copyOf(started);
    }

    public Result run(String stateMachineArn, List<Order> orders) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        Map<String, Order> running = new LinkedHashMap<>();
        String batch = UUID.randomUUID().toString().substring(0, 8);
        Duration backoff = firstPoll;
        for (int i = 0; i < orders.size() && !cancelled.get() && nanoTime.getAsLong() < deadline; ) {
            Order order = orders.get(i);
            // The name makes a retried start idempotent: for the same name and input, Step Functions answers with
            // the execution it already started instead of starting another.
            String name = executionName(order.name(), batch, i + 1);
            try {
                String arn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name)
                        .input(order.input())).executionArn();
                running.put(arn, order);
                started.add(arn);
                i++;
            } catch (SfnException e) {
                if (!e.isThrottlingException()) {
                    throw e;
                }
                backoff = min(backoff.multipliedBy(2), maxPoll);
                cancelSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        Map<String, Outcome> finished = new LinkedHashMap<>();
        Duration pause = firstPoll;
        progress.update(0, started.size());
        while (!running.isEmpty() && !cancelled.get() && nanoTime.getAsLong() < deadline) {
            try {
                for (var it = running.entrySet().iterator(); it.hasNext() && !cancelled.get(); ) {
                    var entry = it.next();
                    DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(entry.getKey()));
                    if (execution.status() != ExecutionStatus.RUNNING) {
                        finished.put(entry.getKey(), outcome(entry.getValue(), execution));
                        it.remove();
                        progress.update(finished.size(), started.size());
                    }
                }
                pause = min(pause.multipliedBy(3).dividedBy(2), maxPoll);
            } catch (SfnException e) {
                if (!e.isThrottlingException()) {
                    throw e;
                }
                // The SDK already retried; slow down further rather than give up.
                pause = min(pause.multipliedBy(2), maxPoll.multipliedBy(4));
            }
            if (!running.isEmpty()) {
                long left = deadline - nanoTime.getAsLong();
                cancelSignal.await(Math.max(0, Math.min(pause.toMillis(), left / 1_000_000)), TimeUnit.MILLISECONDS);
            }
        }
        progress.done();

        List<Outcome> outcomes = new ArrayList<>();
        for (String arn : started) {
            Outcome outcome = finished.get(arn);
            outcomes.add(outcome != null ? outcome : new Outcome(running.get(arn), arn, "RUNNING", List.of(), null, null));
        }
        // Starts throttled until the deadline: those orders count as not finished, never as a quiet success.
        for (Order order : orders.subList(started.size(), orders.size())) {
            outcomes.add(new Outcome(order, null, NOT_STARTED, List.of(), null, null));
        }
        boolean timedOut = (!running.isEmpty() || started.size() < orders.size()) && !cancelled.get();
        return new Result(List.copyOf(outcomes), timedOut, cancelled.get(), timeout);
    }

    private Outcome outcome(Order order, DescribeExecutionResponse execution) {
        List<String> path = new ArrayList<>();
        for (HistoryEvent event : sfn.getExecutionHistoryPaginator(r -> r.executionArn(execution.executionArn()))
                .events()) {
            if (event.stateEnteredEventDetails() != null) {
                path.add(event.stateEnteredEventDetails().name());
            }
        }
        Duration duration = execution.stopDate() == null ? null
                : Duration.between(execution.startDate(), execution.stopDate());
        String error = execution.error() != null ? execution.error() : caughtError(execution.output());
        return new Outcome(order, execution.executionArn(), execution.statusAsString(), List.copyOf(path), error,
                duration);
    }

    /**
     * An execution's name: the order's name, then the run's batch and the order's position, which keep it unique (Step
     * Functions refuses a name used on the state machine in the last 90 days). An order's name may be the user's
     * {@code orderId}, which may hold what a name must not (white space, brackets, wildcards,
     * {@code " # % \ ^ | ~ ` $ & , ; : /}, control characters), and CloudWatch Logs takes only letters, digits,
     * {@code -} and {@code _}. So each run of anything else, with the hyphens beside it, becomes one {@code -}, and the
     * order's part is cut so the whole name fits in 80 characters.
     */
    static String executionName(String orderName, String batch, int position) {
        String suffix = "-" + batch + "-" + position;
        String stem = orderName.replaceAll("[^A-Za-z0-9_]+", "-").replaceAll("^-+|-+$", "");
        stem = stem.substring(0, Math.min(stem.length(), MAX_NAME_LENGTH - suffix.length()));
        return (stem.isEmpty() ? "order" : stem) + suffix;
    }

    /** The error a Catch kept under {@code $.error} (see WorkflowDefinition), if any. */
    static String caughtError(String output) {
        if (output == null) {
            return null;
        }
        try {
            JsonElement json = JsonParser.parseString(output);
            JsonElement error = json.isJsonObject() ? json.getAsJsonObject().get("error") : null;
            if (error != null && error.isJsonObject() && error.getAsJsonObject().has("Error")) {
                return error.getAsJsonObject().get("Error").getAsString();
            }
        } catch (JsonSyntaxException e) {
            return null;
        }
        return null;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
