package io.github.inventorycallback.function;

import io.github.inventorycallback.function.fakes.ContainerCredentialsEndpoint;
import io.github.inventorycallback.function.fakes.Events;
import io.github.inventorycallback.function.fakes.RuntimeApiStub;
import io.github.inventorycallback.function.fakes.RuntimeClient;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;
import io.github.inventorycallback.function.snapstart.SnapStartPriming;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar as a Lambda Java managed runtime runs it: unzipped as the task root, started by AWS's runtime
 * interface client (the runtime's main class) with the runtime's JVM options, events and answers through a local
 * Runtime API, Step Functions a local stub. On demand, and as a SnapStart version: initialised, checkpoint hooks
 * run, then restored.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target", "inventory-function.jar");
    private static Path taskRoot;

    private StepFunctionsStub stepFunctions;
    private RuntimeApiStub runtimeApi;
    private ContainerCredentialsEndpoint credentials;
    private Process function;
    private Path log;

    @BeforeAll
    static void unzipTheJar(@TempDir Path dir) throws IOException {
        taskRoot = RuntimeClient.taskRoot(JAR, dir.resolve("task"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (function != null) {
            function.destroyForcibly().waitFor();
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        if (stepFunctions != null) {
            stepFunctions.close();
        }
        if (credentials != null) {
            credentials.close();
        }
    }

    private void start(boolean snapStart, Path dir) throws IOException {
        start(snapStart, dir, List.of());
    }

    private void start(boolean snapStart, Path dir, List<String> moreFlags) throws IOException {
        stepFunctions = new StepFunctionsStub();
        runtimeApi = new RuntimeApiStub();
        log = dir.resolve("function.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> flags = new ArrayList<>(RuntimeClient.Runtime.C1_ONLY);
        flags.addAll(moreFlags);
        Map<String, String> environment = new HashMap<>(Map.of(
                "AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString(),
                "STOCK", "{\"apple\": 10, \"pear\": 0, \"plum\": 3}", "CALLBACK_CONCURRENCY", "4"));
        // Credentials as Lambda hands them out: session keys in the environment on demand; under SnapStart, which
        // sets no key variables, a container credentials endpoint asked after the restore.
        if (snapStart) {
            credentials = new ContainerCredentialsEndpoint();
            environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri());
        } else {
            environment.putAll(Map.of("AWS_ACCESS_KEY_ID", "packaged-jar-test", "AWS_SECRET_ACCESS_KEY",
                    "packaged-jar-test", "AWS_SESSION_TOKEN", "packaged-jar-test"));
        }
        function = RuntimeClient.start(java, flags, taskRoot, runtimeApi, environment, snapStart, log);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream json = PackagedJarIT.class.getResourceAsStream("/events/" + name)) {
            return new String(json.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String functionLog() throws IOException {
        return Files.readString(log);
    }

    /**
     * The function's log once it holds {@code text}: the runtime writes it through a buffer, not at once. The bound
     * only keeps a missing line from hanging the test.
     */
    private String logContaining(String text) throws IOException, InterruptedException {
        long hang = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!functionLog().contains(text) && System.nanoTime() < hang) {
            Thread.sleep(50);
        }
        return functionLog();
    }

    @Test
    void theJarStaysWithinItsSizeBudgetWithoutTheRuntimesSerializerDependencies() throws IOException {
        long size = Files.size(JAR);
        assertTrue(size <= 6_500_000, "inventory-function.jar has " + size + " bytes; the budget is 6,500,000"
                + " (docs/benchmarks.md says what is in it)");
        try (var zip = new ZipFile(JAR.toFile())) {
            assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("org/joda/")), "Joda-Time is in the jar");
            assertTrue(zip.getEntry("org/crac/Core.class") != null, "org.crac is missing");
        }
    }

    @Test
    void onDemandTheRuntimeClientRunsTheHandlerAndGetsTheBatchResponse(@TempDir Path dir) throws Exception {
        start(false, dir);

        var answer = runtimeApi.invoke(fixture("mixed-batch.json")).get(60, TimeUnit.SECONDS);

        assertFalse(answer.error(), answer.body() + "\n" + functionLog());
        assertEquals(JsonParser.parseString("{\"batchItemFailures\": [{\"itemIdentifier\": \"m-unparseable\"},"
                + " {\"itemIdentifier\": \"m-missing-token\"}]}"), JsonParser.parseString(answer.body()));
        var answers = stepFunctions.accepted();
        assertEquals(5, answers.size());
        assertTrue(answers.get("token-in-stock").success());
        assertEquals("OutOfStock", answers.get("token-out-of-stock").error());
        // The checkpoint hooks run only when Lambda initialises a SnapStart version.
        assertFalse(functionLog().contains("primed for SnapStart"), functionLog());
    }

    @Test
    void aSecondBatchIsAnsweredByTheSameInstance(@TempDir Path dir) throws Exception {
        start(false, dir);
        var first = runtimeApi.invoke(Events.sqsEvent("first", 10)).get(60, TimeUnit.SECONDS);
        var second = runtimeApi.invoke(Events.sqsEvent("second", 10)).get(60, TimeUnit.SECONDS);

        assertEquals("{\"batchItemFailures\":[]}", first.body());
        assertEquals("{\"batchItemFailures\":[]}", second.body());
        assertEquals(20, stepFunctions.accepted().size());
    }

    @Test
    void anEventThatIsNotFromSqsIsAnInvocationErrorSayingSo(@TempDir Path dir) throws Exception {
        start(false, dir);

        var answer = runtimeApi.invoke("{\"detail-type\": \"Scheduled Event\"}").get(60, TimeUnit.SECONDS);

        assertTrue(answer.error(), answer.body());
        assertTrue(answer.body().contains("not an SQS event: no \\\"Records\\\" array"), answer.body());
        assertEquals(0, stepFunctions.calls.get());
    }

    @Test
    void asASnapStartVersionItPrimesWithoutCallingStepFunctionsThenAnswersAfterTheRestore(@TempDir Path dir)
            throws Exception {
        start(true, dir);

        runtimeApi.checkpointReached().get(60, TimeUnit.SECONDS);
        // Init and the checkpoint hooks are done: Lambda would take the snapshot now.
        // As many requests as the batches it took for the JIT to settle, at least the first ones, and no connection
        // left open for the snapshot.
        var primed = java.util.regex.Pattern.compile("\"message\":\"primed for SnapStart\",\"batches\":(\\d+),"
                + "\"requests\":(\\d+),\"tlsHandshakes\":0,\"openConnections\":0,").matcher(logContaining("primed for SnapStart"));
        assertTrue(primed.find(), functionLog());
        int batches = Integer.parseInt(primed.group(1));
        assertTrue(batches >= SnapStartPriming.FIRST_BATCHES, primed.group());
        assertEquals(SnapStartPriming.RECORDS * batches, Integer.parseInt(primed.group(2)), primed.group());
        assertEquals(0, stepFunctions.calls.get(), "priming reached Step Functions");

        runtimeApi.restore();
        var answer = runtimeApi.invoke(Events.sqsEvent("restored", 10)).get(60, TimeUnit.SECONDS);

        assertEquals("{\"batchItemFailures\":[]}", answer.body(), functionLog());
        assertEquals(10, stepFunctions.accepted().size());
        assertTrue(stepFunctions.accepted().keySet().stream().allMatch(t -> t.startsWith("restored-")),
                stepFunctions.accepted().keySet().toString());
        assertEquals(List.of(), runtimeApi.restoreErrors);
    }

    /**
     * What the snapshot keeps is what the priming loaded: the first batch after the restore, orders in stock and out
     * of it, loads none of the function's classes, the SDK's, Gson's or the SQS event's (the JVM logs every class it
     * loads, stamped with the wall clock). Left to it: the runtime client's own classes, method-handle forms and
     * lambdas the JVM spins at first use, and one JDK stream class.
     */
    @Test
    void asASnapStartVersionTheFirstBatchAfterTheRestoreLoadsNoClassThePrimingCouldHaveLoaded(@TempDir Path dir)
            throws Exception {
        Path classes = dir.resolve("classes.log");
        start(true, dir, List.of("-Xlog:class+load=info:file=" + classes + ":timemillis"));
        runtimeApi.checkpointReached().get(60, TimeUnit.SECONDS);
        logContaining("primed for SnapStart");

        long restored = System.currentTimeMillis();
        runtimeApi.restore();
        var answer = runtimeApi.invoke(Events.sqsEvent("restored", List.of("apple", "pear", "apple", "pear",
                "plum", "pear", "apple", "pear", "apple", "pear"))).get(60, TimeUnit.SECONDS);
        long answered = System.currentTimeMillis();

        assertEquals("{\"batchItemFailures\":[]}", answer.body(), functionLog());
        assertEquals(5, stepFunctions.accepted().values().stream().filter(a -> "OutOfStock".equals(a.error())).count());
        List<String> loaded = Files.readAllLines(classes).stream()
                .map(line -> line.split("\\s+"))
                // [1796219294309ms] java.net.ProxySelector source: jrt:/java.base
                .filter(f -> f.length > 1 && f[0].startsWith("[")).filter(f -> {
                    long at = Long.parseLong(f[0].substring(1, f[0].indexOf("ms]")));
                    return at >= restored && at <= answered;
                })
                .map(f -> f[1]).toList();
        List<String> primable = loaded.stream().filter(c -> !c.contains("$$Lambda"))
                .filter(c -> c.startsWith("io.github.inventorycallback.") || c.startsWith("software.amazon.awssdk.")
                        || c.startsWith("com.google.gson.") || c.startsWith("com.amazonaws.services.lambda.runtime.events."))
                .toList();
        assertEquals(List.of(), primable, "loaded after the restore: " + loaded);
    }
}
