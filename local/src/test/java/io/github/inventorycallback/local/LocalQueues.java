package io.github.inventorycallback.local;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A real SQS-compatible server (ElasticMQ) on 127.0.0.1 with {@code Orders} and its dead-letter queue, as the stack
 * creates them: a failed record comes back after the visibility timeout, and after {@code maxReceiveCount} receives
 * the queue moves it to the dead-letter queue.
 */
final class LocalQueues implements AutoCloseable {
    private final SQSRestServer server;
    final SqsClient sqs;
    final String endpoint;
    final String ordersUrl;
    final String ordersArn;
    final String deadLettersUrl;

    LocalQueues(int visibilityTimeoutSeconds, int maxReceiveCount) {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        deadLettersUrl = sqs.createQueue(r -> r.queueName("Orders-dlq")).queueUrl();
        String deadLettersArn = arn(deadLettersUrl);
        ordersUrl = sqs.createQueue(r -> r.queueName("Orders").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLettersArn
                        + "\",\"maxReceiveCount\":" + maxReceiveCount + "}"))).queueUrl();
        ordersArn = arn(ordersUrl);
    }

    private String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** The mapping the stack creates for {@code Orders}, with this batch size and maximum concurrency. */
    DeployedFunction.Mapping mapping(int batchSize, int batchingWindowSeconds, int maximumConcurrency) {
        return new DeployedFunction.Mapping("mapping-1", "arn:aws:lambda:us-east-1:123456789012:function:Inventory",
                ordersArn, ordersUrl, batchSize, batchingWindowSeconds, maximumConcurrency, true, "us-east-1", 1, null);
    }

    void send(String... bodies) {
        for (String body : bodies) {
            sqs.sendMessage(r -> r.queueUrl(ordersUrl).messageBody(body));
        }
    }

    /** Messages of a queue visible within {@code waitSeconds} (long poll), with their receive counts. */
    List<Message> receive(String url, int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    /** Visible and in flight: every message the queue still holds. */
    int held(String url) {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        sqs.close();
        server.stopAndWait();
    }
}
