package io.github.inventorycallback.stack.run;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `dlq list` and `dlq redrive` against a real SQS-compatible server (ElasticMQ on 127.0.0.1). */
class DeadLettersTest {
    private static SQSRestServer elasticMq;
    private static URI endpoint;
    private static SqsClient sqs;
    private static String ordersUrl;
    private static String deadLettersUrl;
    private static Map<String, String> outputs;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final RunOrders app = new RunOrders(new PrintStream(out, true), new PrintStream(err, true),
            () -> {
                throw new AssertionError("these commands need no state machine");
            }, DeadLettersTest::client, (stack, name) -> outputs.get(name), Duration.ofMillis(20));

    @BeforeAll
    static void start() {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        endpoint = URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort());
        sqs = client();
        deadLettersUrl = sqs.createQueue(r -> r.queueName("dev-Orders-dlq")).queueUrl();
        String deadLettersArn = arn(deadLettersUrl);
        ordersUrl = sqs.createQueue(r -> r.queueName("dev-Orders").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + deadLettersArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        outputs = Map.of("deadLetterQueueUrl", deadLettersUrl, "deadLetterQueueArn", deadLettersArn,
                "queueArn", arn(ordersUrl));
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.stopAndWait();
    }

    @BeforeEach
    void emptyQueues() {
        sqs.purgeQueue(r -> r.queueUrl(ordersUrl));
        sqs.purgeQueue(r -> r.queueUrl(deadLettersUrl));
    }

    static SqsClient client() {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static void deadLetter(String body) {
        sqs.sendMessage(r -> r.queueUrl(deadLettersUrl).messageBody(body));
    }

    private static int count(String url) {
        var attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String row(String orderId) {
        return out().lines().filter(l -> l.contains(" " + orderId + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + orderId + " in\n" + out()));
    }

    @Test
    void listSaysForEachMessageWhichOrderItIsAndWhyItWasNotAnsweredWithoutTakingIt() {
        deadLetter("{\"MessageTitle\": \"t\", \"Input\": {\"orderId\": \"o-no-token\"}}");
        deadLetter("{\"TaskToken\": \"AAAA\", \"Input\": {\"orderId\": \"o-failed-callbacks\"}}");
        deadLetter("{\"TaskToken\": 7, \"Input\": {\"orderId\": \"o-number-token\"}}");
        deadLetter("Callback Task started by Step Functions");

        int exit = app.run("dlq", "list");

        assertEquals(0, exit, err.toString());
        assertTrue(row("o-no-token").endsWith("body has no TaskToken"), out());
        assertTrue(row("o-failed-callbacks").contains("answerable: every callback failed"), out());
        assertTrue(row("o-number-token").endsWith("TaskToken is not a string"), out());
        assertTrue(out().lines().anyMatch(l -> l.endsWith("body is not JSON")), out());
        assertTrue(row("o-no-token").matches("\\S+\\s+o-no-token\\s+\\d+ s\\s+1\\s+body has no TaskToken"), row("o-no-token"));
        assertTrue(out().contains("4 messages in " + deadLettersUrl), out());
        // Listed, not taken: every message is visible again at once.
        assertEquals(4, count(deadLettersUrl));
    }

    @Test
    void listPagesThroughMoreThanOneReceiveAndStopsAtMax() {
        for (int i = 0; i < 25; i++) {
            deadLetter("{\"Input\": {\"orderId\": \"o-" + i + "\"}}");
        }

        assertEquals(0, app.run("dlq", "list", "--max", "23"));

        assertEquals(23, out().lines().filter(l -> l.contains(" o-")).count(), out());
        assertEquals(25, count(deadLettersUrl));
    }

    @Test
    void anEmptyQueueIsSaidToBeEmpty() {
        assertEquals(0, app.run("dlq", "list"));
        assertTrue(out().contains("No messages in " + deadLettersUrl), out());
    }

    @Test
    void redriveMovesEveryMessageBackToOrdersAndReportsTheCount() {
        for (int i = 0; i < 12; i++) {
            deadLetter("{\"TaskToken\": \"t-" + i + "\", \"Input\": {}}");
        }

        int exit = app.run("dlq", "redrive");

        assertEquals(0, exit, err.toString());
        assertTrue(out().contains("Moved 12 messages back to Orders"), out());
        assertEquals(0, count(deadLettersUrl));
        assertEquals(12, count(ordersUrl));
    }

    @Test
    void badListArgumentsAreUsageErrors() {
        assertEquals(64, app.run("dlq", "list", "--max", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--max must be a whole number from 1 to 10000"));
        assertEquals(64, app.run("dlq", "list", "--max", "10001"));
        assertEquals(0, app.run("dlq", "list", "--max", "10000"));
        assertEquals(0, app.run("dlq", "list", "--max", "1"));
    }

    /** The command line without the Pulumi CLI: asking for a stack output fails the test. */
    private RunOrders withoutTheStack() {
        return new RunOrders(new PrintStream(out, true), new PrintStream(err, true), () -> {
            throw new AssertionError("no state machine");
        }, DeadLettersTest::client, (stack, name) -> {
            throw new AssertionError("the stack's outputs are not needed when the queues are named");
        }, Duration.ofMillis(20));
    }

    @Test
    void aQueueNamedOnTheCommandLineIsListedInsteadOfTheStacks() {
        var other = withoutTheStack();
        deadLetter("{\"Input\": {\"orderId\": \"o-named\"}}");

        assertEquals(0, other.run("dlq", "list", "--dead-letter-queue", deadLettersUrl));
        assertTrue(row("o-named").endsWith("body has no TaskToken"), out());
    }

    @Test
    void redriveTakesTheQueuesAsOptionsWithoutThePulumiCli() {
        var other = withoutTheStack();
        deadLetter("{\"TaskToken\": \"t-1\", \"Input\": {}}");

        assertEquals(0, other.run("dlq", "redrive", "--dead-letter-queue-arn", arn(deadLettersUrl),
                "--queue-arn", arn(ordersUrl)), err.toString());
        assertEquals(1, count(ordersUrl));
        assertEquals(64, other.run("dlq", "redrive", "--dead-letter-queue-arn", deadLettersUrl,
                "--queue-arn", arn(ordersUrl)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--dead-letter-queue-arn '" + deadLettersUrl
                + "' is not a queue ARN"), err.toString());
    }

    @Test
    void reasonsFollowTheFunctionsRules() {
        assertEquals("body is not JSON", DeadLetters.reason("{'TaskToken': 'x'}"));
        assertEquals("body is not JSON", DeadLetters.reason("{\"TaskToken\": \"x\"} {}"));
        assertEquals("body is not a JSON object", DeadLetters.reason("[1]"));
        assertEquals("body has no TaskToken", DeadLetters.reason("{\"TaskToken\": null}"));
        // The function's own words (the contract's CallbackBody), so the listing says what the function logged.
        assertEquals("TaskToken is empty", DeadLetters.reason("{\"TaskToken\": \"\"}"));
        assertEquals("TaskToken is not a string", DeadLetters.reason("{\"TaskToken\": 7}"));
        assertEquals("TaskToken has 2049 characters; at most 2048 are allowed",
                DeadLetters.reason("{\"TaskToken\": \"" + "a".repeat(2049) + "\"}"));
        assertTrue(DeadLetters.reason("{\"TaskToken\": \"" + "a".repeat(2048) + "\"}").startsWith("answerable"));
        String notAscii = "TaskToken contains characters other than printable ASCII";
        assertEquals(notAscii, DeadLetters.reason("{\"TaskToken\": \"t\\u00e9\"}"));
        assertEquals(notAscii, DeadLetters.reason("{\"TaskToken\": \"a b\"}"));
        assertEquals(notAscii, DeadLetters.reason("{\"TaskToken\": \"a\\u007f\"}"));
        assertTrue(DeadLetters.reason("{\"TaskToken\": \"!~\"}").startsWith("answerable"));
        assertEquals("o-1", DeadLetters.orderId("{\"Input\": {\"orderId\": \"o-1\"}}"));
        assertEquals(null, DeadLetters.orderId("{\"Input\": [\"o-1\"]}"));
        assertEquals(null, DeadLetters.orderId("not json {"));
        // The runner's rule for an order's id: a string that shows on one line.
        assertEquals(null, DeadLetters.orderId("{\"Input\": {\"orderId\": 42}}"));
        assertEquals(null, DeadLetters.orderId("{\"Input\": {\"orderId\": \" \"}}"));
        assertEquals(null, DeadLetters.orderId("{\"Input\": {\"orderId\": \"o-1\\no-2\"}}"));
    }

    @Test
    void agesReadAsAPersonWouldSayThem() {
        assertEquals("59 s", DeadLetters.age(Duration.ofSeconds(59)));
        assertEquals("119 s", DeadLetters.age(Duration.ofSeconds(119)));
        assertEquals("2 min", DeadLetters.age(Duration.ofSeconds(120)));
        assertEquals("119 min", DeadLetters.age(Duration.ofSeconds(7_199)));
        assertEquals("2 h", DeadLetters.age(Duration.ofHours(2)));
        assertEquals("47 h", DeadLetters.age(Duration.ofHours(47)));
        assertEquals("14 d", DeadLetters.age(Duration.ofDays(14)));
        assertEquals("2 d", DeadLetters.age(Duration.ofHours(48)));
        assertEquals("0 s", DeadLetters.age(Duration.ofSeconds(-3)));
    }
}
