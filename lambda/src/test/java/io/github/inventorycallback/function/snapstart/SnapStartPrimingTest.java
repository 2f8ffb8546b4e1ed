package io.github.inventorycallback.function.snapstart;

import io.github.inventorycallback.function.batch.BatchRunner;
import io.github.inventorycallback.function.batch.InventoryService;
import io.github.inventorycallback.function.callback.CallbackClients;
import io.github.inventorycallback.function.callback.StepFunctionsCallback;
import io.github.inventorycallback.function.fakes.Events;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;
import io.github.inventorycallback.function.fakes.TlsCertificate;
import io.github.inventorycallback.function.order.MockInventory;

import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart's checkpoint hooks, called as the runtime calls them: before the snapshot, then after a restore. */
class SnapStartPrimingTest {
    private final List<String> logLines = new CopyOnWriteArrayList<>();

    @AfterEach
    void forgetTheEndpoint() {
        System.clearProperty("aws.endpointUrlSfn");
    }

    /** The function as the handler wires it under SnapStart: one callback, one batch runner, the priming. */
    private final class Function {
        final StepFunctionsCallback callback = new StepFunctionsCallback(() -> CallbackClients.builder(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build());
        final BatchRunner batches = new BatchRunner(new InventoryService(new MockInventory(Map.of("apple", 100L)),
                callback, logLines::add), 10, logLines::add);
        final SnapStartPriming priming = new SnapStartPriming(batches, callback, Region.US_EAST_1, "InventoryCallback",
                logLines::add, CAUGHT_UP);
    }

    /** An endpoint over plain HTTP: the priming has no TLS handshake to make (and tries none on the network). */
    private static final String PLAIN_HTTP = "http://127.0.0.1:9";

    /** A JIT with nothing left to compile: priming runs its first batches and one round. */
    private static final SnapStartPriming.Jit CAUGHT_UP = new ScriptedJit();
    private static final int PRIMED_AT_ONCE = SnapStartPriming.FIRST_BATCHES + SnapStartPriming.ROUND_BATCHES;

    /**
     * A JIT that is caught up whenever asked, and has compiled, after each round of priming, the milliseconds its
     * script gives for that round (nothing once the script is done).
     */
    private static final class ScriptedJit implements SnapStartPriming.Jit {
        private final java.util.ArrayDeque<Long> rounds;
        private long compiled;
        private boolean roundRunning;

        ScriptedJit(Long... rounds) {
            this.rounds = new java.util.ArrayDeque<>(List.of(rounds));
        }

        @Override
        public long compileMillis() {
            return compiled;
        }

        @Override
        public void pause() {
        }

        @Override
        public long awaitCaughtUp(int maxPauses) {
            // Asked before a round, then after it: the round's compiling is done by the second.
            if (roundRunning && !rounds.isEmpty()) {
                compiled += rounds.poll();
            }
            roundRunning = !roundRunning;
            return compiled;
        }
    }

    private int primedBatches(SnapStartPriming.Jit jit) throws Exception {
        var function = new Function();
        var priming = new SnapStartPriming(function.batches, function.callback, Region.US_EAST_1, "InventoryCallback",
                logLines::add, jit);
        priming.beforeCheckpoint(null);
        assertEquals(SnapStartPriming.RECORDS * priming.primedBatches(), priming.primedRequests());
        return priming.primedBatches();
    }

    @Test
    void primingGoesOnInRoundsWhileTheJitStillCompilesAndStopsWhenARoundLeavesItNothing() throws Exception {
        System.setProperty("aws.endpointUrlSfn", PLAIN_HTTP);
        assertEquals(PRIMED_AT_ONCE, primedBatches(new ScriptedJit()));
        // Three rounds that kept it compiling, then one that did not: the last within the settled bound counts as none.
        assertEquals(SnapStartPriming.FIRST_BATCHES + 4 * SnapStartPriming.ROUND_BATCHES,
                primedBatches(new ScriptedJit(40L, 3L, 57L, SnapStartPriming.SETTLED_COMPILE_MILLIS)));
    }

    @Test
    void aJitThatNeverSettlesStopsThePrimingAtItsBound() throws Exception {
        System.setProperty("aws.endpointUrlSfn", PLAIN_HTTP);
        Long[] busy = new Long[100];
        java.util.Arrays.fill(busy, 50L);
        assertEquals(SnapStartPriming.MAX_BATCHES, primedBatches(new ScriptedJit(busy)));
    }

    @Test
    void theJitHasCaughtUpWhenItsCompileTimeStaysStillForThreePausesOrAfterTheBound() throws Exception {
        var looks = new java.util.ArrayDeque<>(List.of(5L, 7L, 7L, 9L, 9L, 9L, 9L, 12L));
        int[] pauses = new int[1];
        var settling = new SnapStartPriming.Jit() {
            @Override
            public long compileMillis() {
                return looks.size() > 1 ? looks.poll() : looks.peek();
            }

            @Override
            public void pause() {
                pauses[0]++;
            }
        };
        assertEquals(9L, settling.awaitCaughtUp(100));
        assertEquals(6, pauses[0], "7 moved to 9 after two still looks, then three still ones");

        pauses[0] = 0;
        long[] moving = {0};
        var busy = new SnapStartPriming.Jit() {
            @Override
            public long compileMillis() {
                return moving[0]++;
            }

            @Override
            public void pause() {
                pauses[0]++;
            }
        };
        assertEquals(10L, busy.awaitCaughtUp(10));
        assertEquals(10, pauses[0]);
    }

    @Test
    void primingRunsTheRequestPathWithoutCallingStepFunctions() throws Exception {
        try (var stepFunctions = new StepFunctionsStub()) {
            System.setProperty("aws.endpointUrlSfn", stepFunctions.endpoint().toString());
            var priming = new Function().priming;

            priming.beforeCheckpoint(null);

            // SendTaskSuccess and SendTaskFailure calls went through the SDK, to the loopback responder only.
            assertEquals(SnapStartPriming.RECORDS * PRIMED_AT_ONCE, priming.primedRequests());
            assertEquals(0, stepFunctions.calls.get());
            // The connections the JDK kept for reuse were taken back: none goes into the snapshot.
            assertEquals(0, priming.openConnections());
        }
    }

    @Test
    void primingNeedsNoNetwork() throws Exception {
        // An address nothing answers: a connection attempt would hang or fail.
        System.setProperty("aws.endpointUrlSfn", "https://10.255.255.1");
        var priming = new Function().priming;

        priming.beforeCheckpoint(null);

        assertEquals(SnapStartPriming.RECORDS * PRIMED_AT_ONCE, priming.primedRequests());
        assertEquals(0, priming.tlsHandshakes(), "none completed with nothing to shake hands with");
    }

    @Test
    void primingShakesHandsWithStepFunctionsOverTlsAndSendsItNothing(@TempDir Path dir) throws Exception {
        var certificate = TlsCertificate.generate(dir);
        Map<String, String> trusting = certificate.trustingProperties();
        try (var stepFunctions = StepFunctionsStub.overTls(certificate)) {
            trusting.forEach(System::setProperty);
            System.setProperty("aws.endpointUrlSfn", stepFunctions.endpoint().toString());
            var priming = new Function().priming;

            priming.beforeCheckpoint(null);

            assertEquals(SnapStartPriming.HANDSHAKES, priming.tlsHandshakes());
            assertEquals(0, stepFunctions.calls.get(), "a handshake sends no request");
            assertTrue(logLines.get(0).contains("\"tlsHandshakes\":" + SnapStartPriming.HANDSHAKES), logLines.get(0));
        } finally {
            trusting.keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustEndsTheHandshakes(@TempDir Path dir) throws Exception {
        try (var stepFunctions = StepFunctionsStub.overTls(TlsCertificate.generate(dir))) {
            assertEquals(0, SnapStartPriming.handshakes(stepFunctions.endpoint(), SnapStartPriming.HANDSHAKES, 2000));
            assertEquals(0, stepFunctions.calls.get());
        }
    }

    @Test
    void theFirstFailedHandshakeEndsThemAndTheCountSaysHowManyCompleted(@TempDir Path dir) throws Exception {
        var certificate = TlsCertificate.generate(dir);
        Map<String, String> trusting = certificate.trustingProperties();
        // A TLS server that completes two handshakes, then stops listening: the third connection is refused.
        var server = (javax.net.ssl.SSLServerSocket) certificate.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        var accepting = new Thread(() -> {
            try (server) {
                for (int i = 0; i < 2; i++) {
                    try (var connection = (javax.net.ssl.SSLSocket) server.accept()) {
                        connection.startHandshake();
                        connection.getInputStream().read();
                    }
                }
            } catch (java.io.IOException e) {
                // the test failed to connect: its assertion says so
            }
        });
        accepting.start();
        try {
            trusting.forEach(System::setProperty);
            // A bound that no busy machine reaches: the refused third connection fails at once, not by timing out.
            assertEquals(2, SnapStartPriming.handshakes(URI.create("https://127.0.0.1:" + server.getLocalPort()), 3,
                    60_000));
        } finally {
            trusting.keySet().forEach(System::clearProperty);
            accepting.join(10_000);
        }
    }

    @Test
    void anEndpointOverPlainHttpIsNotEvenConnectedTo() throws Exception {
        try (var listener = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(200);
            assertEquals(0, SnapStartPriming.handshakes(URI.create("http://127.0.0.1:" + listener.getLocalPort()),
                    3, 2000));
            assertThrows(java.net.SocketTimeoutException.class, listener::accept, "a connection was made");
        }
    }

    @Test
    void theEndpointIsTheOneTheSdkResolves() {
        assertEquals(URI.create("https://states.eu-west-1.amazonaws.com"),
                SnapStartPriming.stepFunctionsEndpoint(Region.EU_WEST_1));
        System.setProperty("aws.endpointUrlSfn", "https://127.0.0.1:8443");
        assertEquals(URI.create("https://127.0.0.1:8443"), SnapStartPriming.stepFunctionsEndpoint(Region.EU_WEST_1));
    }

    @Test
    void primingCountsNoOrderAndLogsOneLine() throws Exception {
        System.setProperty("aws.endpointUrlSfn", PLAIN_HTTP);
        new Function().priming.beforeCheckpoint(null);

        assertEquals(1, logLines.size(), logLines.toString());
        assertTrue(logLines.get(0).contains("\"message\":\"primed for SnapStart\""), logLines.get(0));
        assertFalse(logLines.get(0).contains("\"Messages\""), "no embedded metric: " + logLines.get(0));
    }

    @Test
    void aBatchAfterTheRestoreIsAnsweredByTheRealClientWithItsOwnTokens() throws Exception {
        try (var stepFunctions = new StepFunctionsStub()) {
            System.setProperty("aws.endpointUrlSfn", stepFunctions.endpoint().toString());
            var function = new Function();
            function.priming.beforeCheckpoint(null);
            function.priming.afterRestore(null);

            List<com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage> records = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.add(Events.record("m-" + i, Events.order("restored-" + i,
                        "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}")));
            }
            var response = function.batches.handleBatch(Events.event(records), new FakeContext(30_000));

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
            var callback = new StepFunctionsCallback(() -> StepFunctionsStub.client(endpoints.poll()));

            assertFalse(callback.renewIfUsed(), "a client that never sent anything holds nothing from before");
            // Time enough for each client's first call (it loads the SDK's request path) on a busy machine.
            callback.succeed("before-snapshot", "{}", Duration.ofSeconds(60));
            assertTrue(callback.renewIfUsed());
            callback.succeed("after-restore", "{}", Duration.ofSeconds(60));

            // The unused client was kept (it would otherwise have taken the second endpoint), the used one replaced.
            assertEquals(List.of("before-snapshot"), List.copyOf(before.accepted().keySet()));
            assertEquals(List.of("after-restore"), List.copyOf(after.accepted().keySet()));
        }
    }

    @Test
    void primingLeavesTheRealClientUnusedAndTheTraceHeaderAsItWas() throws Exception {
        System.setProperty("aws.endpointUrlSfn", "https://10.255.255.1");
        var function = new Function();
        function.priming.beforeCheckpoint(null);

        assertNull(System.getProperty(SnapStartPriming.TRACE_HEADER_PROPERTY));
        assertNull(System.getProperty(SnapStartPriming.CREDENTIALS_URI_PROPERTY));
        assertNull(System.getProperty(SnapStartPriming.AUTHORIZATION_TOKEN_PROPERTY));
        // Nothing went through the function's own client: after the restore there is nothing to replace.
        function.priming.afterRestore(null);
        assertEquals(SnapStartPriming.RECORDS * PRIMED_AT_ONCE, function.priming.primedRequests());
    }
}
