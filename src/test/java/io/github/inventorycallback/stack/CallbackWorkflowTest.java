package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsTypes;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.QUEUE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.QUEUE_URL;
import static io.github.inventorycallback.stack.DeployedStack.STATE_MACHINE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.WORKFLOW_ROLE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.logging;
import static io.github.inventorycallback.stack.DeployedStack.onlyStatement;
import static io.github.inventorycallback.stack.DeployedStack.grants;
import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.DeployedStack.number;
import static io.github.inventorycallback.stack.DeployedStack.strings;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_GROUP;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE_POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.STATE_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state machine, its definition, logging, tracing and role, as the default stack deploys them. */
class CallbackWorkflowTest {
    private final DeployedStack stack = DeployedStack.forClass(CallbackWorkflowTest.class, Map.of());

    @Test
    void stateMachineIsStandardBecauseCallbacksNeedIt() {
        assertEquals("STANDARD", stack.input(STATE_MACHINE, "InventoryStateMachine", "type"));
        assertEquals("dev-InventoryStateMachine", stack.input(STATE_MACHINE, "InventoryStateMachine", "name"));
    }

    @Test
    void checkInventorySendsTheTokenAndOrderToThisQueueAndWaits() {
        var check = definition().getAsJsonObject("States").getAsJsonObject("Check Inventory");
        assertEquals("arn:aws:states:::sqs:sendMessage.waitForTaskToken", check.get("Resource").getAsString());
        var parameters = check.getAsJsonObject("Parameters");
        assertEquals(QUEUE_URL, parameters.get("QueueUrl").getAsString());
        var body = parameters.getAsJsonObject("MessageBody");
        assertEquals("$$.Task.Token", body.get("TaskToken.$").getAsString());
        assertEquals("$", body.get("Input.$").getAsString());
        assertEquals("Callback Task started by Step Functions", body.get("MessageTitle").getAsString());
    }

    @Test
    void checkInventoryTimesOutInsteadOfWaitingAYear() {
        var check = definition().getAsJsonObject("States").getAsJsonObject("Check Inventory");
        assertEquals(300, check.get("TimeoutSeconds").getAsInt());
    }

    @Test
    void everyErrorIsCaughtIntoNotifyFailureKeepingTheError() {
        var check = definition().getAsJsonObject("States").getAsJsonObject("Check Inventory");
        var catcher = check.getAsJsonArray("Catch").get(0).getAsJsonObject();
        assertEquals(List.of("States.ALL"), strings(catcher.get("ErrorEquals")));
        assertEquals("Notify Failure", catcher.get("Next").getAsString());
        assertEquals("$.error", catcher.get("ResultPath").getAsString());
        assertEquals("Notify Success", check.get("Next").getAsString());
        var states = definition().getAsJsonObject("States");
        for (var end : List.of("Notify Success", "Notify Failure")) {
            assertEquals("Pass", states.getAsJsonObject(end).get("Type").getAsString());
            assertTrue(states.getAsJsonObject(end).get("End").getAsBoolean());
        }
    }

    @Test
    void executionsAreLoggedToAVendedLogGroupWithRetention() {
        var logs = stack.resource(LOG_GROUP, "workflow-logs").inputs();
        assertEquals("/aws/vendedlogs/states/dev-InventoryStateMachine", logs.get("name"));
        assertEquals(14, number(logs.get("retentionInDays")));
        @SuppressWarnings("unchecked")
        var logging = (Map<String, Object>) stack.input(STATE_MACHINE, "InventoryStateMachine", "loggingConfiguration");
        assertEquals("ALL", logging.get("level"));
        assertEquals("arn:aws:logs:" + REGION + ":" + ACCOUNT
                + ":log-group:/aws/vendedlogs/states/dev-InventoryStateMachine:*", logging.get("logDestination"));
    }

    @Test
    void executionsAreTracedWithXRay() {
        @SuppressWarnings("unchecked")
        var tracing = (Map<String, Object>) stack.input(STATE_MACHINE, "InventoryStateMachine", "tracingConfiguration");
        assertEquals(true, tracing.get("enabled"));
    }
    @Test
    void workflowRoleTrustsOnlyStepFunctionsForThisAccountsStateMachine() {
        var statement = onlyStatement(stack.jsonInput(ROLE, "workflow-role", "assumeRolePolicy"));
        assertEquals("{\"Service\":\"states.amazonaws.com\"}", statement.get("Principal").toString());
        var condition = statement.getAsJsonObject("Condition");
        assertEquals(ACCOUNT, condition.getAsJsonObject("StringEquals").get("aws:SourceAccount").getAsString());
        assertEquals(STATE_MACHINE_ARN, condition.getAsJsonObject("ArnLike").get("aws:SourceArn").getAsString());
        assertEquals(WORKFLOW_ROLE_ARN, stack.input(STATE_MACHINE, "InventoryStateMachine", "roleArn"));
    }

    @Test
    void workflowMaySendOnlyToThisQueuePlusTheLogAndTraceActionsAwsDefinesOnStar() {
        assertEquals(List.of("sqs:SendMessage -> " + QUEUE_ARN),
                grants(stack.jsonInput(ROLE_POLICY, "workflow-policy", "policy")));
        assertEquals(List.of("logs:CreateLogDelivery -> *", "logs:GetLogDelivery -> *", "logs:UpdateLogDelivery -> *",
                "logs:DeleteLogDelivery -> *", "logs:ListLogDeliveries -> *", "logs:PutResourcePolicy -> *",
                "logs:DescribeResourcePolicies -> *", "logs:DescribeLogGroups -> *"),
                grants(stack.jsonInput(ROLE_POLICY, "workflow-logging-policy", "policy")));
        assertEquals(List.of("xray:PutTraceSegments -> *", "xray:PutTelemetryRecords -> *",
                "xray:GetSamplingRules -> *", "xray:GetSamplingTargets -> *"),
                grants(stack.jsonInput(ROLE_POLICY, "workflow-tracing-policy", "policy")));
        for (var name : List.of("workflow-policy", "workflow-logging-policy", "workflow-tracing-policy")) {
            assertEquals("dev-InventoryStateMachine-" + REGION, stack.input(ROLE_POLICY, name, "role"), name);
        }
    }

    @Test
    void executionsLogEveryEventButNoTokensOrOrdersUnlessAskedTo() {
        var logging = logging(stack);
        assertEquals("ALL", logging.get("level"));
        assertEquals(false, logging.get("includeExecutionData"));
        assertEquals("arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/aws/vendedlogs/states/"
                + "dev-InventoryStateMachine:*", logging.get("logDestination"));

        var withData = DeployedStack.deployOk(Map.of("workflowLogExecutionData", "true"));
        assertEquals(true, logging(withData).get("includeExecutionData"));
    }

    @Test
    void withLoggingAndTracingOffTheWorkflowRoleHasNoStarResourceAndNoLogGroup() {
        var quiet = DeployedStack.deployOk(Map.of("workflowLogLevel", "OFF", "tracing", "false"));

        assertEquals(List.of("workflow-policy"), quiet.all(ROLE_POLICY).stream().map(r -> r.name())
                .filter(n -> n.startsWith("workflow")).toList());
        assertEquals(List.of("sqs:SendMessage -> " + QUEUE_ARN),
                grants(quiet.jsonInput(ROLE_POLICY, "workflow-policy", "policy")));
        assertTrue(quiet.all(LOG_GROUP).stream().noneMatch(g -> g.name().equals("workflow-logs")));
        assertEquals("", quiet.output("stateMachineLogGroup"));
    }

    @Test
    void loggingOffIsSentAsLevelOffSoAnExistingStateMachineStopsLogging() {
        // The provider ignores a removed loggingConfiguration block: only an explicit OFF turns logging off.
        var quiet = DeployedStack.deployOk(Map.of("workflowLogLevel", "OFF"));
        assertEquals(Map.of("level", "OFF", "includeExecutionData", false), logging(quiet));
    }

    @Test
    void logGrantsAreDeletedOnlyAfterTheStateMachineStoppedLogging() {
        // Separate policies that the state machine depends on: when logging or tracing is turned off, the state
        // machine is updated first and the removed policy is deleted after it (Pulumi deletes last).
        var dependsOn = stack.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().dependsOn();
        assertTrue(dependsOn.containsAll(List.of(ROLE_POLICY + "::workflow-logging-policy",
                ROLE_POLICY + "::workflow-tracing-policy", ROLE_POLICY + "::workflow-policy",
                LOG_GROUP + "::workflow-logs")), dependsOn.toString());
    }

    private JsonObject definition() {
        return stack.jsonInput(STATE_MACHINE, "InventoryStateMachine", "definition");
    }
}
