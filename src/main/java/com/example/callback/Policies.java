package com.example.callback;

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
     * @param queueArn the Orders queue (SSE-SQS, so no KMS grant is needed)
     */
    public static String sendOrderChecksPolicy(String queueArn) {
        return document(allow("SendOrderChecks", List.of("sqs:SendMessage"), List.of(queueArn)));
    }

    /**
     * The state machine's log-delivery permissions, attached only while logging is on. A policy of its own, so that
     * turning logging off removes it only after the state machine stopped logging (deletions come last).
     */
    public static String logDeliveryPolicy() {
        // Step Functions delivers logs through CloudWatch Logs' vended-log APIs, which define no resource
        // type: AWS requires "*" here (Step Functions guide, "IAM policies for logging to CloudWatch Logs").
        return document(allow("DeliverExecutionLogs", List.of(
                "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"), List.of("*")));
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
     * The function's permissions: consume the queue, answer task tokens, write its own log group.
     *
     * @param callbackResource the state machine's ARN, or "*" when {@code callbackResourceScope} is {@code any}
     * @param logGroupArn      the function's log group, without the trailing {@code :*}
     */
    public static String functionPolicy(String queueArn, String callbackResource, String logGroupArn) {
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
        return document(statements);
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
