package io.github.inventorycallback.function;

import io.github.inventorycallback.function.fakes.ContainerCredentialsEndpoint;
import io.github.inventorycallback.function.fakes.Criu;
import io.github.inventorycallback.function.fakes.RuntimeApiStub;
import io.github.inventorycallback.function.fakes.RuntimeClient;
import io.github.inventorycallback.function.fakes.SnapStartSnapshot;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;
import io.github.inventorycallback.function.fakes.TlsCertificate;
import io.github.inventorycallback.function.snapstart.SnapStartPriming;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar as a SnapStart version, snapshotted for real: the runtime interface client initialises it and
 * runs its checkpoint hooks, CRIU dumps the JVM where Lambda snapshots it, and every restore from that one snapshot
 * answers every kind of order as the function on demand does. This needs CRIU (root on Linux x86_64, a kernel
 * where {@code criu check} passes, Debian's mirror once): where it cannot run, the test fails with the reason, as a
 * snapshot that cannot be taken is a gap in what this build shows, not a pass.
 */
class SnapStartRestoreIT {
    private static final Path JAR = Path.of("target", "inventory-function.jar");

    private static Criu criu;
    private static Path taskRoot;
    private static StepFunctionsStub stepFunctions;
    private static ContainerCredentialsEndpoint credentials;

    private static SnapStartSnapshot snapshot;
    private static int callsBeforeTheRestores;
    /** What each restore of the one snapshot answered, in order. */
    private static final List<Restore> restores = new ArrayList<>();

    /** One restore's answer to the mixed batch, the access key it was given, and its task tokens' prefix. */
    private record Restore(String prefix, String accessKey, RuntimeApiStub.Answer answer, List<String> restoreErrors,
                           String log) {
    }

    @BeforeAll
    static void snapshotTheFunctionAndRestoreItTwice(@TempDir Path dir) throws Exception {
        criu = Criu.fetch();
        taskRoot = RuntimeClient.taskRoot(JAR, dir.resolve("task"));
        // Step Functions over TLS, as on AWS: the priming shakes hands with it, and after each restore every callback
        // opens a new connection, a new handshake.
        TlsCertificate certificate = TlsCertificate.generate(dir.resolve("tls"));
        stepFunctions = StepFunctionsStub.overTls(certificate);
        credentials = new ContainerCredentialsEndpoint();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> flags = new ArrayList<>(RuntimeClient.Runtime.C1_ONLY);
        flags.addAll(certificate.trustingFlags());
        snapshot = SnapStartSnapshot.take(criu, java, flags, taskRoot, RuntimeClient.HANDLER,
                Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri(),
                        "AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString(),
                        "STOCK", "{\"apple\": 10, \"pear\": 0, \"plum\": 3}", "CALLBACK_CONCURRENCY", "4"),
                dir.resolve("snapshot"));
        callsBeforeTheRestores = stepFunctions.calls.get();
        for (int restore = 1; restore <= 2; restore++) {
            String accessKey = "after-restore-" + restore;
            credentials.accessKey(accessKey);
            // Each restore answers the same batch: its task tokens are told apart by a prefix.
            String prefix = "r" + restore + "-";
            try (var restored = snapshot.restore()) {
                var answer = restored.await(restored.api().invoke(
                        fixture("mixed-batch.json").replace("token-", prefix + "token-")));
                restores.add(new Restore(prefix, accessKey, answer, restored.api().restoreErrors,
                        snapshot.functionLog()));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (credentials != null) {
            credentials.close();
        }
        if (stepFunctions != null) {
            stepFunctions.close();
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream json = SnapStartRestoreIT.class.getResourceAsStream("/events/" + name)) {
            return new String(json.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSnapshotHoldsNoConnectionButTheRuntimeClientsRequestForTheRestore() throws IOException {
        // The priming took back its own connections, and the function's client has not connected to Step Functions.
        assertEquals(List.of(snapshot.runtimeApiPort()), snapshot.connectionsAtDump(), snapshot.functionLog());
        assertEquals(0, callsBeforeTheRestores, "the priming reached Step Functions");
    }

    @Test
    void thePrimingShookHandsWithStepFunctionsOverTlsWithoutARequest() throws IOException {
        assertTrue(snapshot.functionLog().contains("\"tlsHandshakes\":" + SnapStartPriming.HANDSHAKES + ","),
                snapshot.functionLog());
        assertEquals(0, callsBeforeTheRestores);
    }

    @Test
    void everyRestoreOfOneSnapshotAnswersEveryKindOfOrder() {
        assertEquals(2, restores.size());
        for (Restore restore : restores) {
            String prefix = restore.prefix();
            assertFalse(restore.answer().error(), restore.answer().body() + "\n" + restore.log());
            // Only the messages no answer can be sent for go back to the queue.
            assertEquals(JsonParser.parseString("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-unparseable\"},"
                            + " {\"itemIdentifier\": \"m-missing-token\"}]}"),
                    JsonParser.parseString(restore.answer().body()), restore.log());
            var answers = stepFunctions.accepted();
            assertTrue(answers.get(prefix + "token-in-stock").success(), restore.log());
            assertEquals("OutOfStock", answers.get(prefix + "token-out-of-stock").error(), restore.log());
            assertEquals("OutOfStock", answers.get(prefix + "token-unknown-sku").error(), restore.log());
            assertEquals("InvalidOrder", answers.get(prefix + "token-invalid-order").error(), restore.log());
            assertTrue(answers.get(prefix + "token-default-input").success(), restore.log());
            assertEquals(List.of(), restore.restoreErrors(), restore.log());
        }
    }

    @Test
    void eachRestoreSignsWithTheCredentialsItWasGivenAfterTheRestore() {
        for (Restore restore : restores) {
            assertEquals(Set.of(restore.accessKey()), stepFunctions.accessKeys.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(restore.prefix())).map(Map.Entry::getValue)
                    .collect(Collectors.toSet()), restore.log());
        }
    }

    @Test
    void twoRestoresOfOneSnapshotDrawDifferentRandomNumbers() {
        // The SDK's invocation id is a random UUID per call, from the JVM's SecureRandom, which the function's retry
        // jitter draws from too: the same state replayed would repeat the first restore's five ids.
        Set<String> ids = new HashSet<>(stepFunctions.invocationIds.values());
        assertEquals(10, ids.size(), ids.toString());
    }
}
