package io.github.inventorycallback.function.benchmark;

import io.github.inventorycallback.function.batch.BatchRunner;
import io.github.inventorycallback.function.batch.InventoryService;
import io.github.inventorycallback.function.callback.StepFunctionsCallback;
import io.github.inventorycallback.function.fakes.Criu;
import io.github.inventorycallback.function.fakes.EchoHandler;
import io.github.inventorycallback.function.fakes.Events;
import io.github.inventorycallback.function.fakes.FakeContext;
import io.github.inventorycallback.function.fakes.RuntimeApiStub;
import io.github.inventorycallback.function.fakes.RuntimeClient;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;
import io.github.inventorycallback.function.fakes.TlsCertificate;
import io.github.inventorycallback.function.order.MockInventory;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;

/**
 * Measures the function on this machine in one run and prints a Markdown report (docs/benchmarks.md): jar size
 * and contents, cold path against a bare JVM and against the SDK's defaults, warm batch against one callback,
 * and the cost per million orders. Ratios only: every figure is compared with one measured in the same run.
 *
 * <p>Arguments: the shaded jar, and the directory of the compiled test classes (the cold-start driver).
 */
public final class Benchmark {
    /** The JVM options of Lambda's java21 managed runtime (tiered C1 only, serial GC, CDS on), at 512 MB. */
    static final List<String> RUNTIME_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx445m");
    static final int COLD_ROUNDS = Integer.getInteger("bench.rounds", 21);
    static final int WARM_ROUNDS = 40;
    static final long CALLBACK_LATENCY_MS = 50;

    // us-east-1 list prices (see docs/benchmarks.md for their date and source).
    static final double PRICE_PER_STATE_TRANSITION = 0.025 / 1000;
    static final double PRICE_PER_SQS_REQUEST = 0.40 / 1_000_000;
    static final double PRICE_PER_LAMBDA_REQUEST = 0.20 / 1_000_000;
    static final double PRICE_PER_GB_SECOND_ARM64 = 0.0000133334;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        // Class-data sharing accepts jars only on the class path, so the driver classes go into one.
        Path driver = jarOf(Path.of(args[1]), jar.getParent().resolve("bench-driver.jar"));
        StringBuilder report = new StringBuilder();
        machine(report);
        jar(report, jar);
        Path taskRoot = RuntimeClient.taskRoot(jar, jar.getParent().resolve("bench-task-root"));
        List<String> sections = List.of(System.getProperty("bench.sections", "cold,runtime,restore,snapshot,warm")
                .split(","));
        // First, so that where CRIU cannot run the run stops with the reason before it measures anything.
        Criu criu = sections.contains("snapshot") ? Criu.fetch() : null;
        Cold cold = null;
        SnapshotBenchmark.Summary snapshot = null;
        try (var stub = new StepFunctionsStub()) {
            if (sections.contains("cold")) {
                cold(report, stub, jar, driver);
            }
            if (sections.contains("runtime")) {
                cold = runtimeClientCold(report, stub, taskRoot, driver, Path.of(args[1]));
            }
            if (sections.contains("restore")) {
                restore(report, stub, taskRoot, Path.of(args[1]));
            }
            if (sections.contains("snapshot")) {
                snapshot = SnapshotBenchmark.run(report, criu, stub, taskRoot, Path.of(args[1]));
            }
            if (sections.contains("warm")) {
                warm(report, stub);
            }
        } catch (Exception e) {
            // What was measured before a section failed is still what it was.
            System.out.println(report);
            System.out.println("(the run stopped: " + e.getMessage() + ")");
            throw e;
        }
        System.out.println(report);
        Path out = jar.getParent().resolve("benchmarks.md");
        Files.writeString(out, report.toString());
        System.out.println("(written to " + out + ")");
        // Last, one line each, for a reader or a script comparing runs.
        if (snapshot != null) {
            System.out.println(SnapshotBenchmark.line(snapshot));
        }
        if (cold != null) {
            System.out.println(cold.line());
        }
    }

    private static Path jarOf(Path classes, Path target) throws IOException {
        try (var out = new JarOutputStream(Files.newOutputStream(target)); var files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return target;
    }

    private static void machine(StringBuilder report) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        report.append("## Machine\n\n")
                .append("- ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpu).append('\n')
                .append("- Java ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append('\n')
                .append("- child JVM flags (java21 managed runtime at 512 MB): `").append(String.join(" ", RUNTIME_FLAGS))
                .append("`\n\n");
    }

    private static void jar(StringBuilder report, Path jar) throws IOException {
        Map<String, long[]> byGroup = new TreeMap<>();
        try (var zip = new ZipFile(jar.toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(entry -> {
                String[] parts = entry.getName().split("/");
                String group = parts.length > 3 ? String.join("/", Arrays.copyOf(parts, 3)) : parts[0];
                long[] sums = byGroup.computeIfAbsent(group, g -> new long[2]);
                sums[0] += entry.getCompressedSize();
                sums[1]++;
            });
        }
        long size = Files.size(jar);
        report.append("## Jar\n\n").append(String.format(Locale.ROOT,
                "`inventory-function.jar`: **%,d bytes (%.2f MB)**, budget 6.5 MB.%n%n", size, size / 1e6));
        report.append("| part | compressed bytes | files |\n|---|---:|---:|\n");
        byGroup.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(12)
                .forEach(e -> report.append(String.format(Locale.ROOT, "| `%s` | %,d | %d |%n",
                        e.getKey(), e.getValue()[0], e.getValue()[1])));
        report.append('\n');
    }

    private static void cold(StringBuilder report, StepFunctionsStub stub, Path jar, Path driver) throws Exception {
        String leanClasspath = jar + ":" + driver;
        // The SDK-defaults baseline also needs the default HTTP client, from this JVM's (test) classpath.
        String defaultsClasspath = leanClasspath + ":" + String.join(":", Arrays.stream(
                System.getProperty("java.class.path").split(":"))
                .filter(p -> p.contains("/apache5-client/") || p.contains("/httpcomponents/")).toList());
        Path archive = jar.getParent().resolve("bench-app.jsa");
        Files.deleteIfExists(archive);
        // Class-data sharing for the application's classes: one training run writes the archive.
        run(stub, List.of("-XX:ArchiveClassesAtExit=" + archive), leanClasspath, "ColdStart", "lean", "train");

        Map<String, List<Double>> wall = new LinkedHashMap<>();
        Map<String, List<String>> breakdown = new LinkedHashMap<>();
        for (int round = 0; round < COLD_ROUNDS; round++) {
            // Interleaved, so a noisy moment hurts every variant alike.
            measure(wall, breakdown, "bare JVM (no-op main)", stub, List.of(), driver.toString(), "Noop", "", "");
            measure(wall, breakdown, "SDK defaults (Apache 5 client, default chains)", stub, List.of(),
                    defaultsClasspath, "ColdStart", "defaults", "d" + round);
            measure(wall, breakdown, "URLConnection client, default chains", stub, List.of(),
                    leanClasspath, "ColdStart", "defaults-urlconnection", "u" + round);
            measure(wall, breakdown, "as deployed (URLConnection, explicit region and credentials)", stub, List.of(),
                    leanClasspath, "ColdStart", "lean", "l" + round);
            measure(wall, breakdown, "as deployed + AppCDS archive", stub,
                    List.of("-XX:SharedArchiveFile=" + archive), leanClasspath, "ColdStart", "lean", "c" + round);
        }
        double bare = median(wall.get("bare JVM (no-op main)"));
        double defaults = median(wall.get("SDK defaults (Apache 5 client, default chains)"));
        report.append("## Cold path\n\nA fresh JVM builds the handler and completes one batch of 10 callbacks against"
                + " the local stub, then exits. Median of ").append(COLD_ROUNDS).append(" interleaved runs.\n\n")
                .append("| variant | wall ms | × bare JVM | × SDK defaults | init ms | batch ms |\n|---|---:|---:|---:|---:|---:|\n");
        for (var entry : wall.entrySet()) {
            double ms = median(entry.getValue());
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f× | %.2f× | %s |%n", entry.getKey(), ms,
                    ms / bare, ms / defaults, medianBreakdown(breakdown.get(entry.getKey()))));
        }
        report.append('\n');
    }

    /** The JVMs to compare: this machine's JDK 17 (standing in for java21) and, when installed, JDK 25. */
    static List<RuntimeClient.Runtime> runtimes() {
        List<RuntimeClient.Runtime> runtimes = new ArrayList<>();
        runtimes.add(RuntimeClient.Runtime.java21(ProcessHandle.current().info().command().orElse("java")));
        Path jdk25 = Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        if (Files.isExecutable(jdk25)) {
            runtimes.add(RuntimeClient.Runtime.java25(jdk25.toString()));
        }
        return runtimes;
    }

    /** The function's own environment, as the stack sets it, with the stub as Step Functions. */
    static Map<String, String> functionEnvironment(StepFunctionsStub stub) {
        // Session keys, as Lambda sets them for an on-demand function.
        return Map.of("AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY", "bench", "AWS_SESSION_TOKEN", "bench",
                "AWS_ENDPOINT_URL_SFN", stub.endpoint().toString(), "STOCK", "{\"apple\": 1000000}",
                "CALLBACK_CONCURRENCY", "10", "METRICS_NAMESPACE", "InventoryCallback/bench");
    }

    static void requireAllAnswered(RuntimeApiStub.Answer answer) {
        if (answer.error() || !answer.body().replace(" ", "").equals("{\"batchItemFailures\":[]}")) {
            throw new IllegalStateException("the batch was not answered: " + answer);
        }
    }

    /**
     * From JVM start to the first batch's response under the runtime interface client: the runtime's own start,
     * its Runtime API client and event serializer included.
     */
    static double runtimeClientColdRun(RuntimeClient.Runtime runtime, Path taskRoot, StepFunctionsStub stub,
                                       String runId, Path log) throws Exception {
        return runtimeClientColdRun(runtime, taskRoot, RuntimeClient.HANDLER, stub, runId, log);
    }

    static double runtimeClientColdRun(RuntimeClient.Runtime runtime, Path taskRoot, String handler,
                                       StepFunctionsStub stub, String runId, Path log) throws Exception {
        return runtimeClientColdRun(runtime, runtime.onDemandFlags(), taskRoot, handler, stub, runId, log);
    }

    static double runtimeClientColdRun(RuntimeClient.Runtime runtime, List<String> flags, Path taskRoot,
                                       String handler, StepFunctionsStub stub, String runId, Path log)
            throws Exception {
        try (var api = new RuntimeApiStub()) {
            var answer = api.invoke(Events.sqsEvent(runId, 10));
            long start = System.nanoTime();
            Process process = RuntimeClient.start(runtime.java(), flags, taskRoot, handler, api,
                    functionEnvironment(stub), false, log);
            try {
                var first = answer.get(60, TimeUnit.SECONDS);
                requireAllAnswered(first);
                return (first.nanos() - start) / 1e6;
            } finally {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The cold path's summary line: the deployed runtime's (java21) function, its floor and a bare JVM, in ms. */
    record Cold(double function, double floor, double bareJvm) {
        String line() {
            return String.format(Locale.ROOT, "cold: function_ms=%.0f floor_ms=%.0f ratio=%.2f bare_jvm_ms=%.0f",
                    function, floor, function / floor, bareJvm);
        }
    }

    private static Cold runtimeClientCold(StringBuilder report, StepFunctionsStub stub, Path taskRoot, Path driver,
                                          Path testClasses) throws Exception {
        Path log = taskRoot.resolveSibling("bench-runtime-client.log");
        // The floor: the same runtime client, JVM options and Runtime API with a handler that only answers.
        Path echoRoot = RuntimeClient.echoTaskRoot(testClasses, taskRoot.resolveSibling("bench-echo-task-root"));
        Map<String, List<Double>> wall = new LinkedHashMap<>();
        List<RuntimeClient.Runtime> runtimes = runtimes();
        // Another build of the jar to compare with, as `-Dbench.baselineJar=PATH` (README: what a change bought).
        String baselineJar = System.getProperty("bench.baselineJar", "");
        Path baselineRoot = baselineJar.isEmpty() ? null
                : RuntimeClient.taskRoot(Path.of(baselineJar), taskRoot.resolveSibling("bench-baseline-task-root"));
        // Step Functions over TLS, as on AWS (java21): the first batch's connections are handshakes.
        TlsCertificate certificate = TlsCertificate.generate(taskRoot.resolveSibling("bench-tls"));
        List<String> trusting = new ArrayList<>(runtimes.get(0).onDemandFlags());
        trusting.addAll(certificate.trustingFlags());
        try (var overTls = StepFunctionsStub.overTls(certificate)) {
            for (int round = 0; round < COLD_ROUNDS; round++) {
                wall.computeIfAbsent(OVER_TLS, n -> new ArrayList<>()).add(runtimeClientColdRun(runtimes.get(0),
                        trusting, taskRoot, RuntimeClient.HANDLER, overTls, "t" + round, log));
                coldRound(wall, stub, taskRoot, driver, echoRoot, runtimes, baselineRoot, round, log);
            }
        }
        return report(report, wall, runtimes, baselineRoot, baselineJar);
    }

    private static final String OVER_TLS = "runtime client, java21, Step Functions over TLS";

    /** One interleaved round of the cold path's variants over plain HTTP. */
    private static void coldRound(Map<String, List<Double>> wall, StepFunctionsStub stub, Path taskRoot, Path driver,
                                  Path echoRoot, List<RuntimeClient.Runtime> runtimes, Path baselineRoot, int round,
                                  Path log) throws Exception {
        if (baselineRoot != null) {
            wall.computeIfAbsent("runtime client, java21, baseline jar", n -> new ArrayList<>()).add(
                    runtimeClientColdRun(runtimes.get(0), baselineRoot, stub, "b" + round, log));
        }
        for (RuntimeClient.Runtime runtime : runtimes) {
            String bare = "bare JVM, " + runtime.name() + " flags (" + version(runtime.java()) + ")";
            long start = System.nanoTime();
            run(stub, runtime.java(), runtime.onDemandFlags(), driver.toString(), "Noop", "", "");
            wall.computeIfAbsent(bare, n -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
            wall.computeIfAbsent("runtime client, " + runtime.name(), n -> new ArrayList<>())
                    .add(runtimeClientColdRun(runtime, taskRoot, stub, "r" + runtime.name() + round, log));
            wall.computeIfAbsent("runtime client alone, " + runtime.name(), n -> new ArrayList<>())
                    .add(runtimeClientColdRun(runtime, echoRoot, EchoHandler.class.getName(), stub,
                            "e" + runtime.name() + round, log));
        }
    }

    private static Cold report(StringBuilder report, Map<String, List<Double>> wall,
                               List<RuntimeClient.Runtime> runtimes, Path baselineRoot, String baselineJar)
            throws IOException, InterruptedException {
        report.append("## Cold path under the runtime interface client\n\nThe jar unzipped as the task root and run"
                + " by `aws-lambda-java-runtime-interface-client` ").append("(the managed runtime's main class) with the"
                + " runtime's JVM options and environment; one 10-record SQS event through a local Runtime API"
                + " (`RuntimeApiStub`). Wall time from starting the JVM to the batch's response arriving at the"
                + " Runtime API. The runtime client alone: the same JVM options, Runtime API and event with a handler"
                + " that only answers (`EchoHandler`), the floor of this path; *× floor* is the share that is the"
                + " function's. The row over TLS calls the stub over TLS, as Step Functions is called (a certificate for"
                + " 127.0.0.1 the JVM trusts), so its first batch makes ten handshakes. Median of ").append(COLD_ROUNDS)
                .append(" interleaved runs.\n\n")
                .append("| variant | wall ms | × bare JVM of the same JDK | × floor |\n|---|---:|---:|---:|\n");
        Cold cold = null;
        for (RuntimeClient.Runtime runtime : runtimes) {
            String bareName = "bare JVM, " + runtime.name() + " flags (" + version(runtime.java()) + ")";
            double bare = median(wall.get(bareName));
            double ric = median(wall.get("runtime client, " + runtime.name()));
            double floor = median(wall.get("runtime client alone, " + runtime.name()));
            report.append(String.format(Locale.ROOT, "| %s | %.0f | 1.0× | |%n", bareName, bare));
            report.append(String.format(Locale.ROOT, "| runtime client alone (a handler that only answers), %s | %.0f"
                    + " | %.1f× | 1.0× |%n", runtime.name(), floor, floor / bare));
            report.append(String.format(Locale.ROOT, "| runtime client, %s | %.0f | %.1f× | %.2f× |%n", runtime.name(),
                    ric, ric / bare, ric / floor));
            if (cold == null) {
                cold = new Cold(ric, floor, bare);
                double tls = median(wall.get(OVER_TLS));
                report.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f× | %.2f× |%n", OVER_TLS, tls,
                        tls / bare, tls / floor));
            }
            if (baselineRoot != null && runtime == runtimes.get(0)) {
                double other = median(wall.get("runtime client, java21, baseline jar"));
                report.append(String.format(Locale.ROOT, "| runtime client, java21, baseline jar (%s) | %.0f | %.1f× | %.2f× |%n",
                        Path.of(baselineJar).getFileName(), other, other / bare, other / floor));
            }
        }
        report.append('\n');
        return cold;
    }

    /** The JDK's version string, from its own {@code java -version}. */
    static String version(String java) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String first = new String(process.getInputStream().readAllBytes()).lines().findFirst().orElse("?");
        process.waitFor();
        return first.replaceAll(".*version \"([^\"]+)\".*", "JDK $1");
    }

    /**
     * Batches answered after the restored one; the warm batch is the median of the last {@link #WARM_BATCHES_TIMED}.
     * Under the runtime's C1-only JIT a batch keeps getting faster for about 100 batches (methods run once per batch
     * are compiled only after a few hundred calls): batches 6 to 20 took three times as long as batches 101 to 150.
     */
    static final int WARM_BATCHES_AFTER_RESTORE = 150;
    static final int WARM_BATCHES_TIMED = 50;
    /** How long the JVM idles before the restored batch, and before the warm batch after a pause. */
    static final long PAUSE_MILLIS = 500;

    /**
     * One SnapStart restore, in ms: the restored first batch (from the restore to its response), the part of it
     * before the runtime client took the invocation (its restore hooks and its own first steps), the median warm
     * batch after it, one warm batch after the same pause as the restored one, and the warm batch with every callback
     * on a new connection.
     */
    record Restore(double firstBatch, double beforeInvocation, double warmBatch, double warmAfterPause,
                   double warmOnNewConnections) {
    }

    /**
     * A SnapStart version under the runtime interface client: init and the checkpoint hooks run, the client waits at
     * the Runtime API's restore endpoint (where Lambda snapshots the JVM); after a pause the restore is released,
     * and the first 10-record batch is timed from the restore to its response, then the same batch warm.
     *
     * @param primed whether the runtime routes org.crac to its hooks (without, ours never run: the unprimed function)
     */
    static Restore restoreRun(RuntimeClient.Runtime runtime, boolean primed, Path taskRoot, StepFunctionsStub stub,
                              String runId, Path log) throws Exception {
        return restoreRun(runtime, primed, taskRoot, RuntimeClient.HANDLER, stub, runId, log);
    }

    static Restore restoreRun(RuntimeClient.Runtime runtime, boolean primed, Path taskRoot, String handler,
                              StepFunctionsStub stub, String runId, Path log) throws Exception {
        List<String> flags = new ArrayList<>(runtime.snapStartFlags());
        if (!primed) {
            flags.remove(RuntimeClient.CRAC_COMPAT);
        }
        try (var api = new RuntimeApiStub()) {
            Process process = RuntimeClient.start(runtime.java(), flags, taskRoot, handler, api,
                    functionEnvironment(stub), true, log);
            try {
                api.checkpointReached().get(60, TimeUnit.SECONDS);
                // The snapshot: the JVM idles, as a restored one has for a while, before its first request.
                Thread.sleep(PAUSE_MILLIS);
                var first = api.invoke(Events.sqsEvent(runId + "-restored", 10));
                long restored = api.restore();
                var answer = first.get(60, TimeUnit.SECONDS);
                requireAllAnswered(answer);
                List<Double> warm = batches(api, runId + "-warm", WARM_BATCHES_AFTER_RESTORE,
                        WARM_BATCHES_AFTER_RESTORE - WARM_BATCHES_TIMED);
                // A warm JVM idle as long as the restored one was: what the pause alone costs the next batch.
                Thread.sleep(PAUSE_MILLIS);
                double afterPause = batches(api, runId + "-paused", 1, 0).get(0);
                // The same batch warm, but each callback on a new connection, as the first batch after a restore.
                List<Double> fresh;
                stub.closeConnections(true);
                try {
                    fresh = batches(api, runId + "-fresh", 10, 2);
                } finally {
                    stub.closeConnections(false);
                }
                return new Restore((answer.nanos() - restored) / 1e6, (answer.takenNanos() - restored) / 1e6,
                        median(warm), afterPause, median(fresh));
            } finally {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Times {@code count} 10-record batches one after the other; the first {@code skip} do not count. */
    static List<Double> batches(RuntimeApiStub api, String runId, int count, int skip) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String event = Events.sqsEvent(runId + "-" + i, 10);
            // Before queueing it: a handler that only answers can answer before this thread runs again.
            long sent = System.nanoTime();
            var next = api.invoke(event);
            var answer = next.get(60, TimeUnit.SECONDS);
            requireAllAnswered(answer);
            if (i >= skip) {
                times.add((answer.nanos() - sent) / 1e6);
            }
        }
        return times;
    }

    private static void restore(StringBuilder report, StepFunctionsStub stub, Path taskRoot, Path testClasses)
            throws Exception {
        Path log = taskRoot.resolveSibling("bench-restore.log");
        Path echoRoot = RuntimeClient.echoTaskRoot(testClasses, taskRoot.resolveSibling("bench-echo-task-root"));
        Map<String, List<Restore>> runs = new LinkedHashMap<>();
        List<RuntimeClient.Runtime> runtimes = runtimes();
        int rounds = Math.max(3, COLD_ROUNDS / 3);
        for (int round = 0; round < rounds; round++) {
            for (RuntimeClient.Runtime runtime : runtimes) {
                runs.computeIfAbsent(runtime.name() + ", the runtime client alone (a handler that only answers)",
                        n -> new ArrayList<>()).add(restoreRun(runtime, false, echoRoot, EchoHandler.class.getName(),
                        stub, "e" + round, log.resolveSibling("bench-restore-echo.log")));
                for (boolean primed : List.of(false, true)) {
                    String name = runtime.name() + (primed ? ", primed" : ", not primed");
                    runs.computeIfAbsent(name, n -> new ArrayList<>()).add(restoreRun(runtime, primed, taskRoot, stub,
                            "s" + round + name.hashCode(),
                            log.resolveSibling("bench-restore-" + runtime.name() + (primed ? "-primed" : "") + ".log")));
                }
            }
        }
        report.append("## SnapStart restore under the runtime interface client\n\nThe runtime client started as Lambda"
                + " initialises a SnapStart version (`AWS_LAMBDA_INITIALIZATION_TYPE=snap-start`): it builds the handler,"
                + " runs the checkpoint hooks and waits at `/restore/next`. The restore is released after ")
                .append(PAUSE_MILLIS).append(" ms; the first 10-record batch is timed from the restore to its response at"
                + " the Runtime API, and compared with the same batch warm: the median of batches ")
                .append(WARM_BATCHES_AFTER_RESTORE - WARM_BATCHES_TIMED + 1).append(" to ")
                .append(WARM_BATCHES_AFTER_RESTORE).append(" after it, when the JIT has settled. Then, in the same JVM,"
                + " one warm batch after a pause as long as the restore's, and warm batches with every callback on a"
                + " new connection. No JVM snapshot is taken here (no CRaC JVM): this measures what the hooks leave"
                + " loaded and compiled, which is what a snapshot keeps. Step Functions answers at once (no injected"
                + " latency), so the ratio is the strictest. Medians of ").append(rounds).append(" runs; the ratio's"
                + " range is over the runs.\n\n")
                .append("| variant | restored first batch ms | of which before the runtime client took it | warm batch ms"
                        + " | restored ÷ warm | per run | warm batch after the pause ms"
                        + " | warm batch on new connections ms |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        runs.forEach((name, results) -> {
            double first = median(results.stream().map(Restore::firstBatch).toList());
            double warm = median(results.stream().map(Restore::warmBatch).toList());
            var ratios = results.stream().mapToDouble(r -> r.firstBatch() / r.warmBatch()).summaryStatistics();
            report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f× | %.1f–%.1f× | %.1f | %.1f |%n",
                    name, first, median(results.stream().map(Restore::beforeInvocation).toList()), warm, first / warm,
                    ratios.getMin(), ratios.getMax(), median(results.stream().map(Restore::warmAfterPause).toList()),
                    median(results.stream().map(Restore::warmOnNewConnections).toList())));
        });
        report.append('\n');
    }

    private static void measure(Map<String, List<Double>> wall, Map<String, List<String>> breakdown, String name,
                                StepFunctionsStub stub, List<String> flags, String classpath, String main,
                                String mode, String runId) throws Exception {
        long start = System.nanoTime();
        String output = run(stub, flags, classpath, main, mode, runId);
        wall.computeIfAbsent(name, n -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
        output.lines().filter(l -> l.contains("bench: init_ms")).map(l -> l.substring(l.indexOf("bench: init_ms"))).findFirst()
                .ifPresent(l -> breakdown.computeIfAbsent(name, n -> new ArrayList<>()).add(l));
    }

    private static String run(StepFunctionsStub stub, List<String> flags, String classpath, String main,
                              String mode, String runId) throws Exception {
        List<String> all = new ArrayList<>(RUNTIME_FLAGS);
        all.addAll(flags);
        return run(stub, ProcessHandle.current().info().command().orElse("java"), all, classpath, main, mode, runId);
    }

    private static String run(StepFunctionsStub stub, String java, List<String> flags, String classpath, String main,
                              String mode, String runId) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, Benchmark.class.getPackageName() + "." + main));
        if (!mode.isEmpty()) {
            command.addAll(List.of(mode, runId));
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY", "bench",
                "AWS_SESSION_TOKEN", "bench", "AWS_ENDPOINT_URL_SFN", stub.endpoint().toString(), "STOCK", "{\"apple\": 1000000}",
                "CALLBACK_CONCURRENCY", "10"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(main + " " + mode + " failed: " + output);
        }
        return output;
    }

    private static void warm(StringBuilder report, StepFunctionsStub stub) {
        stub.latency(CALLBACK_LATENCY_MS);
        BatchRunner handler = new BatchRunner(new InventoryService(new MockInventory(Map.of("apple", 1_000_000L)),
                new StepFunctionsCallback(StepFunctionsStub.client(stub.endpoint())), line -> { }), 10,
                line -> { });
        List<Double> single = new ArrayList<>();
        List<Double> batch = new ArrayList<>();
        for (int round = 0; round < WARM_ROUNDS + 10; round++) {
            double one = time(handler, "w1-" + round, 1);
            double ten = time(handler, "w10-" + round, 10);
            if (round >= 10) {
                single.add(one);
                batch.add(ten);
            }
        }
        double oneMs = median(single);
        double tenMs = median(batch);
        report.append("## Warm path\n\nIn one warm JVM, with ").append(CALLBACK_LATENCY_MS)
                .append(" ms injected into every callback. Median of ").append(WARM_ROUNDS).append(" rounds.\n\n")
                .append(String.format(Locale.ROOT, "| batch | ms |%n|---|---:|%n| 1 message | %.1f |%n"
                        + "| 10 messages | %.1f |%n%n**10 messages ÷ 1 message = %.2f×** (target ≤ 1.3×).%n%n",
                        oneMs, tenMs, tenMs / oneMs));
        cost(report, tenMs);
    }

    private static double time(BatchRunner handler, String prefix, int size) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            records.add(Events.record("m-" + i, Events.order(prefix + "-" + i,
                    "{\"items\": [{\"sku\": \"apple\", \"quantity\": 1}]}")));
        }
        long start = System.nanoTime();
        var response = handler.handleBatch(Events.event(records), new FakeContext(30_000));
        double ms = (System.nanoTime() - start) / 1e6;
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("warm batch failed: " + response.getBatchItemFailures());
        }
        return ms;
    }

    /** Per million orders with the stack's defaults: batch size 10, 512 MB, arm64. */
    private static void cost(StringBuilder report, double batchMs) {
        double orders = 1_000_000;
        // Check Inventory, Notify Success or Notify Failure, and the end: 3 transitions per execution.
        double transitions = 3 * orders * PRICE_PER_STATE_TRANSITION;
        // SendMessage per order; ReceiveMessage and DeleteMessageBatch per batch of 10 (empty polls not counted).
        double sqs = (orders + 2 * orders / 10) * PRICE_PER_SQS_REQUEST;
        double invocations = orders / 10 * PRICE_PER_LAMBDA_REQUEST;
        // Billed duration rounds up to the next millisecond.
        double gbSeconds = orders / 10 * Math.ceil(batchMs) / 1000 * 0.5;
        double compute = gbSeconds * PRICE_PER_GB_SECOND_ARM64;
        double total = transitions + sqs + invocations + compute;
        report.append("## Cost per million orders\n\nStack defaults (batch size 10, 512 MB, arm64), us-east-1 list"
                + " prices, warm batch duration from above (").append(String.format(Locale.ROOT, "%.0f", Math.ceil(batchMs)))
                .append(" ms per 10 orders); free tiers and cold starts not counted.\n\n")
                .append("| item | quantity | USD |\n|---|---|---:|\n")
                .append(String.format(Locale.ROOT, "| Step Functions state transitions | 3,000,000 × $0.025/1,000 | %.2f |%n", transitions))
                .append(String.format(Locale.ROOT, "| SQS requests | 1,200,000 × $0.40/M | %.2f |%n", sqs))
                .append(String.format(Locale.ROOT, "| Lambda requests | 100,000 × $0.20/M | %.2f |%n", invocations))
                .append(String.format(Locale.ROOT, "| Lambda compute | %,.0f GB-s × $0.0000133334 | %.2f |%n", gbSeconds, compute))
                .append(String.format(Locale.ROOT, "| **total** | | **%.2f** (Step Functions: %.1f%%) |%n%n", total,
                        100 * transitions / total));
    }

    private static String medianBreakdown(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return " | ";
        }
        List<Double> init = new ArrayList<>();
        List<Double> batch = new ArrayList<>();
        for (String line : lines) {
            for (String part : line.substring("bench: ".length()).split(" ")) {
                String[] kv = part.split("=");
                (kv[0].equals("init_ms") ? init : batch).add(Double.parseDouble(kv[1]));
            }
        }
        return String.format(Locale.ROOT, "%.0f | %.0f", median(init), median(batch));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
