package io.github.inventorycallback.local;

import io.github.inventorycallback.contract.FunctionContract;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function's real jar (lambda/target/inventory-function.jar, packaged by the program's build before its tests)
 * under the poller: an order is answered through Step Functions (a local stub, named by the function's own
 * {@code AWS_ENDPOINT_URL_SFN}, which the SDK takes over the runtime's {@code AWS_ENDPOINT_URL}) and deleted; a body
 * nobody can answer is left in the queue on every receive until the queue's redrive policy moves it to the
 * dead-letter queue.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeployedJarTest {
    private static final Path JAR = Path.of(System.getProperty("function.jar", "../lambda/target/inventory-function.jar"));
    private static final int MAX_RECEIVE_COUNT = 2;

    @TempDir
    Path dir;

    private Harness harness;
    private StepFunctionsStub stepFunctions;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
        if (stepFunctions != null) {
            stepFunctions.close();
        }
    }

    @Test
    void anOrderIsAnsweredAndDeletedAndAnUnanswerableMessageEndsInTheDeadLetterQueue() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: the program's build packages it"
                + " (./mvnw -f lambda/pom.xml package -DskipTests)");
        harness = new Harness(dir, 1, MAX_RECEIVE_COUNT);
        stepFunctions = new StepFunctionsStub();
        var function = new DeployedFunction.Function("dev-Inventory",
                "arn:aws:lambda:us-east-1:123456789012:function:dev-Inventory", "java21", FunctionContract.HANDLER,
                Map.of(FunctionContract.STOCK, "{\"apple\": 25, \"plum\": 0}",
                        "AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint()), 10, 512, "-", 0, "$LATEST");
        var environment = harness.environment(function, TaskRoot.unzip(JAR, dir.resolve("task")));
        var poller = harness.poller(harness.queues.mapping(10, 0, 1), new SqsPoller.Listener() { });
        harness.queues.send("{\"MessageTitle\": \"Callback Task started by Step Functions\", \"TaskToken\": \"t-1\","
                + " \"Input\": {\"orderId\": \"o-1\", \"items\": [{\"sku\": \"apple\", \"quantity\": 2}]}}",
                "this is not an order");

        Harness.awaitTrue("Orders to be empty", () -> {
            try {
                poller.pollOnce(1, environment::invoke);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return harness.queues.held(harness.queues.ordersUrl) == 0;
        });

        assertEquals(List.of("SendTaskSuccess"), stepFunctions.calls.stream().map(StepFunctionsStub.Call::action)
                .toList(), "the order answered once: " + harness.log);
        assertTrue(stepFunctions.calls.get(0).body().contains("\"taskToken\":\"t-1\""), stepFunctions.calls.toString());
        List<Message> dead = harness.queues.receive(harness.queues.deadLettersUrl, 5);
        assertEquals(List.of("this is not an order"), dead.stream().map(Message::body).toList());
        long receives = harness.settled.stream().flatMap(s -> s.batch().stream())
                .filter(m -> m.body().equals("this is not an order")).count();
        assertEquals(MAX_RECEIVE_COUNT, receives, "received maxReceiveCount times, then dead-lettered");
        assertEquals(1, harness.logged("cold start"), harness.log.toString());
    }
}
