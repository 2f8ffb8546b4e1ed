package io.github.inventorycallback.stack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;

/**
 * The IAM documents of the stack, as pure functions of ARNs. Every grant names its resource; the few statements
 * on {@code "*"} are the ones AWS defines no resource for, each commented with why.
 */
public final class Policies {
    private Policies() {
    }

    /** Lets only the Lambda service assume the function's role. */
    public static String lambdaTrust() {
        JsonObject statement = new JsonObject();
        statement.addProperty("Effect", "Allow");
        statement.add("Principal", service("lambda.amazonaws.com"));
        statement.addProperty("Action", "sts:AssumeRole");
        return document(statement);
    }

    /**
     * Lets only Step Functions assume the workflow's role, and only on behalf of this account's state machine of
     * that name (confused-deputy protection).
     */
    public static String stepFunctionsTrust(String accountId, String stateMachineArn) {
        JsonObject statement = new JsonObject();
        statement.addProperty("Effect", "Allow");
        statement.add("Principal", service("states.amazonaws.com"));
        statement.addProperty("Action", "sts:AssumeRole");
        JsonObject condition = new JsonObject();
        condition.add("StringEquals", single("aws:SourceAccount", accountId));
        condition.add("ArnLike", single("aws:SourceArn", stateMachineArn));
        statement.add("Condition", condition);
        return document(statement);
    }

    /**
     * The state machine's permission to send order checks.
     *
     * @param keyArn the stack's customer-managed key, or "" when the queue uses SSE-SQS (which needs no grant)
     */
    public static String sendOrderChecksPolicy(String queueArn, String region, String keyArn) {
        JsonArray statements = new JsonArray();
        statements.add(allow("SendOrderChecks", List.of("sqs:SendMessage"), List.of(queueArn)));
        if (!keyArn.isEmpty()) {
            // A sender to a queue under a customer-managed key needs both (SQS developer guide, "Key management":
            // GenerateDataKey for new data keys, Decrypt to reuse a cached one), only through SQS, only for Orders.
            statements.add(sqsKeyGrant("EncryptOrderChecks", List.of("kms:GenerateDataKey", "kms:Decrypt"), keyArn,
                    region, queueArn));
        }
        return document(statements);
    }

    /**
     * The state machine role's use of the key that encrypts its definition and execution history (Step Functions
     * guide, "Data at rest encryption": the role needs both, under the state machine's encryption context).
     */
    public static String executionDataKeyPolicy(String keyArn, String stateMachineArn) {
        return document(executionDataKeyGrant("UseExecutionDataKey", keyArn, stateMachineArn));
    }

    /**
     * The state machine's log-delivery permissions, attached only while logging is on. A policy of its own, so that
     * turning logging off removes it only after the state machine stopped logging (deletions come last).
     */
    public static String logDeliveryPolicy(String partition, String region, String accountId, String keyArn) {
        JsonArray statements = new JsonArray();
        // Step Functions delivers logs through CloudWatch Logs' vended-log APIs, which define no resource
        // type: AWS requires "*" here (Step Functions guide, "IAM policies for logging to CloudWatch Logs").
        statements.add(allow("DeliverExecutionLogs", List.of(
                "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"), List.of("*")));
        if (!keyArn.isEmpty()) {
            // An encrypted state machine encrypts what it delivers to its logs with its key, under the log delivery's
            // context (Step Functions guide, "Data at rest encryption", logging; the literal value is AWS's).
            JsonObject statement = allow("EncryptExecutionLogs", List.of("kms:GenerateDataKey"), List.of(keyArn));
            statement.add("Condition", condition("StringEquals",
                    single("kms:EncryptionContext:SourceArn", logDeliverySource(partition, region, accountId))));
            statements.add(statement);
        }
        return document(statements);
    }

    /** The state machine's X-Ray permissions, attached only while tracing is on. */
    public static String tracingPolicy() {
        // X-Ray's trace and sampling APIs define no resource type: AWS requires "*" here
        // (Step Functions guide, "IAM policies for using AWS X-Ray").
        return document(allow("WriteTraces", List.of(
                "xray:PutTraceSegments", "xray:PutTelemetryRecords",
                "xray:GetSamplingRules", "xray:GetSamplingTargets"), List.of("*")));
    }

    /**
     * The function's X-Ray permissions, attached only while tracing is on: exactly the two calls Lambda makes with the
     * function's role to send the segments of an actively traced function (Lambda guide, "Using AWS Lambda with AWS
     * X-Ray", Execution role permissions). No sampling calls: Lambda samples, and the jar holds no X-Ray SDK.
     */
    public static String functionTracingPolicy() {
        // X-Ray defines no resource type for PutTraceSegments and PutTelemetryRecords (Service Authorization
        // Reference, "Actions defined by AWS X-Ray"): AWS requires "*" here.
        return document(allow("WriteFunctionTraces",
                List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"), List.of("*")));
    }

    /**
     * The function role's use of the key that encrypts its environment variables, attached only with a
     * customer-managed key: Lambda decrypts them with the function's role when it starts an execution environment
     * (a function whose role may not fails to start with KMSAccessDeniedException, "no identity-based policy allows
     * the kms:Decrypt action", as reported in cattle-ops/terraform-aws-gitlab-runner#1253), under the encryption
     * context it encrypted them with. The context's key, {@code aws:lambda:FunctionArn}, is the one Lambda's guide
     * uses ("Encrypting Lambda .zip deployment packages"); that its value for the environment is the unqualified
     * function ARN is <em>unconfirmed by AWS docs</em>: it is what SAM's proposal for this grant uses
     * (aws/serverless-application-model#1989). A wrong value fails the function's start, never widens the grant.
     *
     * @param functionArn the function's unqualified ARN
     */
    public static String environmentKeyPolicy(String keyArn, String functionArn) {
        JsonObject statement = allow("DecryptOwnEnvironment", List.of("kms:Decrypt"), List.of(keyArn));
        statement.add("Condition", condition("StringEquals", single(LAMBDA_FUNCTION_CONTEXT, functionArn)));
        return document(statement);
    }

    /**
     * The function's permissions: consume the queue, answer task tokens, write its own log group.
     *
     * @param callbackResource the state machine's ARN, or "*" when {@code callbackResourceScope} is {@code any}
     * @param logGroupArn      the function's log group, without the trailing {@code :*}
     * @param keyArn           the stack's customer-managed key, or "" for none
     */
    public static String functionPolicy(String queueArn, String deadLetterArn, String callbackResource,
                                        String logGroupArn, String region, String stateMachineArn, String keyArn) {
        JsonArray statements = new JsonArray();
        // What the Lambda event source mapping needs to poll a queue (Lambda guide, "services-sqs-configure").
        statements.add(allow("ConsumeOrders",
                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"), List.of(queueArn)));
        // SendTask* list no resource type in the Service Authorization Reference, yet IAM evaluates the token's
        // state machine ARN (as AWS CDK's grantTaskResponse relies on). "*" only when the user opts in.
        statements.add(allow("AnswerInventoryChecks",
                List.of("states:SendTaskSuccess", "states:SendTaskFailure"), List.of(callbackResource)));
        statements.add(allow("WriteOwnLogs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logGroupArn + ":*")));
        if (!keyArn.isEmpty()) {
            // The mapping receives with the function's role: receivers need Decrypt (Lambda guide, SQS event source).
            statements.add(sqsKeyGrant("DecryptOrders", List.of("kms:Decrypt"), keyArn, region, queueArn));
            // The receive that exceeds maxReceiveCount moves the order into the dead-letter queue under the
            // receiver's identity: SQS encrypts it there for the function's role, as it would for a sender
            // (GenerateDataKey + Decrypt, SQS guide "Key management"). Without it the order is never dead-lettered.
            statements.add(sqsKeyGrant("DeadLetterOrders", List.of("kms:Decrypt", "kms:GenerateDataKey"), keyArn,
                    region, deadLetterArn));
            // SendTaskSuccess's output and SendTaskFailure's error and cause become execution history, encrypted with
            // the state machine's key (SendTaskFailure API reference; "Data at rest encryption").
            statements.add(executionDataKeyGrant("EncryptAnswers", keyArn, stateMachineArn));
        }
        return document(statements);
    }

    /**
     * What a person running {@code ./orders} needs: run and stop orders, read their history, list and redrive the
     * dead-letter queue, delete the function's old versions (SnapStart), and, with a customer-managed key, use it
     * through Step Functions and SQS for this stack only.
     *
     * @param functionArn the function whose old published versions {@code ./orders versions} deletes, or "" when
     *                    SnapStart is off
     * @param keyArn      the stack's customer-managed key, or "" for none
     */
    public static String operatorPolicy(String stateMachineArn, String queueArn, String deadLetterArn, String region,
                                        String functionArn, String keyArn) {
        // arn:...:stateMachine:NAME -> arn:...:execution:NAME:* (every execution of this state machine).
        String executions = stateMachineArn.replace(":stateMachine:", ":execution:") + ":*";
        JsonArray statements = new JsonArray();
        statements.add(allow("RunOrders", List.of("states:StartExecution", "states:ListExecutions"),
                List.of(stateMachineArn)));
        statements.add(allow("FollowAndStopOrders", List.of("states:DescribeExecution",
                "states:GetExecutionHistory", "states:StopExecution"), List.of(executions)));
        // dlq list receives to read, then releases each message at once; redrive's move task reads the dead-letter
        // queue and sends to Orders (SQS guide, "Configuring a dead-letter queue redrive").
        statements.add(allow("InspectAndRedriveDeadLetters", List.of("sqs:ReceiveMessage",
                "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                "sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks"), List.of(deadLetterArn)));
        statements.add(allow("RedriveToOrders", List.of("sqs:SendMessage"), List.of(queueArn)));
        if (!functionArn.isEmpty()) {
            statements.add(allow("ListFunctionVersions",
                    List.of("lambda:ListVersionsByFunction", "lambda:ListAliases"), List.of(functionArn)));
            // On FUNCTION:* only: a qualified ARN, so versions can be deleted, never the function itself.
            statements.add(allow("DeleteOldFunctionVersions", List.of("lambda:DeleteFunction"),
                    List.of(functionArn + ":*")));
        }
        if (!keyArn.isEmpty()) {
            statements.add(executionDataKeyGrant("UseExecutionDataKey", keyArn, stateMachineArn));
            statements.add(sqsKeyGrant("UseQueueKey", List.of("kms:Decrypt", "kms:GenerateDataKey"), keyArn, region,
                    queueArn, deadLetterArn));
        }
        return document(statements);
    }

    /** Lambda's encryption context key for what it encrypts for a function: the function's ARN. */
    static final String LAMBDA_FUNCTION_CONTEXT = "kms:EncryptionContext:aws:lambda:FunctionArn";

    /**
     * What the stack's key protects, by ARN: its key policy admits these uses and no other.
     *
     * @param functionArn the function whose environment variables the key encrypts (unqualified)
     */
    public record KeyScope(String partition, String region, String accountId, String stateMachineArn,
                           List<String> queueArns, List<String> logGroupArns, String alarmArnPattern,
                           boolean executionLogs, String functionArn) {
    }

    /**
     * The policy of the key the stack creates. Administration is left to the account's IAM (without the key-use
     * actions); use is admitted only through the services and for the resources of this stack, each under the
     * encryption context or confused-deputy condition AWS documents for it, and IAM decides which of the account's
     * principals may: the two roles, whoever is given the operator policy, and the identity that deploys. The one
     * exception is Lambda's grant (no documented condition names its function): only through Lambda, for an AWS
     * resource.
     */
    public static String keyPolicy(KeyScope scope) {
        String root = "arn:" + scope.partition() + ":iam::" + scope.accountId() + ":root";
        JsonArray statements = new JsonArray();
        // In a key policy "*" is the key itself: KMS requires it as the Resource of every statement.
        JsonObject admin = keyStatement("KeyAdministrationThroughIam", aws(root), List.of(
                "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus",
                "kms:EnableKeyRotation", "kms:ListKeyRotations", "kms:RotateKeyOnDemand", "kms:ListResourceTags",
                "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription", "kms:EnableKey", "kms:DisableKey",
                "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:ScheduleKeyDeletion",
                "kms:CancelKeyDeletion"));
        statements.add(admin);

        JsonObject executionData = keyStatement("StepFunctionsExecutionData", aws(root),
                List.of("kms:Decrypt", "kms:GenerateDataKey"));
        executionData.add("Condition", condition("StringEquals",
                single("kms:EncryptionContext:aws:states:stateMachineArn", scope.stateMachineArn())));
        statements.add(executionData);

        JsonObject messages = keyStatement("SqsMessagesOfThisStack", aws(root),
                List.of("kms:Decrypt", "kms:GenerateDataKey"));
        JsonObject messageConditions = new JsonObject();
        messageConditions.addProperty("kms:ViaService", "sqs." + scope.region() + ".amazonaws.com");
        messageConditions.addProperty("kms:CallerAccount", scope.accountId());
        messageConditions.add("kms:EncryptionContext:aws:sqs:arn", array(scope.queueArns()));
        messages.add("Condition", condition("StringEquals", messageConditions));
        statements.add(messages);

        if (scope.executionLogs()) {
            String source = logDeliverySource(scope.partition(), scope.region(), scope.accountId());
            JsonObject toLogs = keyStatement("ExecutionLogDelivery", aws(root), List.of("kms:GenerateDataKey"));
            toLogs.add("Condition", condition("StringEquals", single("kms:EncryptionContext:SourceArn", source)));
            statements.add(toLogs);
            // CloudWatch Logs' delivery service decrypts what Step Functions encrypted to write it to the log group.
            JsonObject delivery = keyStatement("LogDeliveryService", service("delivery.logs.amazonaws.com"),
                    List.of("kms:Decrypt"));
            delivery.add("Condition", condition("StringEquals", single("aws:SourceAccount", scope.accountId())));
            statements.add(delivery);
        }

        // The function's environment variables: Lambda encrypts them with the caller's permission when the function
        // is created or its configuration updated (kms:Encrypt), and decrypts them with the function's role when an
        // execution environment starts and for whoever reads the function's configuration (kms:Decrypt), always
        // under the function's ARN as encryption context (Lambda guide, "Securing Lambda environment variables").
        // IAM decides who: the function's role (decrypt-environment) and the identity that runs `pulumi up`.
        JsonObject environment = keyStatement("LambdaEnvironmentOfThisFunction", aws(root),
                List.of("kms:Encrypt", "kms:Decrypt"));
        environment.add("Condition", condition("StringEquals",
                single(LAMBDA_FUNCTION_CONTEXT, scope.functionArn())));
        statements.add(environment);

        // Configuring a customer-managed key on a function also needs kms:CreateGrant: Lambda creates a grant on the
        // key with the caller's permissions (the same page). Only through Lambda, only by this account, only for a
        // grant an AWS service creates for its resource. No condition AWS documents ties Lambda's grant to one
        // function, so none is claimed here: a grant is only as wide as what IAM lets the caller ask Lambda for.
        JsonObject grants = keyStatement("LambdaGrantsThroughLambdaOnly", aws(root), List.of("kms:CreateGrant"));
        JsonObject grantConditions = new JsonObject();
        grantConditions.addProperty("kms:ViaService", "lambda." + scope.region() + ".amazonaws.com");
        grantConditions.addProperty("kms:CallerAccount", scope.accountId());
        JsonObject grantCondition = condition("StringEquals", grantConditions);
        grantCondition.add("Bool", single("kms:GrantIsForAWSResource", "true"));
        grants.add("Condition", grantCondition);
        statements.add(grants);

        // CloudWatch Logs encrypts and decrypts log events itself, as its regional service principal, under each log
        // group's ARN as encryption context (CloudWatch Logs guide, "Encrypt log data using AWS KMS").
        JsonObject logs = keyStatement("CloudWatchLogsOfThisStack", service("logs." + scope.region() + ".amazonaws.com"),
                List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
                        "kms:GenerateDataKeyWithoutPlaintext"));
        logs.add("Condition", condition("ArnEquals",
                arrayOf("kms:EncryptionContext:aws:logs:arn", scope.logGroupArns())));
        statements.add(logs);

        // Alarms publish to the encrypted topic as cloudwatch.amazonaws.com, which needs the key (SNS guide,
        // "Enable compatibility between event sources from AWS services and encrypted topics"); only this stack's
        // alarms, by the same confused-deputy conditions as the topic policy.
        JsonObject alarms = keyStatement("CloudWatchAlarmsOfThisStack", service("cloudwatch.amazonaws.com"),
                List.of("kms:Decrypt", "kms:GenerateDataKey"));
        JsonObject alarmConditions = condition("StringEquals", single("aws:SourceAccount", scope.accountId()));
        alarmConditions.add("ArnLike", single("aws:SourceArn", scope.alarmArnPattern()));
        alarms.add("Condition", alarmConditions);
        statements.add(alarms);
        return document(statements);
    }

    /** The value Step Functions' log delivery puts in its encryption context, as AWS documents it (a literal "*"). */
    static String logDeliverySource(String partition, String region, String accountId) {
        return "arn:" + partition + ":logs:" + region + ":" + accountId + ":*";
    }

    private static JsonObject executionDataKeyGrant(String sid, String keyArn, String stateMachineArn) {
        JsonObject statement = allow(sid, List.of("kms:Decrypt", "kms:GenerateDataKey"), List.of(keyArn));
        statement.add("Condition", condition("StringEquals",
                single("kms:EncryptionContext:aws:states:stateMachineArn", stateMachineArn)));
        return statement;
    }

    /** Use of the key only through SQS, and only for these queues (SQS puts the queue's ARN in the context). */
    private static JsonObject sqsKeyGrant(String sid, List<String> actions, String keyArn, String region,
                                          String... queueArns) {
        JsonObject statement = allow(sid, actions, List.of(keyArn));
        JsonObject conditions = new JsonObject();
        conditions.addProperty("kms:ViaService", "sqs." + region + ".amazonaws.com");
        conditions.add("kms:EncryptionContext:aws:sqs:arn", array(List.of(queueArns)));
        statement.add("Condition", condition("StringEquals", conditions));
        return statement;
    }

    private static JsonObject keyStatement(String sid, JsonObject principal, List<String> actions) {
        JsonObject statement = new JsonObject();
        statement.addProperty("Sid", sid);
        statement.addProperty("Effect", "Allow");
        statement.add("Principal", principal);
        statement.add("Action", array(actions));
        statement.addProperty("Resource", "*");
        return statement;
    }

    /**
     * Lets CloudWatch publish this stack's alarms to the topic, and nothing else: only alarms of this account whose
     * names start with the stack's prefix (confused-deputy protection), only {@code sns:Publish}, only over TLS.
     * It replaces SNS's default policy, which lets every principal of the account manage the topic.
     *
     * @param alarmArnPattern {@code arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:PREFIX*}
     */
    public static String alarmTopicPolicy(String topicArn, String accountId, String alarmArnPattern) {
        JsonObject publish = new JsonObject();
        publish.addProperty("Sid", "CloudWatchAlarmsOfThisStack");
        publish.addProperty("Effect", "Allow");
        publish.add("Principal", service("cloudwatch.amazonaws.com"));
        publish.addProperty("Action", "sns:Publish");
        publish.addProperty("Resource", topicArn);
        JsonObject condition = new JsonObject();
        condition.add("StringEquals", single("aws:SourceAccount", accountId));
        condition.add("ArnLike", single("aws:SourceArn", alarmArnPattern));
        publish.add("Condition", condition);

        return document(publish, denyWithoutTls("sns:Publish", topicArn));
    }

    /** Denies every request to the queue that does not arrive over TLS. */
    public static String tlsOnlyQueuePolicy(String queueArn) {
        // "sqs:*" closes every queue action without TLS.
        return document(denyWithoutTls("sqs:*", queueArn));
    }

    /** A Deny for every caller (Principal "*") of requests not sent over TLS: it grants nothing. */
    private static JsonObject denyWithoutTls(String action, String resource) {
        JsonObject statement = new JsonObject();
        statement.addProperty("Sid", "DenyInsecureTransport");
        statement.addProperty("Effect", "Deny");
        statement.addProperty("Principal", "*");
        statement.addProperty("Action", action);
        statement.addProperty("Resource", resource);
        JsonObject condition = new JsonObject();
        condition.add("Bool", single("aws:SecureTransport", "false"));
        statement.add("Condition", condition);
        return statement;
    }

    private static JsonObject allow(String sid, List<String> actions, List<String> resources) {
        JsonObject statement = new JsonObject();
        statement.addProperty("Sid", sid);
        statement.addProperty("Effect", "Allow");
        statement.add("Action", array(actions));
        statement.add("Resource", array(resources));
        return statement;
    }

    private static JsonObject service(String principal) {
        return single("Service", principal);
    }

    private static JsonObject aws(String principal) {
        return single("AWS", principal);
    }

    private static JsonObject condition(String operator, JsonObject keys) {
        JsonObject condition = new JsonObject();
        condition.add(operator, keys);
        return condition;
    }

    private static JsonObject arrayOf(String key, List<String> values) {
        JsonObject object = new JsonObject();
        object.add(key, array(values));
        return object;
    }

    private static JsonObject single(String key, String value) {
        JsonObject object = new JsonObject();
        object.addProperty(key, value);
        return object;
    }

    private static JsonArray array(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static String document(JsonObject... statement) {
        JsonArray statements = new JsonArray();
        for (JsonObject one : statement) {
            statements.add(one);
        }
        return document(statements);
    }

    private static String document(JsonArray statements) {
        JsonObject document = new JsonObject();
        document.addProperty("Version", "2012-10-17");
        document.add("Statement", statements);
        return document.toString();
    }
}
