package io.github.inventorycallback.function.batch;

import io.github.inventorycallback.function.log.Log;
import io.github.inventorycallback.function.log.LogLine;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers the records of one batch in parallel, within the invocation's time, and reports the records SQS must
 * deliver again ({@code ReportBatchItemFailures}).
 */
public final class BatchRunner {

    /**
     * Time kept back from the invocation's deadline to report unfinished records instead of timing out: 1.5 s, or
     * a fifth of the remaining time for functions with very short timeouts.
     */
    static final long TIME_RESERVE_MILLIS = 1500;

    private final InventoryService service;
    private final ExecutorService callbacks;
    private final Log log;
    private final InvocationClock clock;
    /** Whether the request path is loaded in this JVM: a callback completed, or SnapStart priming ran. */
    private volatile boolean warm;

    /** @param concurrency how many records are answered at once */
    public BatchRunner(InventoryService service, int concurrency, Log log) {
        this(service, concurrency, log, InvocationClock.SYSTEM);
    }

    /** @param clock the deadlines' clock: a seam, so that tests decide when an invocation's time is up */
    BatchRunner(InventoryService service, int concurrency, Log log, InvocationClock clock) {
        this.service = service;
        this.log = log;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.callbacks = Executors.newFixedThreadPool(concurrency, task -> {
            Thread thread = new Thread(task, "callback-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The event as JSON in, the batch response as JSON out ({@link SqsEvents}). */
    public void handle(InputStream input, OutputStream output, Context context) throws IOException {
        SqsEvents.write(handleBatch(SqsEvents.read(input), context), output);
    }

    /** Answers every record's task token; returns the records SQS must deliver again. */
    public SQSBatchResponse handleBatch(SQSEvent event, Context context) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        long remaining = context.getRemainingTimeInMillis();
        long deadline = clock.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(remaining - Math.min(TIME_RESERVE_MILLIS, remaining / 5));

        Map<String, Future<InventoryService.Ending>> running = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            running.put(record.getMessageId(),
                    callbacks.submit(() -> service.handle(record.getMessageId(), record.getBody(), attempt(record),
                            deadline)));
            if (!warm) {
                // The first callback of a fresh JVM loads the SDK's request path and opens the first connection;
                // the others wait for it instead of all doing that work at once on the function's fraction of a CPU.
                awaitQuietly(running.get(record.getMessageId()), deadline);
                warm = true;
            }
        }

        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        running.forEach((messageId, outcome) -> {
            if (!acknowledged(messageId, outcome, deadline)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
            }
        });
        return new SQSBatchResponse(failures);
    }

    /**
     * SnapStart priming loaded the request path: the first batch's callbacks need not wait for one of them, and
     * their threads are started now, for the snapshot, rather than by the first batch after each restore.
     */
    public void primed() {
        warm = true;
        ((ThreadPoolExecutor) callbacks).prestartAllCoreThreads();
    }

    /** Stops the callback threads (the priming's, after the priming batches). */
    public void shutdown() {
        callbacks.shutdownNow();
    }

    /** The record's receive count (SQS's ApproximateReceiveCount): 1 on its first delivery. */
    static int attempt(SQSEvent.SQSMessage record) {
        Map<String, String> attributes = record.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private void awaitQuietly(Future<?> first, long deadline) {
        try {
            clock.await(first, deadline);
        } catch (TimeoutException | ExecutionException e) {
            // Reported with the other records below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean acknowledged(String messageId, Future<InventoryService.Ending> outcome, long deadline) {
        try {
            return clock.await(outcome, deadline).acknowledged();
        } catch (TimeoutException e) {
            outcome.cancel(true);
            log.line(LogLine.warn("left for redelivery: not finished before the invocation's time ran out")
                    .with("messageId", messageId).toString());
        } catch (ExecutionException e) {
            log.line(LogLine.warn("left for redelivery: " + e.getCause()).with("messageId", messageId).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.line(LogLine.warn("left for redelivery: the invocation was interrupted").with("messageId", messageId)
                    .toString());
        }
        return false;
    }
}
