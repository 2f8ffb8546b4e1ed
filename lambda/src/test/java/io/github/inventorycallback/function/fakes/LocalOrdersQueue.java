package io.github.inventorycallback.function.fakes;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stack's two queues on a real SQS-compatible server (ElasticMQ, in this JVM, on 127.0.0.1): {@code orders},
 * redriving to {@code orders-dlq} after {@code maxReceiveCount} receives, as {@code OrderQueue} deploys them.
 * Stopped by {@link #close()}.
 */
public final class LocalOrdersQueue implements AutoCloseable {
    private final SQSRestServer server;
    public final SqsClient sqs;
    public final String ordersUrl;
    public final String deadLettersUrl;

    public LocalOrdersQueue(int visibilitySeconds, int maxReceiveCount) {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        deadLettersUrl = sqs.createQueue(r -> r.queueName("orders-dlq")).queueUrl();
        String deadLettersArn = sqs.getQueueAttributes(r -> r.queueUrl(deadLettersUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        ordersUrl = sqs.createQueue(r -> r.queueName("orders").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilitySeconds),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLettersArn
                        + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))).queueUrl();
    }

    /** Every message in the dead-letter queue, by body, deleted from it. */
    public List<String> drainDeadLetters() {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(deadLettersUrl).maxNumberOfMessages(10)
                    .visibilityTimeout(60)).messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            batch.forEach(m -> bodies.add(m.body()));
            sqs.deleteMessageBatch(r -> r.queueUrl(deadLettersUrl).entries(batch.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                            .receiptHandle(m.receiptHandle()).build())
                    .toList()));
        }
    }

    @Override
    public void close() {
        sqs.close();
        server.stopAndWait();
    }
}
