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
                Policies.workflowPolicy(QUEUE, true, true), Policies.functionPolicy(QUEUE, MACHINE, LOGS),
                Policies.tlsOnlyQueuePolicy(QUEUE))) {
            assertEquals("2012-10-17", parse(document).get("Version").getAsString());
        }
    }

    @Test
    void workflowPolicyAddsLogDeliveryOnlyWhenLogging() {
        assertEquals(9, grants(parse(Policies.workflowPolicy(QUEUE, true, false))).size());
        assertEquals(List.of("sqs:SendMessage -> " + QUEUE), grants(parse(Policies.workflowPolicy(QUEUE, false, false))));
    }

    @Test
    void workflowPolicyAddsXRayOnlyWhenTracing() {
        var grants = grants(parse(Policies.workflowPolicy(QUEUE, false, true)));
        assertEquals(List.of("sqs:SendMessage -> " + QUEUE, "xray:PutTraceSegments -> *",
                "xray:PutTelemetryRecords -> *", "xray:GetSamplingRules -> *", "xray:GetSamplingTargets -> *"), grants);
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
