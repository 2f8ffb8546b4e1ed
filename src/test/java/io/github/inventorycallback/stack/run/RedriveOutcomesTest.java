package io.github.inventorycallback.stack.run;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksRequest;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResponse;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskRequest;
import software.amazon.awssdk.services.sqs.model.StartMessageMoveTaskResponse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How `dlq redrive` ends when SQS's move task fails, is cancelled, or outlasts --timeout (ElasticMQ always completes). */
class RedriveOutcomesTest {
    private static final Map<String, String> OUTPUTS = Map.of(
            "deadLetterQueueArn", "arn:aws:sqs:us-east-1:123456789012:dev-Orders-dlq",
            "queueArn", "arn:aws:sqs:us-east-1:123456789012:dev-Orders");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private StartMessageMoveTaskRequest started;

    /** An SQS client whose move task reports these states, one per ListMessageMoveTasks call, the last repeated. */
    private SqsClient moveTask(ListMessageMoveTasksResultEntry... states) {
        Deque<ListMessageMoveTasksResultEntry> script = new ArrayDeque<>(List.of(states));
        return new SqsClient() {
            @Override
            public StartMessageMoveTaskResponse startMessageMoveTask(StartMessageMoveTaskRequest request) {
                started = request;
                return StartMessageMoveTaskResponse.builder().taskHandle("handle").build();
            }

            @Override
            public ListMessageMoveTasksResponse listMessageMoveTasks(ListMessageMoveTasksRequest request) {
                assertEquals(OUTPUTS.get("deadLetterQueueArn"), request.sourceArn());
                var state = script.size() > 1 ? script.poll() : script.peek();
                return ListMessageMoveTasksResponse.builder().results(state).build();
            }

            @Override
            public String serviceName() {
                return "sqs";
            }

            @Override
            public void close() {
            }
        };
    }

    private static ListMessageMoveTasksResultEntry task(String status, long moved, long toMove, String reason) {
        return ListMessageMoveTasksResultEntry.builder().status(status).approximateNumberOfMessagesMoved(moved)
                .approximateNumberOfMessagesToMove(toMove).failureReason(reason).build();
    }

    private int redrive(SqsClient sqs, String... extra) {
        var app = new RunOrders(new PrintStream(out, true), new PrintStream(err, true), () -> {
            throw new AssertionError("no state machine");
        }, () -> sqs, (stack, name) -> OUTPUTS.get(name), Duration.ofMillis(5));
        String[] args = new String[extra.length + 2];
        args[0] = "dlq";
        args[1] = "redrive";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return app.run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCompletedMoveFollowedThroughItsProgressExitsZero() {
        int exit = redrive(moveTask(task("RUNNING", 3, 10, null), task("RUNNING", 7, 10, null),
                task("COMPLETED", 10, 10, null)));

        assertEquals(0, exit, err());
        assertEquals(OUTPUTS.get("deadLetterQueueArn"), started.sourceArn());
        assertEquals(OUTPUTS.get("queueArn"), started.destinationArn());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Moved 10 messages back to Orders"));
        assertEquals(List.of("region us-east-1 (from the stack's deadLetterQueueArn)",
                "[#########.....................] 3/10 moved", "[#####################.........] 7/10 moved",
                "[##############################] 10/10 moved"), err().lines().toList());
    }

    @Test
    void aFailedMoveSaysWhyAndExitsOne() {
        int exit = redrive(moveTask(task("RUNNING", 2, 10, null), task("FAILED", 4, 10, "AccessDenied on dev-Orders")));

        assertEquals(1, exit);
        assertTrue(err().contains("The move failed after 4 messages: AccessDenied on dev-Orders"), err());
    }

    @Test
    void aTimeoutOutsideItsRangeStartsNothing() {
        assertEquals(64, redrive(moveTask(task("COMPLETED", 0, 0, null)), "--timeout", "0"));
        assertTrue(err().contains("--timeout must be a whole number from 1 to 86400, got '0'"), err());
        assertEquals(null, started);
    }

    @Test
    void aCancelledMoveExitsOne() {
        assertEquals(1, redrive(moveTask(task("CANCELLED", 1, 5, null))));
        assertTrue(err().contains("The move cancelled after 1 messages"), err());
    }

    @Test
    void aMoveStillRunningAtTheTimeoutIsSaidToGoOnAndExitsTwo() {
        int exit = redrive(moveTask(task("RUNNING", 1, 1000, null)), "--timeout", "1");

        assertEquals(2, exit);
        assertTrue(err().contains("The move is still RUNNING after 1 s (1 moved); it goes on in SQS"), err());
    }
}
