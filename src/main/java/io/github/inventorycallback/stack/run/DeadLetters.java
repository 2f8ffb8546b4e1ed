package io.github.inventorycallback.stack.run;

import io.github.inventorycallback.contract.CallbackBody;
import io.github.inventorycallback.contract.StrictJson;

import com.google.gson.JsonElement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** What waits in the dead-letter queue: list it, or move it back to {@code Orders}. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "The dead-letter queue: messages the inventory could not answer in maxReceiveCount receives.",
        subcommands = {DeadLetters.ListMessages.class, DeadLetters.Redrive.class})
final class DeadLetters {
    /** How long a listed message stays hidden while the listing pages on; released at once afterwards. */
    static final int LISTING_VISIBILITY_SECONDS = 30;

    @ParentCommand
    RunOrders app;

    /** The queues, from the options or the stack's outputs. */
    static final class Queues {
        @Mixin
        StackOption stack = new StackOption();

        @Option(names = "--dead-letter-queue", paramLabel = "URL",
                description = "the dead-letter queue (default: `pulumi stack output deadLetterQueueUrl`)")
        String deadLetterQueueUrl;
    }

    static final String QUEUE_URL_FORM = "a queue URL, https://sqs.REGION.amazonaws.com/ACCOUNT/NAME";
    static final String QUEUE_ARN_FORM = "a queue ARN, arn:aws:sqs:REGION:ACCOUNT:NAME";

    /** One dead-lettered message, as the list shows it. */
    record DeadLetter(String messageId, String orderId, Duration age, int receives, String reason) {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the dead-lettered messages: order id, age, receive count and why the inventory"
                    + " could not answer, when the body says. Listing receives each message once (its receive count"
                    + " goes up by one) and makes it visible again at once; nothing is deleted."})
    static final class ListMessages implements Callable<Integer> {
        @ParentCommand
        DeadLetters dlq;

        @Mixin
        Queues queues;

        @Option(names = "--max", paramLabel = "N", defaultValue = "100",
                description = "list at most N messages (default: ${DEFAULT-VALUE})")
        int max;

        @Override
        public Integer call() {
            RunOrders.inRange("--max", max, 1, 10_000);
            RunOrders app = dlq.app;
            String url = queues.deadLetterQueueUrl != null
                    ? app.resource("--dead-letter-queue", queues.deadLetterQueueUrl, AwsNames.QUEUE_URL, QUEUE_URL_FORM)
                    : app.resource("the stack's deadLetterQueueUrl", app.outputs.get(queues.stack.name, "deadLetterQueueUrl"),
                            AwsNames.QUEUE_URL, QUEUE_URL_FORM);
            try (SqsClient sqs = app.queues.get()) {
                List<DeadLetter> letters = list(sqs, url, max, Instant.now());
                print(app, letters, url);
            }
            return ExitCodes.OK;
        }

        private static void print(RunOrders app, List<DeadLetter> letters, String url) {
            if (letters.isEmpty()) {
                app.out.println("No messages in " + url);
                return;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"message", "order", "age", "receives", "why it was not answered"});
            for (DeadLetter letter : letters) {
                rows.add(new String[] {letter.messageId(), letter.orderId() == null ? "-" : letter.orderId(),
                        age(letter.age()), String.valueOf(letter.receives()), letter.reason()});
            }
            Report.table(app.out, rows);
            app.out.println(letters.size() + " messages in " + url + " (`dlq redrive` moves them back to Orders)");
        }
    }

    /**
     * Receives up to {@code max} messages, page by page, then makes them visible again: the listing neither deletes
     * nor hides anything for longer than it runs.
     */
    static List<DeadLetter> list(SqsClient sqs, String url, int max, Instant now) {
        List<Message> received = new ArrayList<>();
        try {
            while (received.size() < max) {
                int page = Math.min(10, max - received.size());
                List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(page)
                        .visibilityTimeout(LISTING_VISIBILITY_SECONDS)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
                if (batch.isEmpty()) {
                    break;
                }
                received.addAll(batch);
            }
        } finally {
            release(sqs, url, received);
        }
        List<DeadLetter> letters = new ArrayList<>();
        for (Message message : received) {
            var attributes = message.attributes();
            Instant sent = Instant.ofEpochMilli(Long.parseLong(attributes.get(MessageSystemAttributeName.SENT_TIMESTAMP)));
            letters.add(new DeadLetter(message.messageId(), orderId(message.body()), Duration.between(sent, now),
                    Integer.parseInt(attributes.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)),
                    reason(message.body())));
        }
        return letters;
    }

    private static void release(SqsClient sqs, String url, List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (Message message : messages.subList(from, Math.min(from + 10, messages.size()))) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + entries.size())
                        .receiptHandle(message.receiptHandle()).visibilityTimeout(0).build());
            }
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries));
        }
    }

    /**
     * Why the inventory could not answer, as far as the body tells: the same checks as the function's. A body that
     * passes them was answerable: its callbacks failed on every receive, and the function's log says why.
     */
    static String reason(String body) {
        JsonElement json;
        try {
            json = StrictJson.parse(body);
        } catch (IllegalArgumentException e) {
            return "body is not JSON";
        }
        if (!json.isJsonObject()) {
            return "body is not a JSON object";
        }
        String problem = CallbackBody.tokenProblem(json.getAsJsonObject().get(CallbackBody.TASK_TOKEN));
        return problem != null ? problem
                : "answerable: every callback failed (see the function's log for this message id)";
    }

    /** The order's id ({@link Order#id}, as the runner's table shows it), when the body's input carries one. */
    static String orderId(String body) {
        try {
            JsonElement json = StrictJson.parse(body);
            return Order.id(json.isJsonObject() ? json.getAsJsonObject().get(CallbackBody.INPUT) : null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7_200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172_800) {
            return seconds / 3_600 + " h";
        }
        return seconds / 86_400 + " d";
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Move every dead-lettered message back to Orders with SQS's own message move task, and"
                    + " show its progress until it ends. Orders whose task already timed out are refused by Step"
                    + " Functions on the next receive and dropped from the queue; the others are answered."})
    static final class Redrive implements Callable<Integer> {
        @ParentCommand
        DeadLetters dlq;

        @Mixin
        StackOption stack = new StackOption();

        @Option(names = "--dead-letter-queue-arn", paramLabel = "ARN",
                description = "the dead-letter queue (default: `pulumi stack output deadLetterQueueArn`)")
        String deadLetterQueueArn;

        @Option(names = "--queue-arn", paramLabel = "ARN",
                description = "the queue to move them to (default: `pulumi stack output queueArn`)")
        String queueArn;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "how long to follow the move (default: ${DEFAULT-VALUE}); it goes on after that")
        int timeoutSeconds;

        @Override
        public Integer call() throws InterruptedException {
            RunOrders.inRange("--timeout", timeoutSeconds, 1, RunOrders.MAX_TIMEOUT_SECONDS);
            RunOrders app = dlq.app;
            String source = deadLetterQueueArn != null
                    ? app.resource("--dead-letter-queue-arn", deadLetterQueueArn, AwsNames.QUEUE_ARN, QUEUE_ARN_FORM)
                    : app.resource("the stack's deadLetterQueueArn", app.outputs.get(stack.name, "deadLetterQueueArn"),
                            AwsNames.QUEUE_ARN, QUEUE_ARN_FORM);
            String destination = queueArn != null
                    ? app.resource("--queue-arn", queueArn, AwsNames.QUEUE_ARN, QUEUE_ARN_FORM)
                    : app.resource("the stack's queueArn", app.outputs.get(stack.name, "queueArn"), AwsNames.QUEUE_ARN,
                            QUEUE_ARN_FORM);
            try (SqsClient sqs = app.queues.get()) {
                sqs.startMessageMoveTask(r -> r.sourceArn(source).destinationArn(destination));
                app.out.println("Moving the messages of " + source + " back to " + destination);
                var progress = new Progress(app.err, System.console() != null);
                long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
                Duration pause = app.firstPoll;
                while (true) {
                    ListMessageMoveTasksResultEntry task = sqs.listMessageMoveTasks(r -> r.sourceArn(source)
                            .maxResults(1)).results().get(0);
                    long toMove = task.approximateNumberOfMessagesToMove() == null ? 0
                            : task.approximateNumberOfMessagesToMove();
                    long moved = task.approximateNumberOfMessagesMoved() == null ? 0 : task.approximateNumberOfMessagesMoved();
                    progress.update((int) moved, (int) Math.max(toMove, moved), "moved");
                    switch (task.status()) {
                        case "COMPLETED" -> {
                            progress.done();
                            app.out.println("Moved " + moved + " messages back to Orders");
                            return ExitCodes.OK;
                        }
                        case "FAILED", "CANCELLED" -> {
                            progress.done();
                            app.err.println("The move " + task.status().toLowerCase() + " after " + moved
                                    + " messages" + (task.failureReason() == null ? "" : ": " + task.failureReason()));
                            return ExitCodes.UNEXPECTED;
                        }
                        default -> {
                            if (System.nanoTime() > deadline) {
                                progress.done();
                                app.err.println("The move is still " + task.status() + " after " + timeoutSeconds
                                        + " s (" + moved + " moved); it goes on in SQS");
                                return ExitCodes.NOT_FINISHED;
                            }
                            Thread.sleep(pause.toMillis());
                            pause = ExecutionRunner.min(pause.multipliedBy(2), Duration.ofSeconds(5));
                        }
                    }
                }
            }
        }
    }
}
