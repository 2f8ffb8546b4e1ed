package io.github.inventorycallback.function.fakes;

import io.github.inventorycallback.function.batch.BatchRunner;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Lambda's SQS event source mapping does for one concurrent invocation: receive a batch, invoke the function
 * with it, delete every record but the reported failures, which SQS delivers again after the visibility timeout.
 * Several of them, each on its own thread with its own {@link BatchRunner}, are the mapping's concurrency.
 */
public final class EventSourceMapping {

    /** What happens to the queue's messages, for whoever counts them. */
    public interface Listener {
        /** A message was received; {@code receiveCount} is SQS's ApproximateReceiveCount (1 on the first). */
        default void received(Message message, int receiveCount) {
        }

        /** The function acknowledged a message: it is deleted. */
        default void acknowledged(Message message, int receiveCount) {
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final int batchSize;
    private final int functionTimeoutMillis;
    private final Listener listener;

    public EventSourceMapping(SqsClient sqs, String queueUrl, int batchSize, int functionTimeoutMillis,
                              Listener listener) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.batchSize = batchSize;
        this.functionTimeoutMillis = functionTimeoutMillis;
        this.listener = listener;
    }

    /**
     * Receives one batch (long polling up to a second) and invokes the function with it.
     *
     * @return whether a batch was received
     */
    public boolean pollOnce(BatchRunner function) {
        List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .waitTimeSeconds(1)).messages();
        if (batch.isEmpty()) {
            return false;
        }
        batch.forEach(m -> listener.received(m, receiveCount(m)));
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        batch.forEach(m -> {
            var record = Events.record(m.messageId(), m.body());
            record.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(receiveCount(m))));
            records.add(record);
        });
        SQSBatchResponse response = function.handleBatch(Events.event(records), new FakeContext(functionTimeoutMillis));
        Set<String> failed = new HashSet<>();
        response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : batch) {
            if (!failed.contains(message.messageId())) {
                listener.acknowledged(message, receiveCount(message));
                done.add(DeleteMessageBatchRequestEntry.builder().id(message.messageId())
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            var result = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
            if (!result.failed().isEmpty()) {
                throw new IllegalStateException("could not delete acknowledged messages: " + result.failed());
            }
        }
        return true;
    }

    /** Whether the queue holds no message, visible or in flight. */
    public boolean queueIsEmpty() {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).equals("0")
                && attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).equals("0");
    }

    private static int receiveCount(Message message) {
        return Integer.parseInt(message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }
}
