package io.github.inventorycallback.stack.run;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stack whose config points its provider at a local AWS is operated there, with nothing on the command line. */
class StackEndpointsTest {
    /** What `pulumi config --json --stack local` printed (CLI 3.277.0) for a stack file pointed at moto. */
    static final String LOCAL_CONFIG = """
            {
              "aws:accessKey": {"value": "test", "secret": false},
              "aws:endpoints": {
                "value": "[{\\"sfn\\":\\"http://127.0.0.1:5000\\"},{\\"sqs\\":\\"http://127.0.0.1:5000\\"},{\\"lambda\\":\\"http://127.0.0.1:5000\\"}]",
                "objectValue": [{"sfn": "http://127.0.0.1:5000"}, {"sqs": "http://127.0.0.1:5000"},
                                {"lambda": "http://127.0.0.1:5000"}],
                "secret": false
              },
              "aws:region": {"value": "us-east-1", "secret": false},
              "aws:secretKey": {"value": "test", "secret": false},
              "aws:skipCredentialsValidation": {"value": "true", "secret": false}
            }""";

    private static final String DEV_CONFIG = """
            {"aws:region": {"value": "eu-west-1", "secret": false},
             "inventory-callback:namePrefix": {"value": "dev-", "secret": false}}""";

    @Test
    void aLocalStacksClientsCallItsEndpointsInItsRegionWithItsKeys() {
        var endpoints = StackEndpoints.parse(LOCAL_CONFIG);

        try (SfnClient sfn = endpoints.apply(SfnClient.builder(), "sfn", "stepfunctions")
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertEquals(Optional.of(URI.create("http://127.0.0.1:5000")),
                    sfn.serviceClientConfiguration().endpointOverride());
            assertEquals(Region.US_EAST_1, sfn.serviceClientConfiguration().region());
            assertEquals("test", sfn.serviceClientConfiguration().credentialsProvider().resolveIdentity().join()
                    .accessKeyId());
        }
    }

    @Test
    void theProvidersOlderServiceNameCountsToo() {
        var endpoints = StackEndpoints.parse("""
                {"aws:endpoints": {"value": "[{\\"stepfunctions\\":\\"http://127.0.0.1:7\\"}]", "secret": false}}""");

        try (SfnClient sfn = endpoints.apply(SfnClient.builder(), "sfn", "stepfunctions").region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertEquals(Optional.of(URI.create("http://127.0.0.1:7")),
                    sfn.serviceClientConfiguration().endpointOverride());
        }
    }

    @Test
    void aStackWithoutEndpointsChangesNothing() {
        var endpoints = StackEndpoints.parse(DEV_CONFIG);

        assertFalse(endpoints.local());
        var builder = SqsClient.builder();
        assertTrue(endpoints.apply(builder, "sqs") == builder);
    }

    @Test
    void secretKeysAreNotUsed() {
        var endpoints = StackEndpoints.parse(LOCAL_CONFIG.replace(
                "\"aws:secretKey\": {\"value\": \"test\", \"secret\": false}", "\"aws:secretKey\": {\"secret\": true}"));

        assertEquals(null, endpoints.secretKey());
    }

    @Test
    void aLocalStackWithoutAnEndpointForTheServiceIsRefusedRatherThanCallingAws() {
        var endpoints = new StackEndpoints("us-east-1", Map.of("sqs", "http://127.0.0.1:5000"), null, null);

        var refused = assertThrows(IllegalArgumentException.class, () -> endpoints.apply(SfnClient.builder(), "sfn",
                "stepfunctions"));

        assertTrue(refused.getMessage().startsWith("the stack's aws:endpoints names no endpoint for sfn (it names sqs)"),
                refused.getMessage());
    }

    @Test
    void theOrdersCommandReadsTheEndpointsWithTheFirstOutputAndSaysWhere() {
        var err = new ByteArrayOutputStream();
        var outputs = new RunOrders.StackOutputs() {
            @Override
            public String get(String stack, String name) {
                return "arn:aws:states:us-east-1:123456789012:stateMachine:local-InventoryStateMachine";
            }

            @Override
            public StackEndpoints endpoints(String stack) {
                return StackEndpoints.parse(LOCAL_CONFIG);
            }
        };
        var app = new RunOrders(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), () -> null,
                () -> null, () -> null, outputs, Duration.ofMillis(1), System::nanoTime);

        app.outputs.get("local", "stateMachineArn");

        try (SqsClient sqs = app.inRegion(SqsClient.builder(), "sqs").httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertEquals(Optional.of(URI.create("http://127.0.0.1:5000")),
                    sqs.serviceClientConfiguration().endpointOverride());
        }
        assertTrue(err.toString().contains("endpoints from stack local's aws:endpoints (sfn http://127.0.0.1:5000,"
                + " sqs http://127.0.0.1:5000, lambda http://127.0.0.1:5000), region us-east-1"), err.toString());
    }

    @Test
    void historyGivenALocalStackCallsItsEndpointThoughItNamesNoResourceOfTheStack() {
        var err = new ByteArrayOutputStream();
        var outputs = new RunOrders.StackOutputs() {
            @Override
            public String get(String stack, String name) {
                throw new AssertionError("history reads no output");
            }

            @Override
            public StackEndpoints endpoints(String stack) {
                return StackEndpoints.parse(LOCAL_CONFIG.replace("127.0.0.1:5000", "127.0.0.1:1"));
            }
        };
        var app = new RunOrders[1];
        app[0] = new RunOrders(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
                () -> app[0].inRegion(SfnClient.builder(), "sfn").httpClient(UrlConnectionHttpClient.create()).build(),
                () -> null, () -> null, outputs, Duration.ofMillis(1), System::nanoTime);

        int exit = app[0].run("history", "--stack", "local",
                "arn:aws:states:us-east-1:123456789012:execution:local-InventoryStateMachine:o-1");

        assertEquals(ExitCodes.UNEXPECTED, exit, err.toString());
        assertTrue(err.toString().contains("endpoints from stack local's aws:endpoints"), err.toString());
        assertTrue(err.toString().contains("127.0.0.1:1"), "the call went to the stack's endpoint: " + err);
    }
}
