package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsTypes;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.QUEUE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.DLQ_ARN;
import static io.github.inventorycallback.stack.DeployedStack.QUEUE_URL;
import static io.github.inventorycallback.stack.DeployedStack.STATE_MACHINE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.WORKFLOW_ROLE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.FUNCTION_ROLE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.DeployedStack.number;
import static io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_GROUP;
import static io.github.inventorycallback.stack.plan.AwsTypes.QUEUE;
import static io.github.inventorycallback.stack.plan.AwsTypes.STATE_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program as a whole: its outputs, and config read and refused before anything is registered. */
class AppTest {
    private final DeployedStack stack = DeployedStack.forClass(AppTest.class, Map.of());

    @Test
    void stackOutputsNameEveryPartAUserNeeds() {
        assertEquals(QUEUE_URL, stack.output("queueUrl"));
        assertEquals(QUEUE_ARN, stack.output("queueArn"));
        assertEquals(DLQ_ARN, stack.output("deadLetterQueueArn"));
        assertEquals(STATE_MACHINE_ARN, stack.output("stateMachineArn"));
        assertEquals(WORKFLOW_ROLE_ARN, stack.output("stateMachineRoleArn"));
        assertEquals("arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:dev-Inventory",
                stack.output("functionArn"));
        assertEquals(FUNCTION_ROLE_ARN, stack.output("functionRoleArn"));
        assertEquals(stack.resource(AwsTypes.EVENT_SOURCE_MAPPING, "inventory-orders").id(), stack.output("eventSourceMappingId"));
    }
    @Test
    void configuredValuesReachTheResources() {
        var custom = DeployedStack.deployOk(Map.of(
                "namePrefix", "shop-", "functionMemoryMb", "1024", "functionTimeoutSeconds", "60",
                "functionArchitecture", "x86_64", "taskTimeoutSeconds", "900", "batchSize", "50",
                "batchingWindowSeconds", "5", "maximumConcurrency", "20", "maxReceiveCount", "3",
                "logRetentionDays", "30"));

        assertEquals("shop-Orders", custom.input(QUEUE, "Orders", "name"));
        assertEquals(6 * 60 + 5, number(custom.input(QUEUE, "Orders", "visibilityTimeoutSeconds")));
        assertEquals(3, JsonParser.parseString((String) custom.input(QUEUE, "Orders", "redrivePolicy"))
                .getAsJsonObject().get("maxReceiveCount").getAsInt());
        assertEquals(List.of("x86_64"), custom.input(FUNCTION, "Inventory", "architectures"));
        assertEquals(1024, number(custom.input(FUNCTION, "Inventory", "memorySize")));
        assertEquals(900, custom.jsonInput(STATE_MACHINE, "InventoryStateMachine", "definition")
                .getAsJsonObject("States").getAsJsonObject("Check Inventory").get("TimeoutSeconds").getAsInt());
        assertEquals(50, number(custom.input(AwsTypes.EVENT_SOURCE_MAPPING, "inventory-orders", "batchSize")));
        assertEquals(5, number(custom.input(AwsTypes.EVENT_SOURCE_MAPPING, "inventory-orders", "maximumBatchingWindowInSeconds")));
        assertEquals(30, number(custom.input(LOG_GROUP, "inventory-logs", "retentionInDays")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "batchSize|0|batchSize = '0' is invalid: must be a whole number from 1 to 10000",
            "batchSize|10001|batchSize = '10001' is invalid: must be a whole number from 1 to 10000",
            "batchSize|50|batchingWindowSeconds = '0' is invalid: must be at least 1 when batchSize is above 10",
            "functionTimeoutSeconds|901|functionTimeoutSeconds = '901' is invalid: must be a whole number from 1 to 900",
            "taskTimeoutSeconds|0|taskTimeoutSeconds = '0' is invalid: must be a whole number from 1 to 31536000",
            "queueVisibilityTimeoutSeconds|59|queueVisibilityTimeoutSeconds = '59' is invalid: must be at least 6 x",
            "functionArchitecture|i386|functionArchitecture = 'i386' is invalid: must be one of arm64, x86_64",
            "maxReceiveCount|6|maxReceiveCount = '6' is invalid: must be small enough that every receive fits in taskTimeoutSeconds (300)",
            "workflowLogLevel|off|workflowLogLevel = 'off' is invalid: must be one of ALL, ERROR, FATAL, OFF",
            "iamPath|org/apps|iamPath = 'org/apps' is invalid: must be an IAM path",
            "iamPath|/org apps/|iamPath = '/org apps/' is invalid: must be an IAM path",
            "permissionsBoundaryArn|arn:aws:iam:eu-west-1:123456789012:policy/boundary|permissionsBoundaryArn = 'arn:aws:iam:eu-west-1:123456789012:policy/boundary' is invalid: must be the ARN of a managed policy",
            "permissionsBoundaryArn|boundary|permissionsBoundaryArn = 'boundary' is invalid: must be the ARN of a managed policy",
            "workflowLogExecutionData|yes|workflowLogExecutionData = 'yes' is invalid: must be one of true, false",
            "stock|{\"apple\": -2}|stock = '{\"apple\": -2}' is invalid: must be a JSON object of SKU to whole number",
    })
    void invalidConfigStopsTheProgramBeforeAnyResourceIsRegistered(String key, String value, String message) {
        String failure = DeployedStack.rejected(Map.of(key, value), REGION);

        assertTrue(failure.contains("inventory-callback:" + message), failure);
    }
}
