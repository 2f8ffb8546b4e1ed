package io.github.inventorycallback.local;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What Lambda's SQS poller does for an event source mapping: long-polls the queue, gathers a batch of up to
 * {@code batchSize} records (for up to the batching window), invokes the function with it through one of its
 * execution environments, and deletes the records the invocation settled ({@link SqsRecords#toDelete}). The rest stay
 * in the queue and come back after the visibility timeout; the queue's redrive policy moves a record to its
 * dead-letter queue after {@code maxReceiveCount} receives. One worker per environment, so never more invocations
 * at once than there are environments ({@code maximumConcurrency}).
 */
final class SqsPoller implements AutoCloseable {
    /** SQS's longest long poll, which Lambda's poller uses. */
    static final int LONG_POLL_SECONDS = 20;
    /** Lambda's limit on an invocation's payload: a batch stops growing before it. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** One invocation of the function: an event in, its outcome out. */
    @FunctionalInterface
    interface Function {
        ExecutionEnvironment.Outcome invoke(String event) throws InterruptedException;
    }

    /** What happens, for the log and for tests. */
    interface Listener {
        default void invoking(int worker, List<Message> batch) {
        }

        default void settled(int worker, List<Message> batch, ExecutionEnvironment.Outcome outcome,
                             Set<String> deleted) {
        }

        default void pollFailed(int worker, Exception e) {
        }
    }

    /** Pauses between failed polls; a seam, so that tests do not wait. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SqsClient sqs;
    private final DeployedFunction.Mapping mapping;
    private final int longPollSeconds;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Listener listener;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;
    private CountDownLatch stopped = new CountDownLatch(0);

    SqsPoller(SqsClient sqs, DeployedFunction.Mapping mapping, int longPollSeconds, LongSupplier nanoTime,
              Sleeper sleeper, Listener listener) {
        this.sqs = sqs;
        this.mapping = mapping;
        this.longPollSeconds = longPollSeconds;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /** Starts one worker per function (execution environment); each polls until {@link #close()}. */
    void start(List<? extends Function> functions) {
        stopped = new CountDownLatch(functions.size());
        for (int i = 0; i < functions.size(); i++) {
            int worker = i + 1;
            Function function = functions.get(i);
            Thread thread = new Thread(() -> {
                try {
                    while (!stopping) {
                        pollOnce(worker, function);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stopped.countDown();
                }
            }, "poller-" + worker);
            thread.setDaemon(true);
            workers.add(thread);
            thread.start();
        }
    }

    /**
     * One round: gathers a batch, invokes the function with it, deletes what it settled.
     *
     * @return whether a batch was received
     */
    boolean pollOnce(int worker, Function function) throws InterruptedException {
        List<Message> batch;
        try {
            batch = gather();
        } catch (SdkException e) {
            if (stopping) {
                return false;
            }
            listener.pollFailed(worker, e);
            sleeper.sleep(Duration.ofSeconds(1));
            return false;
        }
        if (batch.isEmpty()) {
            return false;
        }
        listener.invoking(worker, batch);
        ExecutionEnvironment.Outcome outcome = function.invoke(SqsRecords.event(batch, mapping.queueArn(),
                mapping.region()));
        Set<String> delete = SqsRecords.toDelete(batch, outcome, mapping.reportBatchItemFailures());
        delete(batch, delete);
        listener.settled(worker, batch, outcome, delete);
        return true;
    }

    /**
     * A batch: one long poll; with a batching window, more receives until the batch is full, the window has passed or
     * the payload would exceed Lambda's limit.
     */
    List<Message> gather() {
        List<Message> batch = new ArrayList<>();
        long payload = 0;
        long windowEnds = nanoTime.getAsLong() + TimeUnit.SECONDS.toNanos(mapping.batchingWindowSeconds());
        do {
            long left = windowEnds - nanoTime.getAsLong();
            int wait = mapping.batchingWindowSeconds() == 0 || batch.isEmpty() ? longPollSeconds
                    : (int) Math.max(0, Math.min(longPollSeconds, TimeUnit.NANOSECONDS.toSeconds(left)));
            int room = Math.min(10, mapping.batchSize() - batch.size());
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(mapping.queueUrl()).maxNumberOfMessages(room)
                    .waitTimeSeconds(wait).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            for (Message message : received) {
                payload += message.body().length() + 1024L;
                batch.add(message);
            }
            if (stopping || payload >= MAX_PAYLOAD_BYTES || mapping.batchingWindowSeconds() == 0) {
                break;
            }
        } while (batch.size() < mapping.batchSize() && nanoTime.getAsLong() < windowEnds);
        return batch;
    }

    private void delete(List<Message> batch, Set<String> ids) {
        List<Message> settled = batch.stream().filter(m -> ids.contains(m.messageId())).toList();
        for (int from = 0; from < settled.size(); from += 10) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : settled.subList(from, Math.min(from + 10, settled.size()))) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id("m" + entries.size())
                        .receiptHandle(message.receiptHandle()).build());
            }
            var result = sqs.deleteMessageBatch(r -> r.queueUrl(mapping.queueUrl()).entries(entries));
            if (!result.failed().isEmpty()) {
                // Lambda does the same: the record comes back and is answered again (the function treats a used
                // token as settled).
                listener.pollFailed(0, new IllegalStateException("SQS did not delete " + result.failed()));
            }
        }
    }

    /**
     * Stops polling: no new batch is taken; invocations in flight may finish (and their records be deleted) for up
     * to {@code grace}.
     *
     * @return whether every worker finished within it
     */
    boolean stop(Duration grace) throws InterruptedException {
        stopping = true;
        return stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        stopping = true;
        workers.forEach(Thread::interrupt);
    }
}
