package com.example.inventory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart's checkpoint hooks, called as the runtime calls them: before the snapshot, then after a restore. */
class SnapStartPrimingTest {
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    @AfterEach
    void forgetTheEndpoint() {
        System.clearProperty("aws.endpointUrlSfn");
    }

    private InventoryHandler handler(String stock) {
        return new InventoryHandler(Map.of("STOCK", stock, "AWS_REGION", "us-east-1",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"), logLines::add);
    }

    @Test
    void theFunctionRegistersItsPrimingWhenLambdaInitialisesASnapStartVersion() {
        assertNotNull(handler("{\"apple\": 1}").priming());
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
    void primingRunsTheRequestPathWithoutCallingStepFunctions() throws Exception {
        try (var stepFunctions = new StepFunctionsStub()) {
            System.setProperty("aws.endpointUrlSfn", stepFunctions.endpoint().toString());
            var priming = handler("{\"apple\": 1}").priming();

            priming.beforeCheckpoint(null);

            // SendTaskSuccess and SendTaskFailure calls went through the SDK, to the loopback responder only.
            assertEquals(SnapStartPriming.RECORDS * SnapStartPriming.BATCHES, priming.primedRequests());
            assertEquals(0, stepFunctions.calls.get());
            // The connections the JDK kept for reuse were taken back: none goes into the snapshot.
            assertEquals(0, priming.openConnections());
        }
    }

    @Test
    void primingNeedsNoNetwork() throws Exception {
        // An address nothing answers: a connection attempt would hang or fail.
        System.setProperty("aws.endpointUrlSfn", "https://10.255.255.1");
        var priming = handler("{}").priming();

        priming.beforeCheckpoint(null);

        assertEquals(SnapStartPriming.RECORDS * SnapStartPriming.BATCHES, priming.primedRequests());
    }

    @Test
    void primingCountsNoOrderAndLogsOneLine() throws Exception {
        handler("{\"apple\": 1}").priming().beforeCheckpoint(null);

        assertEquals(1, logLines.size(), logLines.toString());
        assertTrue(logLines.get(0).contains("\"message\":\"primed for SnapStart\""), logLines.get(0));
        assertFalse(logLines.get(0).contains("\"Messages\""), "no embedded metric: " + logLines.get(0));
    }

    @Test
    void aBatchAfterTheRestoreIsAnsweredByTheRealClientWithItsOwnTokens() throws Exception {
        try (var stepFunctions = new StepFunctionsStub()) {
            System.setProperty("aws.endpointUrlSfn", stepFunctions.endpoint().toString());
            var handler = handler("{\"apple\": 100}");
            handler.priming().beforeCheckpoint(null);
            handler.priming().afterRestore(null);

            List<com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(InventoryHandlerFaultsTest.record("m-" + i, InventoryHandlerFaultsTest.order("restored-" + i,
                        "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}")));
            }
            var response = handler.handleBatch(InventoryHandlerFaultsTest.event(records), new FakeContext(30_000));

            assertEquals(List.of(), response.getBatchItemFailures(), logLines.toString());
            assertEquals(10, stepFunctions.accepted().size());
            assertTrue(stepFunctions.accepted().keySet().stream().allMatch(t -> t.startsWith("restored-")),
                    stepFunctions.accepted().keySet().toString());
            assertEquals(10, stepFunctions.calls.get());
        }
    }

    @Test
    void afterARestoreAClientThatSentRequestsIsReplacedAndAnUnusedOneKept() throws Exception {
        try (var before = new StepFunctionsStub(); var after = new StepFunctionsStub()) {
            var endpoints = new java.util.ArrayDeque<>(List.of(before.endpoint(), after.endpoint()));
            var callback = new StepFunctionsCallback(() -> StepFunctionsCallbackTest.client(endpoints.poll()));

            assertFalse(callback.renewIfUsed(), "a client that never sent anything holds nothing from before");
            callback.succeed("before-snapshot", "{}", Duration.ofSeconds(5));
            assertTrue(callback.renewIfUsed());
            callback.succeed("after-restore", "{}", Duration.ofSeconds(5));

            // The unused client was kept (it would otherwise have taken the second endpoint), the used one replaced.
            assertEquals(List.of("before-snapshot"), List.copyOf(before.accepted().keySet()));
            assertEquals(List.of("after-restore"), List.copyOf(after.accepted().keySet()));
        }
    }

    @Test
    void primingLeavesTheRealClientUnusedAndTheTraceHeaderAsItWas() throws Exception {
        System.setProperty("aws.endpointUrlSfn", "https://10.255.255.1");
        var handler = handler("{\"apple\": 1}");
        handler.priming().beforeCheckpoint(null);

        assertNull(System.getProperty(SnapStartPriming.TRACE_HEADER_PROPERTY));
        // Nothing went through the function's own client: after the restore there is nothing to replace.
        handler.priming().afterRestore(null);
        assertEquals(SnapStartPriming.RECORDS * SnapStartPriming.BATCHES, handler.priming().primedRequests());
    }

    @Test
    void backoffDrawsUniformlyUpToADoublingCappedCeiling() {
        var backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(7));
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), List.of(1, 2, 3, 4, 5, 40).stream()
                .map(a -> backoff.ceiling(a).toMillis()).toList());
        long highest = 0;
        for (int i = 0; i < 2000; i++) {
            long delay = backoff.computeDelay(3).toMillis();
            assertTrue(delay >= 0 && delay <= 400, "delay " + delay);
            highest = Math.max(highest, delay);
        }
        assertTrue(highest > 300, "full jitter reaches near the ceiling: " + highest);
    }

    @Test
    void theCallbackRetriesDrawTheirJitterFromSecureRandom() {
        var backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(java.security.SecureRandom.class, backoff.random().getClass());
    }
}
