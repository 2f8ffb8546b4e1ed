package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsTypes;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.QUEUE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.DLQ_ARN;
import static io.github.inventorycallback.stack.DeployedStack.QUEUE_URL;
import static io.github.inventorycallback.stack.DeployedStack.number;
import static io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION;
import static io.github.inventorycallback.stack.plan.AwsTypes.QUEUE;
import static io.github.inventorycallback.stack.plan.AwsTypes.QUEUE_POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Orders queue and its dead-letter queue, as the default stack deploys them. */
class OrderQueueTest {
    private final DeployedStack stack = DeployedStack.forClass(OrderQueueTest.class, Map.of());

    @Test
    void ordersQueueIsEncryptedAndRedrivesToTheDeadLetterQueueAfterFiveReceives() {
        var orders = stack.resource(QUEUE, "Orders").inputs();
        assertEquals("dev-Orders", orders.get("name"));
        assertEquals(true, orders.get("sqsManagedSseEnabled"));
        var redrive = JsonParser.parseString((String) orders.get("redrivePolicy")).getAsJsonObject();
        assertEquals(DLQ_ARN, redrive.get("deadLetterTargetArn").getAsString());
        assertEquals(5, redrive.get("maxReceiveCount").getAsInt());
    }

    @Test
    void deadLetterQueueIsEncryptedAndKeepsMessagesFourteenDays() {
        var dlq = stack.resource(QUEUE, "orders-dlq").inputs();
        assertEquals("dev-Orders-dlq", dlq.get("name"));
        assertEquals(true, dlq.get("sqsManagedSseEnabled"));
        assertEquals(14 * 24 * 3600, number(dlq.get("messageRetentionSeconds")));
    }

    @Test
    void visibilityTimeoutIsAtLeastSixTimesTheFunctionTimeout() {
        int visibility = number(stack.input(QUEUE, "Orders", "visibilityTimeoutSeconds"));
        int functionTimeout = number(stack.input(FUNCTION, "Inventory", "timeout"));
        assertTrue(visibility >= 6 * functionTimeout, visibility + " < 6 x " + functionTimeout);
    }

    @Test
    void bothQueuesDenyEveryRequestNotSentOverTls() {
        for (var name : List.of("orders-tls-only", "orders-dlq-tls-only")) {
            var policy = stack.jsonInput(QUEUE_POLICY, name, "policy");
            var statement = policy.getAsJsonArray("Statement").get(0).getAsJsonObject();
            assertEquals("Deny", statement.get("Effect").getAsString());
            assertEquals("*", statement.get("Principal").getAsString());
            assertEquals("false", statement.getAsJsonObject("Condition").getAsJsonObject("Bool")
                    .get("aws:SecureTransport").getAsString());
        }
        assertEquals(QUEUE_URL, stack.input(QUEUE_POLICY, "orders-tls-only", "queueUrl"));
        assertEquals(QUEUE_URL + "-dlq", stack.input(QUEUE_POLICY, "orders-dlq-tls-only", "queueUrl"));
    }

    @Test
    void onlyOrdersMayDeadLetterIntoTheDeadLetterQueue() {
        var allow = stack.resource(AwsTypes.REDRIVE_ALLOW_POLICY, "orders-dlq-redrive-allow").inputs();
        assertEquals(QUEUE_URL + "-dlq", allow.get("queueUrl"));
        assertEquals("{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + QUEUE_ARN + "\"]}",
                allow.get("redriveAllowPolicy"));
    }
}
