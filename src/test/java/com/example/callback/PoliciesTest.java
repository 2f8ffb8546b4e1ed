package com.example.callback;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.example.callback.StackTest.grants;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The IAM document builders on their own, without Pulumi. */
class PoliciesTest {
    private static final String QUEUE = "arn:aws:sqs:us-east-1:111122223333:q";
    private static final String MACHINE = "arn:aws:states:us-east-1:111122223333:stateMachine:m";
    private static final String LOGS = "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f";

    private static JsonObject parse(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void everyDocumentUsesTheCurrentPolicyLanguageVersion() {
        for (var document : List.of(Policies.lambdaTrust(), Policies.stepFunctionsTrust("1", MACHINE),
                Policies.sendOrderChecksPolicy(QUEUE), Policies.logDeliveryPolicy(), Policies.tracingPolicy(),
                Policies.functionPolicy(QUEUE, MACHINE, LOGS),
                Policies.tlsOnlyQueuePolicy(QUEUE))) {
            assertEquals("2012-10-17", parse(document).get("Version").getAsString());
        }
    }

    @Test
    void theStateMachineMaySendToItsQueueOnly() {
        assertEquals(List.of("sqs:SendMessage -> " + QUEUE), grants(parse(Policies.sendOrderChecksPolicy(QUEUE))));
    }

    @Test
    void logDeliveryGrantsOnlyTheEightVendedLogActions() {
        assertEquals(List.of("logs:CreateLogDelivery -> *", "logs:GetLogDelivery -> *", "logs:UpdateLogDelivery -> *",
                "logs:DeleteLogDelivery -> *", "logs:ListLogDeliveries -> *", "logs:PutResourcePolicy -> *",
                "logs:DescribeResourcePolicies -> *", "logs:DescribeLogGroups -> *"),
                grants(parse(Policies.logDeliveryPolicy())));
    }

    @Test
    void tracingGrantsOnlyTheFourXRayActions() {
        assertEquals(List.of("xray:PutTraceSegments -> *", "xray:PutTelemetryRecords -> *",
                "xray:GetSamplingRules -> *", "xray:GetSamplingTargets -> *"), grants(parse(Policies.tracingPolicy())));
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
        var grants = grants(parse(Policies.functionPolicy(QUEUE, MACHINE, LOGS)));
        assertEquals("logs:PutLogEvents -> " + LOGS + ":*", grants.get(grants.size() - 1));
    }

    @Test
    void stepFunctionsTrustPinsAccountAndStateMachine() {
        var condition = parse(Policies.stepFunctionsTrust("111122223333", MACHINE))
                .getAsJsonArray("Statement").get(0).getAsJsonObject().getAsJsonObject("Condition");
        assertEquals("{\"StringEquals\":{\"aws:SourceAccount\":\"111122223333\"},"
                + "\"ArnLike\":{\"aws:SourceArn\":\"" + MACHINE + "\"}}", condition.toString());
    }
}
