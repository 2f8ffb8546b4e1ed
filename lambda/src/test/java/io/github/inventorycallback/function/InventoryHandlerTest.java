package io.github.inventorycallback.function;

import io.github.inventorycallback.function.fakes.Events;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handler: its init (the environment read and checked once, SnapStart's hooks registered) and its batches. */
class InventoryHandlerTest {
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    @Test
    void missingStockFailsTheInitLoudly() {
        var failure = assertThrows(IllegalStateException.class,
                () -> new InventoryHandler(Map.of("AWS_REGION", "us-east-1"), logLines::add));
        assertEquals("STOCK is not set in the function's environment", failure.getMessage());
    }

    @Test
    void malformedStockOrConcurrencyFailsTheInitLoudly() {
        assertThrows(IllegalArgumentException.class, () -> new InventoryHandler(
                Map.of("AWS_REGION", "us-east-1", "STOCK", "{\"apple\": \"many\"}"), logLines::add));
        var failure = assertThrows(IllegalStateException.class, () -> new InventoryHandler(
                Map.of("AWS_REGION", "us-east-1", "STOCK", "{}", "CALLBACK_CONCURRENCY", "0"), logLines::add));
        assertEquals("CALLBACK_CONCURRENCY must be a whole number from 1 to 50, got '0'", failure.getMessage());
        assertThrows(IllegalStateException.class, () -> new InventoryHandler(
                Map.of("AWS_REGION", "us-east-1", "STOCK", "{}", "CALLBACK_CONCURRENCY", "51"), logLines::add));
        assertThrows(IllegalStateException.class, () -> new InventoryHandler(
                Map.of("AWS_REGION", "us-east-1", "STOCK", "{}", "CALLBACK_CONCURRENCY", "ten"), logLines::add));
    }

    @Test
    void theHandlerTheProgramNamesIsThisClass() {
        assertEquals(io.github.inventorycallback.contract.FunctionContract.HANDLER_CLASS, InventoryHandler.class.getName());
    }

    @Test
    void missingRegionFailsTheInitLoudly() {
        var failure = assertThrows(IllegalStateException.class,
                () -> new InventoryHandler(Map.of("STOCK", "{}"), logLines::add));
        assertEquals("AWS_REGION is not set in the function's environment", failure.getMessage());
    }

    @ParameterizedTest(name = "CALLBACK_CONCURRENCY={0}")
    @CsvSource(value = {"20,20", "1,1", "50,50", "'',10", "NONE,10"})
    void theKeepAlivePoolIsSizedForTheCallbacksOfABatch(String setting, String connections) {
        String before = System.clearProperty("http.maxConnections");
        try {
            var env = new java.util.HashMap<>(Map.of("AWS_REGION", "us-east-1", "STOCK", "{}"));
            if (!setting.equals("NONE")) {
                env.put("CALLBACK_CONCURRENCY", setting);
            }
            new InventoryHandler(env, logLines::add);
            // The JDK keeps 5 idle connections per host unless told otherwise; N parallel callbacks need N
            // (10, a batch, when the setting is absent).
            assertEquals(connections, System.getProperty("http.maxConnections"));
        } finally {
            if (before == null) {
                System.clearProperty("http.maxConnections");
            } else {
                System.setProperty("http.maxConnections", before);
            }
        }
    }

    @Test
    void theFunctionRegistersItsPrimingWhenLambdaInitialisesASnapStartVersion() {
        assertNotNull(new InventoryHandler(Map.of("STOCK", "{\"apple\": 1}", "AWS_REGION", "us-east-1",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"), logLines::add).priming());
    }

    @Test
    void onDemandNothingIsRegistered() {
        for (String type : List.of("on-demand", "provisioned-concurrency")) {
            assertNull(new InventoryHandler(Map.of("STOCK", "{}", "AWS_REGION", "us-east-1",
                    "AWS_LAMBDA_INITIALIZATION_TYPE", type), logLines::add).priming(), type);
        }
        assertNull(new InventoryHandler(Map.of("STOCK", "{}", "AWS_REGION", "us-east-1"), logLines::add).priming());
    }

    @Test
    void theHandlerBuiltFromItsEnvironmentAnswersABatchAsTheRuntimeHandsItOver() throws Exception {
        try (var stepFunctions = new StepFunctionsStub()) {
            System.setProperty("aws.endpointUrlSfn", stepFunctions.endpoint().toString());
            try {
                var handler = new InventoryHandler(Map.of("STOCK", "{\"apple\": 5}", "AWS_REGION", "us-east-1"),
                        logLines::add);
                var output = new ByteArrayOutputStream();

                // A minute left: the real client's first calls in this JVM load the SDK, and no deadline may pass
                // while they do, however busy the machine.
                handler.handleRequest(new ByteArrayInputStream(Events.sqsEvent("env", 3)
                        .getBytes(StandardCharsets.UTF_8)), output, new FakeContext(60_000));

                assertEquals("{\"batchItemFailures\":[]}", output.toString(StandardCharsets.UTF_8));
                // The mock inventory stocked from STOCK decided, and the client from the environment answered.
                assertEquals(Set.of("env-0", "env-1", "env-2"), stepFunctions.accepted().keySet());
                assertTrue(stepFunctions.accepted().values().stream().allMatch(StepFunctionsStub.Answer::success));
                assertEquals(3, logLines.stream().filter(l -> l.contains("\"outcome\":\"IN_STOCK\"")).count(),
                        logLines.toString());
            } finally {
                System.clearProperty("aws.endpointUrlSfn");
            }
        }
    }
}
