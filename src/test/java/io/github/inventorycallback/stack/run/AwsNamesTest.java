package io.github.inventorycallback.stack.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ARN or URL is checked before any call, and its region is the one the clients call. */
class AwsNamesTest {
    @Test
    void theRegionComesFromTheResourcesOwnName() {
        assertEquals("eu-west-1", AwsNames.region("x", "arn:aws:states:eu-west-1:123456789012:stateMachine:dev-M",
                AwsNames.STATE_MACHINE, "f"));
        assertEquals("us-gov-west-1", AwsNames.region("x",
                "arn:aws-us-gov:states:us-gov-west-1:123456789012:execution:dev-M:run-1", AwsNames.EXECUTION, "f"));
        assertEquals("ap-southeast-2", AwsNames.region("x", "https://sqs.ap-southeast-2.amazonaws.com/123456789012/q",
                AwsNames.QUEUE_URL, "f"));
        assertEquals("eu-central-1", AwsNames.region("x", "arn:aws:sqs:eu-central-1:123456789012:dev-Orders",
                AwsNames.QUEUE_ARN, "f"));
        assertEquals("us-east-1", AwsNames.region("x", "arn:aws:lambda:us-east-1:123456789012:function:dev-Inventory",
                AwsNames.FUNCTION, "f"));
    }

    @Test
    void aLocalServersNameIsAcceptedButNamesNoRegion() {
        assertNull(AwsNames.region("x", "http://127.0.0.1:9324/000000000000/q", AwsNames.QUEUE_URL, "f"));
        assertNull(AwsNames.region("x", "arn:aws:sqs:elasticmq:000000000000:q", AwsNames.QUEUE_ARN, "f"));
    }

    @Test
    void aMalformedNameIsRefusedNamingWhatItMustBe() {
        var refused = assertThrows(IllegalArgumentException.class, () -> AwsNames.region("EXECUTION_ARN",
                "arn:aws:states:us-east-1:123456789012:stateMachine:dev-M", AwsNames.EXECUTION, "an execution ARN"));
        assertEquals("EXECUTION_ARN 'arn:aws:states:us-east-1:123456789012:stateMachine:dev-M' is not an execution ARN",
                refused.getMessage());
        for (String bad : new String[] {"", "dev-Orders", "arn:aws:sqs:us-east-1:12345:q", "sqs.us-east-1/q"}) {
            assertThrows(IllegalArgumentException.class, () -> AwsNames.region("q", bad, AwsNames.QUEUE_ARN, "f"));
            assertThrows(IllegalArgumentException.class, () -> AwsNames.region("q", bad, AwsNames.QUEUE_URL, "f"));
        }
    }

    @Test
    void theSdksChainDumpsBecomeOneLine() {
        assertEquals("no AWS region: name the resource by its ARN, set AWS_REGION, or set a region in your AWS profile",
                RunOrders.oneLine("Unable to load region from any of the providers in the chain software.amazon..."
                        + "\n  SystemPropertyRegionProvider: ...\n  AwsProfileRegionProvider: ..."));
        assertTrue(RunOrders.oneLine("Unable to load credentials from any of the providers in the chain\n ...")
                .startsWith("no AWS credentials: run `aws configure`"));
        assertEquals("Connection refused", RunOrders.oneLine("Connection refused\n  at ..."));
        assertEquals("Connection refused", RunOrders.oneLine("Connection refused"));
    }
}
