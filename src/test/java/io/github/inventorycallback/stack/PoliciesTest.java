package io.github.inventorycallback.stack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.inventorycallback.stack.DeployedStack.grants;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IAM document builders on their own, without Pulumi. */
class PoliciesTest {
    private static final String QUEUE = "arn:aws:sqs:us-east-1:111122223333:q";
    private static final String MACHINE = "arn:aws:states:us-east-1:111122223333:stateMachine:m";
    private static final String LOGS = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f";
    private static final String DLQ = QUEUE + "-dlq";
    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String REGION = "us-east-1";
    private static final String ALARMS = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:dev-InventoryCallback-*";
    private static final String WORKFLOW_LOGS = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/m";
    private static final String VIA_SQS = "\"kms:ViaService\":\"sqs.us-east-1.amazonaws.com\"";
    private static final String MACHINE_CONTEXT =
            "{\"StringEquals\":{\"kms:EncryptionContext:aws:states:stateMachineArn\":\"" + MACHINE + "\"}}";
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:111122223333:function:f";
    private static final String FUNCTION_CONTEXT =
            "{\"StringEquals\":{\"kms:EncryptionContext:aws:lambda:FunctionArn\":\"" + FUNCTION + "\"}}";

    private static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void everyDocumentUsesTheCurrentPolicyLanguageVersion() {
        for (var document : List.of(Policies.lambdaTrust(), Policies.stepFunctionsTrust("1", MACHINE),
                Policies.sendOrderChecksPolicy(QUEUE, REGION, ""), Policies.sendOrderChecksPolicy(QUEUE, REGION, KEY),
                Policies.logDeliveryPolicy("aws", REGION, "111122223333", ""), Policies.tracingPolicy(),
                Policies.functionPolicy(QUEUE, DLQ, MACHINE, LOGS, REGION, MACHINE, ""),
                Policies.executionDataKeyPolicy(KEY, MACHINE), Policies.operatorPolicy(MACHINE, QUEUE, DLQ, REGION, "", KEY),
                Policies.keyPolicy(scope(true)), Policies.tlsOnlyQueuePolicy(QUEUE), Policies.functionTracingPolicy(),
                Policies.environmentKeyPolicy(KEY, FUNCTION))) {
            assertEquals("2012-10-17", parse(document).get("Version").getAsString());
        }
    }

    @Test
    void theStateMachineMaySendToItsQueueOnly() {
        assertEquals(List.of("sqs:SendMessage -> " + QUEUE), grants(parse(Policies.sendOrderChecksPolicy(QUEUE, REGION, ""))));
    }

    @Test
    void logDeliveryGrantsOnlyTheEightVendedLogActions() {
        assertEquals(List.of("logs:CreateLogDelivery -> *", "logs:GetLogDelivery -> *", "logs:UpdateLogDelivery -> *",
                "logs:DeleteLogDelivery -> *", "logs:ListLogDeliveries -> *", "logs:PutResourcePolicy -> *",
                "logs:DescribeResourcePolicies -> *", "logs:DescribeLogGroups -> *"),
                grants(parse(Policies.logDeliveryPolicy("aws", REGION, "111122223333", ""))));
    }

    @Test
    void tracingGrantsOnlyTheFourXRayActions() {
        assertEquals(List.of("xray:PutTraceSegments -> *", "xray:PutTelemetryRecords -> *",
                "xray:GetSamplingRules -> *", "xray:GetSamplingTargets -> *"), grants(parse(Policies.tracingPolicy())));
    }

    @Test
    void functionTracingGrantsOnlyTheTwoCallsLambdaMakesForAnActivelyTracedFunction() {
        assertEquals(List.of("xray:PutTraceSegments -> *", "xray:PutTelemetryRecords -> *"),
                grants(parse(Policies.functionTracingPolicy())));
    }

    @Test
    void theFunctionMayDecryptOnlyWhatLambdaEncryptedForIt() {
        var grant = onlyOne(Policies.environmentKeyPolicy(KEY, FUNCTION));
        assertEquals(List.of("kms:Decrypt -> " + KEY), grants(parse(Policies.environmentKeyPolicy(KEY, FUNCTION))));
        assertEquals(FUNCTION_CONTEXT, grant.get("Condition").toString());
    }

    @Test
    void trustPoliciesLetOnlyTheirServiceAssumeTheRole() {
        var lambda = statement(Policies.lambdaTrust());
        assertEquals("Allow", lambda.get("Effect").getAsString());
        assertEquals("sts:AssumeRole", lambda.get("Action").getAsString());
        assertEquals("{\"Service\":\"lambda.amazonaws.com\"}", lambda.get("Principal").toString());
        var states = statement(Policies.stepFunctionsTrust("111122223333", MACHINE));
        assertEquals("Allow", states.get("Effect").getAsString());
        assertEquals("sts:AssumeRole", states.get("Action").getAsString());
        assertEquals("{\"Service\":\"states.amazonaws.com\"}", states.get("Principal").toString());
    }

    @Test
    void tlsOnlyPolicyDeniesEveryQueueActionWithoutTlsAndGrantsNothing() {
        var statement = statement(Policies.tlsOnlyQueuePolicy(QUEUE));
        assertEquals("Deny", statement.get("Effect").getAsString());
        assertEquals("sqs:*", statement.get("Action").getAsString());
        assertEquals(QUEUE, statement.get("Resource").getAsString());
        assertEquals("*", statement.get("Principal").getAsString());
        assertEquals("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", statement.get("Condition").toString());
        assertEquals(1, parse(Policies.tlsOnlyQueuePolicy(QUEUE)).getAsJsonArray("Statement").size());
    }

    private static JsonObject statement(String document) {
        return parse(document).getAsJsonArray("Statement").get(0).getAsJsonObject();
    }

    @Test
    void functionPolicyScopesLogsToTheStreamsOfItsOwnGroup() {
        var grants = grants(parse(Policies.functionPolicy(QUEUE, DLQ, MACHINE, LOGS, REGION, MACHINE, "")));
        assertEquals("logs:PutLogEvents -> " + LOGS + ":*", grants.get(grants.size() - 1));
    }

    @Test
    void stepFunctionsTrustPinsAccountAndStateMachine() {
        var condition = parse(Policies.stepFunctionsTrust("111122223333", MACHINE))
                .getAsJsonArray("Statement").get(0).getAsJsonObject().getAsJsonObject("Condition");
        assertEquals("{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"},"
                + "\"ArnLike\":{\"aws:SourceArn\":\"" + MACHINE + "\"}}", condition.toString());
    }

    // --- Customer-managed key ---------------------------------------------------------------------------------

    private static Policies.KeyScope scope(boolean executionLogs) {
        return new Policies.KeyScope("aws", REGION, "111122223333", MACHINE, List.of(QUEUE, DLQ),
                List.of(LOGS, WORKFLOW_LOGS), ALARMS, executionLogs, FUNCTION);
    }

    private static JsonObject statement(String document, String sid) {
        for (var element : parse(document).getAsJsonArray("Statement")) {
            if (element.getAsJsonObject().has("Sid") && element.getAsJsonObject().get("Sid").getAsString().equals(sid)) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("no statement " + sid + " in " + document);
    }

    private static List<String> sids(String document) {
        return parse(document).getAsJsonArray("Statement").asList().stream()
                .map(s -> s.getAsJsonObject().get("Sid").getAsString()).toList();
    }

    @Test
    void withAKeyTheStateMachineMayEncryptOnlyOrdersAndOnlyThroughSqs() {
        String policy = Policies.sendOrderChecksPolicy(QUEUE, REGION, KEY);
        assertEquals(List.of("sqs:SendMessage -> " + QUEUE, "kms:GenerateDataKey -> " + KEY, "kms:Decrypt -> " + KEY),
                grants(parse(policy)));
        assertEquals("{\"StringEquals\":{" + VIA_SQS + ",\"kms:EncryptionContext:aws:sqs:arn\":[\"" + QUEUE + "\"]}}",
                statement(policy, "EncryptOrderChecks").get("Condition").toString());
    }

    @Test
    void executionDataKeyIsUsableOnlyForThisStateMachine() {
        var grant = onlyOne(Policies.executionDataKeyPolicy(KEY, MACHINE));
        assertEquals(List.of("kms:Decrypt -> " + KEY, "kms:GenerateDataKey -> " + KEY),
                grants(parse(Policies.executionDataKeyPolicy(KEY, MACHINE))));
        assertEquals(MACHINE_CONTEXT, grant.get("Condition").toString());
    }

    @Test
    void withAKeyLogDeliveryMayOnlyGenerateDataKeysUnderTheLogDeliveryContext() {
        String policy = Policies.logDeliveryPolicy("aws-us-gov", "us-gov-west-1", "111122223333", KEY);
        var grant = statement(policy, "EncryptExecutionLogs");
        assertEquals("[\"kms:GenerateDataKey\"]", grant.get("Action").toString());
        assertEquals("[\"" + KEY + "\"]", grant.get("Resource").toString());
        assertEquals("{\"StringEquals\":{\"kms:EncryptionContext:SourceArn\":"
                + "\"arn:aws-us-gov:logs:us-gov-west-1:111122223333:*\"}}", grant.get("Condition").toString());
    }

    @Test
    void withAKeyTheFunctionMayDecryptOrdersAndEncryptItsAnswersOnly() {
        String policy = Policies.functionPolicy(QUEUE, DLQ, MACHINE, LOGS, REGION, MACHINE, KEY);
        assertEquals(List.of("ConsumeOrders", "AnswerInventoryChecks", "WriteOwnLogs", "DecryptOrders",
                "DeadLetterOrders", "EncryptAnswers"), sids(policy));
        var decrypt = statement(policy, "DecryptOrders");
        assertEquals("[\"kms:Decrypt\"]", decrypt.get("Action").toString());
        assertEquals("{\"StringEquals\":{" + VIA_SQS + ",\"kms:EncryptionContext:aws:sqs:arn\":[\"" + QUEUE + "\"]}}",
                decrypt.get("Condition").toString());
        // The receive that dead-letters an order encrypts it into the dead-letter queue: that queue's context only.
        var deadLetter = statement(policy, "DeadLetterOrders");
        assertEquals("[\"kms:Decrypt\",\"kms:GenerateDataKey\"]", deadLetter.get("Action").toString());
        assertEquals("[\"" + KEY + "\"]", deadLetter.get("Resource").toString());
        assertEquals("{\"StringEquals\":{" + VIA_SQS + ",\"kms:EncryptionContext:aws:sqs:arn\":[\"" + DLQ + "\"]}}",
                deadLetter.get("Condition").toString());
        // Scoped to the state machine even when the callback actions are on "*".
        var answers = statement(Policies.functionPolicy(QUEUE, DLQ, "*", LOGS, REGION, MACHINE, KEY), "EncryptAnswers");
        assertEquals("[\"" + KEY + "\"]", answers.get("Resource").toString());
        assertEquals(MACHINE_CONTEXT, answers.get("Condition").toString());
    }

    @Test
    void withoutAKeyNoPolicyMentionsKms() {
        for (String policy : List.of(Policies.sendOrderChecksPolicy(QUEUE, REGION, ""),
                Policies.logDeliveryPolicy("aws", REGION, "111122223333", ""),
                Policies.functionPolicy(QUEUE, DLQ, MACHINE, LOGS, REGION, MACHINE, ""),
                Policies.operatorPolicy(MACHINE, QUEUE, DLQ, REGION, "", ""))) {
            assertFalse(policy.contains("kms:"), policy);
        }
    }

    @Test
    void operatorsMayRunFollowAndStopOrdersAndRedriveDeadLetters() {
        String policy = Policies.operatorPolicy(MACHINE, QUEUE, DLQ, REGION, "", "");
        String executions = "arn:aws:states:us-east-1:111122223333:execution:m:*";
        assertEquals(List.of("states:StartExecution -> " + MACHINE, "states:ListExecutions -> " + MACHINE,
                "states:DescribeExecution -> " + executions, "states:GetExecutionHistory -> " + executions,
                "states:StopExecution -> " + executions,
                "sqs:ReceiveMessage -> " + DLQ, "sqs:ChangeMessageVisibility -> " + DLQ, "sqs:DeleteMessage -> " + DLQ,
                "sqs:GetQueueAttributes -> " + DLQ, "sqs:StartMessageMoveTask -> " + DLQ,
                "sqs:ListMessageMoveTasks -> " + DLQ, "sqs:SendMessage -> " + QUEUE), grants(parse(policy)));
    }

    @Test
    void withSnapStartOperatorsMayDeleteTheFunctionsVersionsButNotTheFunction() {
        String function = "arn:aws:lambda:us-east-1:111122223333:function:f";
        String policy = Policies.operatorPolicy(MACHINE, QUEUE, DLQ, REGION, function, "");
        var grants = grants(parse(policy));
        assertTrue(grants.containsAll(List.of("lambda:ListVersionsByFunction -> " + function,
                "lambda:ListAliases -> " + function, "lambda:DeleteFunction -> " + function + ":*")), grants.toString());
        assertFalse(grants.contains("lambda:DeleteFunction -> " + function), grants.toString());
    }

    @Test
    void withAKeyOperatorsUseItThroughStepFunctionsAndSqsForThisStackOnly() {
        String policy = Policies.operatorPolicy(MACHINE, QUEUE, DLQ, REGION, "", KEY);
        assertEquals(MACHINE_CONTEXT, statement(policy, "UseExecutionDataKey").get("Condition").toString());
        assertEquals("{\"StringEquals\":{" + VIA_SQS + ",\"kms:EncryptionContext:aws:sqs:arn\":[\"" + QUEUE + "\",\""
                + DLQ + "\"]}}", statement(policy, "UseQueueKey").get("Condition").toString());
    }

    @Test
    void keyPolicyAdministersThroughIamWithoutAnyUseOfTheKey() {
        var admin = statement(Policies.keyPolicy(scope(true)), "KeyAdministrationThroughIam");
        assertEquals("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", admin.get("Principal").toString());
        assertFalse(admin.has("Condition"));
        var actions = admin.getAsJsonArray("Action").asList().stream().map(a -> a.getAsString()).toList();
        for (String use : List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom",
                "kms:CreateGrant", "kms:DisableKeyRotation", "kms:BypassPolicyLockoutSafetyCheck")) {
            assertFalse(actions.contains(use), use);
        }
        // What `pulumi up` and `destroy` call on a key and its alias.
        for (String admin2 : List.of("kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy",
                "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:ListResourceTags", "kms:TagResource",
                "kms:CreateAlias", "kms:DeleteAlias", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion")) {
            assertTrue(actions.contains(admin2), admin2);
        }
    }

    @Test
    void keyPolicyAdmitsEachUseOnlyUnderItsServicesConditions() {
        String policy = Policies.keyPolicy(scope(true));
        assertEquals(List.of("KeyAdministrationThroughIam", "StepFunctionsExecutionData", "SqsMessagesOfThisStack",
                "ExecutionLogDelivery", "LogDeliveryService", "LambdaEnvironmentOfThisFunction",
                "LambdaGrantsThroughLambdaOnly", "CloudWatchLogsOfThisStack", "CloudWatchAlarmsOfThisStack"),
                sids(policy));
        for (var element : parse(policy).getAsJsonArray("Statement")) {
            var statement = element.getAsJsonObject();
            assertEquals("Allow", statement.get("Effect").getAsString());
            // In a key policy "*" is the key itself.
            assertEquals("*", statement.get("Resource").getAsString());
            for (var action : statement.getAsJsonArray("Action")) {
                assertFalse(action.getAsString().contains("*"), action.getAsString());
            }
        }
        assertEquals(MACHINE_CONTEXT, statement(policy, "StepFunctionsExecutionData").get("Condition").toString());
        assertEquals("{\"StringEquals\":{" + VIA_SQS + ",\"kms:CallerAccount\":\"111122223333\","
                        + "\"kms:EncryptionContext:aws:sqs:arn\":[\"" + QUEUE + "\",\"" + DLQ + "\"]}}",
                statement(policy, "SqsMessagesOfThisStack").get("Condition").toString());
        var logs = statement(policy, "CloudWatchLogsOfThisStack");
        assertEquals("{\"Service\":\"logs.us-east-1.amazonaws.com\"}", logs.get("Principal").toString());
        assertEquals("{\"ArnEquals\":{\"kms:EncryptionContext:aws:logs:arn\":[\"" + LOGS + "\",\"" + WORKFLOW_LOGS
                + "\"]}}", logs.get("Condition").toString());
        var alarms = statement(policy, "CloudWatchAlarmsOfThisStack");
        assertEquals("{\"Service\":\"cloudwatch.amazonaws.com\"}", alarms.get("Principal").toString());
        assertEquals("[\"kms:Decrypt\",\"kms:GenerateDataKey\"]", alarms.get("Action").toString());
        assertEquals("{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"},\"ArnLike\":{\"aws:SourceArn\":\""
                + ALARMS + "\"}}", alarms.get("Condition").toString());
        var delivery = statement(policy, "LogDeliveryService");
        assertEquals("{\"Service\":\"delivery.logs.amazonaws.com\"}", delivery.get("Principal").toString());
        assertEquals("[\"kms:Decrypt\"]", delivery.get("Action").toString());
        assertEquals("{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"}}",
                delivery.get("Condition").toString());
        assertEquals("{\"StringEquals\":{\"kms:EncryptionContext:SourceArn\":\"arn:aws:logs:us-east-1:111122223333:*\"}}",
                statement(policy, "ExecutionLogDelivery").get("Condition").toString());
        var environment = statement(policy, "LambdaEnvironmentOfThisFunction");
        assertEquals("{\"AWS\":\"arn:aws:iam::111122223333:root\"}", environment.get("Principal").toString());
        assertEquals("[\"kms:Encrypt\",\"kms:Decrypt\"]", environment.get("Action").toString());
        assertEquals(FUNCTION_CONTEXT, environment.get("Condition").toString());
        var grant = statement(policy, "LambdaGrantsThroughLambdaOnly");
        assertEquals("[\"kms:CreateGrant\"]", grant.get("Action").toString());
        assertEquals("{\"StringEquals\":{\"kms:ViaService\":\"lambda.us-east-1.amazonaws.com\","
                + "\"kms:CallerAccount\":\"111122223333\"},\"Bool\":{\"kms:GrantIsForAWSResource\":\"true\"}}",
                grant.get("Condition").toString());
    }

    @Test
    void withoutExecutionLogsTheKeyAdmitsNoLogDelivery() {
        assertEquals(List.of("KeyAdministrationThroughIam", "StepFunctionsExecutionData", "SqsMessagesOfThisStack",
                "LambdaEnvironmentOfThisFunction", "LambdaGrantsThroughLambdaOnly", "CloudWatchLogsOfThisStack",
                "CloudWatchAlarmsOfThisStack"), sids(Policies.keyPolicy(scope(false))));
    }

    private static JsonObject onlyOne(String document) {
        assertEquals(1, parse(document).getAsJsonArray("Statement").size(), document);
        return statement(document);
    }
}
