package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.QUEUE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.STATE_MACHINE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.FUNCTION_LOG_GROUP_ARN;
import static io.github.inventorycallback.stack.DeployedStack.onlyStatement;
import static io.github.inventorycallback.stack.DeployedStack.grants;
import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.DeployedStack.number;
import static io.github.inventorycallback.stack.plan.AwsTypes.ALIAS;
import static io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_GROUP;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE_POLICY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Inventory function, its role, log group and event source mapping. */
class InventoryFunctionTest {
    private final DeployedStack stack = DeployedStack.forClass(InventoryFunctionTest.class, Map.of());

    @Test
    void functionRunsTheJarOnJava21Arm64WithItsStock() {
        var function = stack.resource(FUNCTION, "Inventory").inputs();
        assertEquals("dev-Inventory", function.get("name"));
        assertEquals("java21", function.get("runtime"));
        assertEquals(List.of("arm64"), function.get("architectures"));
        assertEquals("io.github.inventorycallback.function.InventoryHandler::handleRequest", function.get("handler"));
        assertEquals(512, number(function.get("memorySize")));
        assertEquals(10, number(function.get("timeout")));
        @SuppressWarnings("unchecked")
        var variables = (Map<String, Object>) ((Map<String, Object>) function.get("environment")).get("variables");
        assertEquals("{\"apple\":25,\"pear\":10,\"plum\":0}", variables.get("STOCK"));
        assertEquals("10", variables.get("CALLBACK_CONCURRENCY"));
    }

    @Test
    void functionLogGroupIsCreatedByTheStackWithRetention() {
        var logs = stack.resource(LOG_GROUP, "inventory-logs").inputs();
        assertEquals("/aws/lambda/dev-Inventory", logs.get("name"));
        assertEquals(14, number(logs.get("retentionInDays")));
    }

    @Test
    void functionRoleTrustsOnlyLambda() {
        var statement = onlyStatement(stack.jsonInput(ROLE, "inventory-role", "assumeRolePolicy"));
        assertEquals("{\"Service\":\"lambda.amazonaws.com\"}", statement.get("Principal").toString());
        assertEquals("sts:AssumeRole", statement.get("Action").getAsString());
    }

    @Test
    void functionMayConsumeThisQueueAnswerThisStateMachineAndWriteItsOwnLogsOnly() {
        var grants = grants(stack.jsonInput(ROLE_POLICY, "inventory-policy", "policy"));
        assertEquals(List.of(
                "sqs:ReceiveMessage -> " + QUEUE_ARN,
                "sqs:DeleteMessage -> " + QUEUE_ARN,
                "sqs:GetQueueAttributes -> " + QUEUE_ARN,
                "states:SendTaskSuccess -> " + STATE_MACHINE_ARN,
                "states:SendTaskFailure -> " + STATE_MACHINE_ARN,
                "logs:CreateLogStream -> " + FUNCTION_LOG_GROUP_ARN + ":*",
                "logs:PutLogEvents -> " + FUNCTION_LOG_GROUP_ARN + ":*"), grants);
    }

    @Test
    void withTracingTheFunctionTracesActivelyAndItsRoleMayMakeExactlyTheTwoXRayCallsLambdaMakes() {
        assertEquals(Map.of("mode", "Active"), stack.input(FUNCTION, "Inventory", "tracingConfig"));
        var tracing = stack.resource(ROLE_POLICY, "inventory-tracing-policy").inputs();
        assertEquals("write-traces", tracing.get("name"));
        assertEquals("dev-Inventory-" + REGION, tracing.get("role"));
        // "*" because X-Ray defines no resource for these two calls; no sampling calls: Lambda samples itself.
        assertEquals(List.of("xray:PutTraceSegments -> *", "xray:PutTelemetryRecords -> *"),
                grants(stack.jsonInput(ROLE_POLICY, "inventory-tracing-policy", "policy")));
        // Granted before the function is created or switched to Active.
        assertTrue(stack.resource(FUNCTION, "Inventory").lifecycle().dependsOn()
                .contains(ROLE_POLICY + "::inventory-tracing-policy"));
    }

    @Test
    void withTracingOffTheFunctionIsSetToPassThroughAndItsRoleMayNotWriteTraces() {
        var untraced = DeployedStack.deployOk(Map.of("tracing", "false"));
        // Sent explicitly: the provider ignores a removed block, and the function would go on tracing.
        assertEquals(Map.of("mode", "PassThrough"), untraced.input(FUNCTION, "Inventory", "tracingConfig"));
        for (var policy : untraced.all(ROLE_POLICY)) {
            if (policy.inputs().get("role").equals("dev-Inventory-" + REGION)) {
                assertFalse(policy.inputs().get("policy").toString().contains("xray:"), policy.name());
            }
        }
        assertTrue(untraced.all(ROLE_POLICY).stream().noneMatch(p -> p.name().equals("inventory-tracing-policy")));
    }

    @Test
    void functionDoesNotGetHeartbeatOrAnyOtherStatesAction() {
        var grants = grants(stack.jsonInput(ROLE_POLICY, "inventory-policy", "policy"));
        assertFalse(grants.stream().anyMatch(g -> g.startsWith("states:SendTaskHeartbeat")));
        assertEquals(2, grants.stream().filter(g -> g.startsWith("states:")).count());
    }

    @Test
    void callbackScopeAnyWidensOnlyTheCallbackActionsToStar() {
        var wide = DeployedStack.deployOk(Map.of("callbackResourceScope", "any"));
        var grants = grants(wide.jsonInput(ROLE_POLICY, "inventory-policy", "policy"));
        assertTrue(grants.contains("states:SendTaskSuccess -> *"));
        assertTrue(grants.contains("states:SendTaskFailure -> *"));
        assertEquals(List.of("states:SendTaskFailure -> *", "states:SendTaskSuccess -> *"),
                grants.stream().filter(g -> g.endsWith("-> *")).sorted().toList());
    }

    @Test
    void eventSourceMappingReportsBatchItemFailuresWithConfiguredBatching() {
        var mapping = stack.resource(AwsTypes.EVENT_SOURCE_MAPPING, "inventory-orders").inputs();
        assertEquals(QUEUE_ARN, mapping.get("eventSourceArn"));
        assertEquals("arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:dev-Inventory", mapping.get("functionName"));
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("functionResponseTypes"));
        assertEquals(10, number(mapping.get("batchSize")));
        assertEquals(0, number(mapping.get("maximumBatchingWindowInSeconds")));
        @SuppressWarnings("unchecked")
        var scaling = (Map<String, Object>) mapping.get("scalingConfig");
        assertEquals(10, number(scaling.get("maximumConcurrency")));
    }

    @Test
    void withoutSnapStartTheQueueInvokesTheUnpublishedFunction() {
        assertNull(stack.input(FUNCTION, "Inventory", "snapStart"));
        assertTrue(stack.all(ALIAS).isEmpty());
        assertEquals("", stack.output("functionAliasArn"));
    }

    @Test
    void snapStartPublishesVersionsAndTheQueueInvokesTheLiveAliasOfTheLatestOne() {
        var snap = DeployedStack.deployOk(Map.of("snapStart", "true"));

        var function = snap.resource(FUNCTION, "Inventory").inputs();
        assertEquals(true, function.get("publish"));
        assertEquals(Map.of("applyOn", "PublishedVersions"), function.get("snapStart"));
        var alias = snap.resource(ALIAS, "inventory-live").inputs();
        assertEquals("live", alias.get("name"));
        assertEquals("dev-Inventory", alias.get("functionName"));
        assertEquals("1", alias.get("functionVersion"));
        String aliasArn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:dev-Inventory:live";
        assertEquals(aliasArn, snap.input(AwsTypes.EVENT_SOURCE_MAPPING, "inventory-orders", "functionName"));
        assertEquals(aliasArn, snap.output("functionAliasArn"));
    }

    @Test
    void withSnapStartOperatorsMayDeleteOldVersionsOfThisFunctionOnly() {
        String function = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:dev-Inventory";
        var snap = DeployedStack.deployOk(Map.of("snapStart", "true"));
        var grants = grants(snap.jsonInput(AwsTypes.POLICY, "operator-policy", "policy"));
        assertTrue(grants.contains("lambda:DeleteFunction -> " + function + ":*"), grants.toString());
        assertTrue(grants.contains("lambda:ListVersionsByFunction -> " + function), grants.toString());
        // Without SnapStart nothing is published, and operators get no Lambda permission at all.
        assertFalse(stack.input(AwsTypes.POLICY, "operator-policy", "policy").toString().contains("lambda:"));
    }
}
