package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsMocks;
import io.github.inventorycallback.stack.plan.AwsTypes;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.plan.AwsTypes.ALIAS;
import static io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_GROUP;
import static io.github.inventorycallback.stack.plan.AwsTypes.QUEUE;
import static io.github.inventorycallback.stack.plan.AwsTypes.QUEUE_POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE_POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.STATE_MACHINE;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.DeployedStack.number;
import static io.github.inventorycallback.stack.DeployedStack.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole program under Pulumi's offline engine, read as a security and behaviour review of what it deploys. */
class StackTest {
    static final String MAPPING = AwsTypes.EVENT_SOURCE_MAPPING;

    static final String QUEUE_ARN = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":dev-Orders";
    static final String DLQ_ARN = QUEUE_ARN + "-dlq";
    static final String QUEUE_URL = "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/dev-Orders";
    static final String STATE_MACHINE_ARN =
            "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:dev-InventoryStateMachine";
    /** IAM role names are account-wide: the region in them lets one stack name live in two regions. */
    static final String WORKFLOW_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/dev-InventoryStateMachine-" + REGION;
    static final String FUNCTION_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/dev-Inventory-" + REGION;
    static final String FUNCTION_LOG_GROUP_ARN =
            "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/aws/lambda/dev-Inventory";

    private final DeployedStack stack = DeployedStack.deployOk(Map.of());

    // --- Orders queue -----------------------------------------------------------------------------------------

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

    // --- State machine ----------------------------------------------------------------------------------------

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

    // --- State machine role -----------------------------------------------------------------------------------

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

    // --- Life of the stack ------------------------------------------------------------------------------------

    @Test
    void stateMachineDependsOnWhatAnswersItSoDestroyRemovesItFirst() {
        // pulumi destroy deletes in reverse dependency order: the state machine (which waits for its running
        // executions) goes before the function, its mapping and its grants, which still answer those executions.
        var dependsOn = stack.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().dependsOn();
        assertTrue(dependsOn.containsAll(List.of(FUNCTION + "::Inventory", MAPPING + "::inventory-orders",
                ROLE_POLICY + "::inventory-policy")), dependsOn.toString());
        var snap = DeployedStack.deployOk(Map.of("snapStart", "true"));
        assertTrue(snap.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().dependsOn()
                .contains(ALIAS + "::inventory-live"));
    }

    @Test
    void nothingOfTheFunctionDependsOnTheStateMachine() {
        for (var type : List.of(FUNCTION, MAPPING, ROLE_POLICY, ROLE, LOG_GROUP)) {
            for (var resource : stack.all(type)) {
                assertFalse(resource.lifecycle().dependsOn().contains(STATE_MACHINE + "::InventoryStateMachine"),
                        resource.name() + " depends on the state machine: destroy would delete it first");
            }
        }
        // The callback grant names the state machine's ARN all the same, derived from its name.
        assertTrue(grants(stack.jsonInput(ROLE_POLICY, "inventory-policy", "policy"))
                .contains("states:SendTaskSuccess -> " + STATE_MACHINE_ARN));
    }

    @ParameterizedTest(name = "taskTimeoutSeconds = {0}")
    @CsvSource({"300", "1", "3600", "31536000"})
    void stateMachineDeletionWaitsLongerThanTheTaskTimeout(int taskTimeout) {
        var config = taskTimeout >= 250 ? Map.of("taskTimeoutSeconds", String.valueOf(taskTimeout))
                : Map.of("taskTimeoutSeconds", String.valueOf(taskTimeout), "maxReceiveCount", "1",
                "functionTimeoutSeconds", "1");
        var deployed = DeployedStack.deployOk(config);
        var timeouts = deployed.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().customTimeouts();
        assertTrue(timeouts.get("delete") > taskTimeout, timeouts + " for a task timeout of " + taskTimeout);
        assertEquals(taskTimeout + 300, timeouts.get("delete"));
    }

    @Test
    void theSameStackInTwoRegionsOfOneAccountGetsDistinctRoleNames() {
        var ireland = DeployedStack.deployOk(Map.of());
        var virginia = DeployedStack.deployOk(Map.of(), "us-east-1");
        for (var role : List.of("workflow-role", "inventory-role")) {
            assertFalse(ireland.input(ROLE, role, "name").equals(virginia.input(ROLE, role, "name")), role);
        }
        assertEquals("dev-Inventory-us-east-1", virginia.input(ROLE, "inventory-role", "name"));
    }

    @Test
    void theLongestPrefixAndRegionStillMakeValidRoleNames() {
        String prefix = "a".repeat(StackConfig.MAX_PREFIX_LENGTH);
        var deployed = DeployedStack.deployOk(Map.of("namePrefix", prefix), "us-isof-south-1");
        for (var role : deployed.all(ROLE)) {
            String name = (String) role.inputs().get("name");
            assertTrue(name.length() <= 64, name + " is longer than IAM's 64 characters");
            assertTrue(name.startsWith(prefix) && name.endsWith("-us-isof-south-1"), name);
        }
    }

    @Test
    void rolesCarryTheOrganisationsPathAndPermissionsBoundaryWhenSet() {
        for (var role : stack.all(ROLE)) {
            assertEquals("/", role.inputs().get("path"), role.name());
            assertNull(role.inputs().get("permissionsBoundary"), role.name());
        }
        String boundary = "arn:aws:iam::" + ACCOUNT + ":policy/org/workload-boundary";
        var governed = DeployedStack.deployOk(Map.of("iamPath", "/org/apps/", "permissionsBoundaryArn", boundary));
        for (var role : governed.all(ROLE)) {
            assertEquals("/org/apps/", role.inputs().get("path"), role.name());
            assertEquals(boundary, role.inputs().get("permissionsBoundary"), role.name());
        }
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/org/apps/dev-InventoryStateMachine-" + REGION,
                governed.input(STATE_MACHINE, "InventoryStateMachine", "roleArn"));
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/org/apps/dev-Inventory-" + REGION,
                governed.input(FUNCTION, "Inventory", "role"));
    }

    @Test
    void theStackAttachesTheOperatorPolicySoDestroyDetachesItFirst() {
        var operated = DeployedStack.deployOk(Map.of("operators",
                "[\"role/OrderOperators\", \"user/alice\", \"group/oncall\"]"));
        String policy = AwsTypes.POLICY + "::operator-policy";
        String arn = "arn:aws:iam::" + ACCOUNT + ":policy/dev-InventoryStateMachine-operator-" + REGION;
        for (var attachment : List.of(
                List.of(AwsTypes.ROLE_POLICY_ATTACHMENT, "operator-role-OrderOperators", "role", "OrderOperators"),
                List.of(AwsTypes.USER_POLICY_ATTACHMENT, "operator-user-alice", "user", "alice"),
                List.of(AwsTypes.GROUP_POLICY_ATTACHMENT, "operator-group-oncall", "group", "oncall"))) {
            var resource = operated.resource(attachment.get(0), attachment.get(1));
            assertEquals(arn, resource.inputs().get("policyArn"), attachment.get(1));
            assertEquals(attachment.get(3), resource.inputs().get(attachment.get(2)), attachment.get(1));
            // Depends on the policy: destroy (and a replacement of the policy) deletes the attachment first.
            assertTrue(resource.lifecycle().dependsOn().contains(policy), attachment.get(1));
        }
        // A fixed name: the old policy must be gone before its successor takes the name.
        assertTrue(operated.resource(AwsTypes.POLICY, "operator-policy").lifecycle().deleteBeforeReplace());
        assertEquals(List.of(), stack.all(AwsTypes.ROLE_POLICY_ATTACHMENT), "no operators, no attachment");
    }

    @Test
    void operatorsMustBeRolesUsersOrGroupsByName() {
        for (String bad : List.of("role/OrderOperators", "[\"arn:aws:iam::123456789012:role/x\"]",
                "[\"robot/x\"]", "[\"role/a\", \"role/a\"]", "[\"role/" + "r".repeat(65) + "\"]")) {
            String error = DeployedStack.rejected(Map.of("operators", bad), REGION);
            assertTrue(error.contains("inventory-callback:operators = '" + bad + "' is invalid: must be a list of"
                    + " role/NAME, user/NAME or group/NAME"), error);
        }
    }

    @Test
    void noResourceIsProtectedRetainedOrIgnoresChanges() {
        // (The one exception, a key the stack creates, is EncryptionTest's.)
        // pulumi destroy removes everything, and every config change reaches AWS.
        for (var resource : stack.mocks.registered()) {
            var lifecycle = resource.lifecycle();
            assertFalse(lifecycle.protect() || lifecycle.retainOnDelete(), resource.name());
            assertEquals(List.of(), lifecycle.ignoreChanges(), resource.name());
        }
    }

    // --- Inventory function -----------------------------------------------------------------------------------

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
        var mapping = stack.resource(MAPPING, "inventory-orders").inputs();
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
        assertEquals(aliasArn, snap.input(MAPPING, "inventory-orders", "functionName"));
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

    // --- Least privilege across the whole stack ---------------------------------------------------------------

    @Test
    void noRoleUsesAManagedPolicy() {
        assertTrue(stack.all("aws:iam/rolePolicyAttachment:RolePolicyAttachment").isEmpty());
        assertTrue(stack.all("aws:iam/policyAttachment:PolicyAttachment").isEmpty());
        for (var role : stack.all(ROLE)) {
            assertNull(role.inputs().get("managedPolicyArns"), role.name());
        }
    }

    /** Every identity policy of the stack and of its variant with every option on, key included. */
    private List<AwsMocks.Registered> everyIdentityPolicy() {
        var regulated = DeployedStack.deployOk(Map.of("kmsKey", "create", "snapStart", "true",
                "iamPath", "/org/", "permissionsBoundaryArn", "arn:aws:iam::" + ACCOUNT + ":policy/boundary"));
        List<AwsMocks.Registered> policies = new ArrayList<>(stack.all(ROLE_POLICY));
        policies.addAll(stack.all(AwsTypes.POLICY));
        policies.addAll(regulated.all(ROLE_POLICY));
        policies.addAll(regulated.all(AwsTypes.POLICY));
        return policies;
    }

    @Test
    void noAllowStatementAnywhereUsesAWildcardAction() {
        for (var policy : everyIdentityPolicy()) {
            for (var statement : JsonParser.parseString((String) policy.inputs().get("policy")).getAsJsonObject()
                    .getAsJsonArray("Statement")) {
                for (var action : strings(statement.getAsJsonObject().get("Action"))) {
                    assertFalse(action.contains("*"), policy.name() + " allows " + action);
                }
            }
        }
    }

    @Test
    void starResourcesAppearOnlyForTheLogDeliveryAndXRayActions() {
        for (var policy : everyIdentityPolicy()) {
            for (var grant : grants(JsonParser.parseString((String) policy.inputs().get("policy")).getAsJsonObject())) {
                if (grant.endsWith("-> *")) {
                    assertTrue(grant.startsWith("logs:") || grant.startsWith("xray:"), policy.name() + ": " + grant);
                }
            }
        }
    }

    // --- Outputs ----------------------------------------------------------------------------------------------

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
        assertEquals(stack.resource(MAPPING, "inventory-orders").id(), stack.output("eventSourceMappingId"));
    }

    // --- Configuration ----------------------------------------------------------------------------------------

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
        assertEquals(50, number(custom.input(MAPPING, "inventory-orders", "batchSize")));
        assertEquals(5, number(custom.input(MAPPING, "inventory-orders", "maximumBatchingWindowInSeconds")));
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

    // --- helpers ----------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> logging(DeployedStack deployed) {
        return (Map<String, Object>) deployed.input(STATE_MACHINE, "InventoryStateMachine", "loggingConfiguration");
    }

    private JsonObject definition() {
        return stack.jsonInput(STATE_MACHINE, "InventoryStateMachine", "definition");
    }

    private static JsonObject onlyStatement(JsonObject policy) {
        var statements = policy.getAsJsonArray("Statement");
        assertEquals(1, statements.size(), policy.toString());
        var statement = statements.get(0).getAsJsonObject();
        assertEquals("Allow", statement.get("Effect").getAsString());
        return statement;
    }

    /** Every Allow grant of a policy as "action -> resource", in document order. */
    static List<String> grants(JsonObject policy) {
        List<String> grants = new ArrayList<>();
        for (JsonElement element : policy.getAsJsonArray("Statement")) {
            var statement = element.getAsJsonObject();
            assertEquals("Allow", statement.get("Effect").getAsString(), statement.toString());
            for (var action : strings(statement.get("Action"))) {
                for (var resource : strings(statement.get("Resource"))) {
                    grants.add(action + " -> " + resource);
                }
            }
        }
        return grants;
    }
}
