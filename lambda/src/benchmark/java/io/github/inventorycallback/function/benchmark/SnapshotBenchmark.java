package io.github.inventorycallback.function.benchmark;

import io.github.inventorycallback.function.fakes.ContainerCredentialsEndpoint;
import io.github.inventorycallback.function.fakes.Criu;
import io.github.inventorycallback.function.fakes.EchoHandler;
import io.github.inventorycallback.function.fakes.Events;
import io.github.inventorycallback.function.fakes.RuntimeClient;
import io.github.inventorycallback.function.fakes.SnapStartSnapshot;
import io.github.inventorycallback.function.fakes.StepFunctionsStub;
import io.github.inventorycallback.function.fakes.TlsCertificate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * SnapStart with a real snapshot: the function's jar under the runtime interface client, initialised as a SnapStart
 * version with its checkpoint hooks, dumped by CRIU where Lambda snapshots it, then restored from that one image
 * again and again, each restore's first 10-record batch timed from the moment the restored JVM runs to its response
 * at the Runtime API, and compared with the same JVM's settled warm batch. The same for a handler that only answers:
 * the runtime client's own floor. Restores of the two are interleaved, so a noisy moment hurts both alike.
 */
final class SnapshotBenchmark {
    static final int RESTORES = Integer.getInteger("bench.restores", 11);
    /** When above 0, the first batch is sent this many ms after the restored JVM runs, and timed from its sending. */
    static final long FIRST_DELAY_MILLIS = Long.getLong("bench.firstDelay", 0);

    /**
     * One restore, in ms: CRIU's restore (from starting criu to the restored runtime client's first request), the
     * first batch (from that request to the batch's response), the part of it before the runtime client took the
     * invocation (its afterRestore hooks, the function's among them, and its own steps), and the warm batch (the median
     * of batches 101 to 150 after the first, in the same restored JVM); the JVM's page faults during the first batch and
     * per warm batch; its CPU time during the first batch, its threads' wait for a CPU then, and its CPU time per warm
     * batch, in ms.
     */
    record Restore(double restore, double firstBatch, double beforeInvocation, double warmBatch,
                   double firstBatchFaults, double warmBatchFaults, double firstBatchCpu, double firstBatchWait,
                   double warmBatchCpu) {
        double ratio() {
            return firstBatch / warmBatch;
        }
    }

    /** One runtime and handler: its snapshot and its restores. */
    record Variant(String name, SnapStartSnapshot snapshot, List<Restore> restores) {
        Criu.Dump dump() {
            return snapshot.dump();
        }
    }

    /** What the summary line reports: the deployed runtime's (java21) function and floor. */
    record Summary(Variant function, Variant floor) {
    }

    private SnapshotBenchmark() {
    }

    static Summary run(StringBuilder report, Criu criu, StepFunctionsStub stub, Path taskRoot, Path testClasses)
            throws Exception {
        Path dir = taskRoot.resolveSibling("bench-snapshots");
        RuntimeClient.delete(dir);
        TlsCertificate certificate = TlsCertificate.generate(dir.resolve("tls"));
        try (var credentials = new ContainerCredentialsEndpoint();
             var overTls = StepFunctionsStub.overTls(certificate)) {
            return run(report, criu, stub, overTls, certificate, credentials, dir, taskRoot, testClasses);
        }
    }

    /**
     * The function's environment as Lambda sets it for a SnapStart version: no key variables, but the container
     * credentials endpoint, which the function asks after the restore (its first batch pays for that).
     */
    private static Map<String, String> snapStartEnvironment(StepFunctionsStub stub,
                                                            ContainerCredentialsEndpoint credentials) {
        Map<String, String> environment = new HashMap<>(Benchmark.functionEnvironment(stub));
        environment.remove("AWS_ACCESS_KEY_ID");
        environment.remove("AWS_SECRET_ACCESS_KEY");
        environment.remove("AWS_SESSION_TOKEN");
        environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri());
        return environment;
    }

    private static Summary run(StringBuilder report, Criu criu, StepFunctionsStub stub, StepFunctionsStub overTls,
                               TlsCertificate certificate, ContainerCredentialsEndpoint credentials, Path dir,
                               Path taskRoot, Path testClasses) throws Exception {
        Path echoRoot = RuntimeClient.echoTaskRoot(testClasses, taskRoot.resolveSibling("bench-echo-task-root"));
        List<Variant> variants = new ArrayList<>();
        for (RuntimeClient.Runtime runtime : Benchmark.runtimes()) {
            for (boolean function : List.of(true, false)) {
                Path images = dir.resolve(runtime.name() + (function ? "-function" : "-echo"));
                SnapStartSnapshot snapshot = take(criu, runtime.java(), flags(runtime),
                        function ? taskRoot : echoRoot, function ? RuntimeClient.HANDLER : EchoHandler.class.getName(),
                        snapStartEnvironment(stub, credentials), images);
                variants.add(new Variant(runtime.name() + (function ? ", the function, primed"
                        : ", the runtime client alone (a handler that only answers)"), snapshot, new ArrayList<>()));
            }
        }
        // Step Functions over TLS, as on AWS: after a restore each callback's new connection is a handshake, which the
        // priming (plain HTTP on the loopback interface) has not run. java21 only, last: the summary line is the rows
        // above.
        RuntimeClient.Runtime java21 = Benchmark.runtimes().get(0);
        List<String> trusting = new ArrayList<>(flags(java21));
        trusting.addAll(certificate.trustingFlags());
        SnapStartSnapshot tls = take(criu, java21.java(), trusting, taskRoot, RuntimeClient.HANDLER,
                snapStartEnvironment(overTls, credentials), dir.resolve(java21.name() + "-function-tls"));
        variants.add(new Variant(java21.name() + ", the function, primed, Step Functions over TLS", tls,
                new ArrayList<>()));
        for (int round = 0; round < RESTORES; round++) {
            for (Variant variant : variants) {
                variant.restores().add(restore(variant.snapshot(), "k" + round + variant.name().hashCode()));
            }
        }
        report(report, variants);
        return new Summary(variants.get(0), variants.get(1));
    }

    /** A snapshot that holds no connection but the runtime client's to the Runtime API, or the run stops. */
    private static SnapStartSnapshot take(Criu criu, String java, List<String> flags, Path root, String handler,
                                          Map<String, String> environment, Path images) throws Exception {
        SnapStartSnapshot snapshot = SnapStartSnapshot.take(criu, java, flags, root, handler, environment, images);
        if (!snapshot.connectionsAtDump().equals(List.of(snapshot.runtimeApiPort()))) {
            throw new IllegalStateException("the snapshot holds connections besides the Runtime API's: "
                    + snapshot.connectionsAtDump());
        }
        return snapshot;
    }

    /**
     * The runtime's options, and the memory of a 512 MB function: the JVM sizes its initial heap from the memory it
     * sees (a 64th), 384 MB on this 24 GiB machine against 8 MB in the function. With the machine's, the priming's
     * garbage filled a large young generation without a collection, and the image held it: 161 MB against 55 MB, the
     * restore twice as long. {@code -Dbench.snapshotFlags="..."} adds options, to try one.
     */
    static List<String> flags(RuntimeClient.Runtime runtime) {
        List<String> flags = new ArrayList<>(runtime.snapStartFlags());
        flags.add("-XX:MaxRAM=512m");
        String extra = System.getProperty("bench.snapshotFlags", "");
        if (!extra.isEmpty()) {
            flags.addAll(List.of(extra.split(" ")));
        }
        return flags;
    }

    private static Restore restore(SnapStartSnapshot snapshot, String runId) throws Exception {
        try (var restored = snapshot.restore()) {
            long delay = FIRST_DELAY_MILLIS;
            var first = delay > 0 ? null : restored.api().invoke(Events.sqsEvent(runId + "-restored", 10));
            restored.awaitRunning();
            // From here: CRIU's own restore writes the process's memory, and those faults are not the batch's.
            long[] atRunning = restored.pageFaults();
            long[] cpuAtRunning = restored.cpuNanos();
            long sent = 0;
            if (delay > 0) {
                Thread.sleep(delay);
                atRunning = restored.pageFaults();
                cpuAtRunning = restored.cpuNanos();
                String event = Events.sqsEvent(runId + "-restored", 10);
                sent = System.nanoTime();
                first = restored.api().invoke(event);
            }
            var answer = restored.await(first);
            Benchmark.requireAllAnswered(answer);
            long[] afterFirst = restored.pageFaults();
            long[] cpuAfterFirst = restored.cpuNanos();
            long running = restored.running();
            long from = delay > 0 ? sent : running;
            if (answer.takenNanos() < running) {
                throw new IllegalStateException("the invocation was taken before the restored JVM asked for"
                        + " /restore/next: " + answer + ", restore requests " + restored.api().restoreRequests());
            }
            List<Double> warm = Benchmark.batches(restored.api(), runId + "-warm",
                    Benchmark.WARM_BATCHES_AFTER_RESTORE - Benchmark.WARM_BATCHES_TIMED, 0);
            long[] beforeTimed = restored.pageFaults();
            long[] cpuBeforeTimed = restored.cpuNanos();
            warm = Benchmark.batches(restored.api(), runId + "-timed", Benchmark.WARM_BATCHES_TIMED, 0);
            long[] afterTimed = restored.pageFaults();
            long[] cpuAfterTimed = restored.cpuNanos();
            if (!restored.api().restoreErrors.isEmpty()) {
                throw new IllegalStateException("the restore reported errors: " + restored.api().restoreErrors);
            }
            return new Restore((running - restored.started()) / 1e6, (answer.nanos() - from) / 1e6,
                    (answer.takenNanos() - from) / 1e6, Benchmark.median(warm),
                    afterFirst[0] + afterFirst[1] - atRunning[0] - atRunning[1],
                    (afterTimed[0] + afterTimed[1] - beforeTimed[0] - beforeTimed[1]) / (double) warm.size(),
                    (cpuAfterFirst[0] - cpuAtRunning[0]) / 1e6, (cpuAfterFirst[1] - cpuAtRunning[1]) / 1e6,
                    (cpuAfterTimed[0] - cpuBeforeTimed[0]) / 1e6 / warm.size());
        }
    }

    private static void report(StringBuilder report, List<Variant> variants) {
        report.append("## SnapStart restored from a real snapshot (CRIU)\n\nThe runtime client started as Lambda"
                + " initialises a SnapStart version (`AWS_LAMBDA_INITIALIZATION_TYPE=snap-start`): it builds the"
                + " handler, runs the checkpoint hooks (the function's priming) and asks for `/restore/next`, where"
                + " Lambda snapshots the microVM; here CRIU dumps the JVM (`tools/criu/fetch.sh`), and the JVM is gone."
                + " Each restore starts it again from that one image; the runtime client runs the restore hooks and takes"
                + " the first 10-record batch, timed from the restored JVM's first request to the Runtime API to the"
                + " batch's response there, and compared with batches ").append(Benchmark.WARM_BATCHES_AFTER_RESTORE
                        - Benchmark.WARM_BATCHES_TIMED + 1).append(" to ").append(Benchmark.WARM_BATCHES_AFTER_RESTORE)
                .append(" after it in the same JVM. *restore*: from starting criu to that first request. *CPU*: the"
                + " restored JVM's time on a CPU, all its threads, during the first batch and per warm batch; *waiting"
                + " for a CPU*: its threads' time runnable but not running during the first batch (the kernel's"
                + " schedstat; on this shared machine the batches' wall time is mostly that). *page faults*:"
                + " the restored JVM's, minor and major, during the first batch and per warm batch. The JVMs run with the"
                + " runtime's options and `-XX:MaxRAM=512m`, so that they size their heap as in a 512 MB function."
                + " Step Functions answers at once, so the ratio is the strictest. The last row's Step Functions stub"
                + " speaks TLS, as the real service does (RSA 2048, a certificate for 127.0.0.1 that the JVM trusts"
                + " instead of its CA certificates): each new connection is a handshake, and after a restore every"
                + " callback opens one. ").append(RESTORES)
                .append(" restores of each image, interleaved; medians, the ratio's the median of each restore's own,"
                        + " its range over the restores.")
                .append(FIRST_DELAY_MILLIS > 0 ? " The first batch was sent " + FIRST_DELAY_MILLIS + " ms after the"
                        + " restored JVM's first request, and timed from its sending." : "")
                .append("\n\n")
                .append("| variant | image MB | dump ms | restore ms | restored first batch ms | of which before the"
                        + " runtime client took it | warm batch ms | restored ÷ warm | per restore"
                        + " | CPU ms, first batch | CPU ms, warm batch | waiting for a CPU ms, first batch"
                        + " | page faults, first batch | page faults, warm batch |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Variant variant : variants) {
            List<Restore> restores = variant.restores();
            var ratios = restores.stream().mapToDouble(Restore::ratio).summaryStatistics();
            report.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f× | %.1f–%.1f× | %.1f | %.2f | %.1f | %.0f | %.0f |%n",
                    variant.name(), variant.dump().bytes() / 1e6, variant.dump().millis(),
                    median(restores, Restore::restore), median(restores, Restore::firstBatch),
                    median(restores, Restore::beforeInvocation), median(restores, Restore::warmBatch),
                    median(restores, Restore::ratio), ratios.getMin(), ratios.getMax(),
                    median(restores, Restore::firstBatchCpu), median(restores, Restore::warmBatchCpu),
                    median(restores, Restore::firstBatchWait), median(restores, Restore::firstBatchFaults), median(restores, Restore::warmBatchFaults)));
        }
        report.append('\n');
    }

    static double median(List<Restore> restores, ToDoubleFunction<Restore> field) {
        return Benchmark.median(restores.stream().map(field::applyAsDouble).toList());
    }

    /** The summary line: the deployed runtime's function against its floor, medians over the restores. */
    static String line(Summary summary) {
        List<Restore> function = summary.function().restores();
        var ratios = function.stream().mapToDouble(Restore::ratio).summaryStatistics();
        return String.format(Locale.ROOT, "restore: first_ms=%.1f warm_ms=%.1f ratio=%.2f range=%.2f-%.2f"
                        + " floor_ratio=%.2f image_mb=%.1f restore_ms=%.0f snapshots=%d",
                median(function, Restore::firstBatch), median(function, Restore::warmBatch),
                median(function, Restore::ratio), ratios.getMin(), ratios.getMax(),
                median(summary.floor().restores(), Restore::ratio), summary.function().dump().bytes() / 1e6,
                median(function, Restore::restore), function.size());
    }
}
