package io.github.inventorycallback.function.fakes;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A SnapStart version snapshotted for real. The runtime interface client starts as Lambda initialises a SnapStart
 * version; it builds the handler and runs the checkpoint hooks ({@code org.crac} routed to the runtime's own
 * implementation, which calls them in its order: {@code beforeCheckpoint} in reverse order of registration), then
 * asks the Runtime API for {@code /restore/next}. There Lambda snapshots the microVM; here CRIU dumps the JVM, which
 * is then gone. Each {@link #restore} brings that same JVM back from the same images, as Lambda resumes every new
 * instance of a version from its one snapshot; the runtime client then runs the {@code afterRestore} hooks and asks
 * for invocations.
 *
 * <p>What crosses the snapshot: the connection carrying the waiting {@code /restore/next} request, and no other
 * ({@link #connectionsAtDump}: the function's hooks leave none open). CRIU restores it closed; the JDK's HTTP client
 * retries an idempotent request once on a new connection when its connection fails, so the restored runtime client
 * asks again at once and goes on. The wall clock is the restore's own (CRIU keeps no time of its own), the JVM's
 * random state is the dump's (the function draws its jitter from {@code SecureRandom}, which mixes in the kernel's
 * entropy at each use), and the environment is the dump's: under SnapStart credentials come from the container
 * endpoint, asked after the restore.
 */
public final class SnapStartSnapshot {
    private final Criu criu;
    private final Criu.Dump dump;
    private final int runtimeApiPort;
    private final Path log;
    private final long logBytesAtDump;
    private final List<Integer> connectionsAtDump;
    private int restores;

    private SnapStartSnapshot(Criu criu, Criu.Dump dump, int runtimeApiPort, Path log, long logBytesAtDump,
                              List<Integer> connectionsAtDump) {
        this.criu = criu;
        this.dump = dump;
        this.runtimeApiPort = runtimeApiPort;
        this.log = log;
        this.logBytesAtDump = logBytesAtDump;
        this.connectionsAtDump = connectionsAtDump;
    }

    /**
     * Starts the runtime client for the task root as a SnapStart version and dumps it where Lambda snapshots it.
     *
     * @param dir where the images and the function's log go
     */
    public static SnapStartSnapshot take(Criu criu, String java, List<String> flags, Path taskRoot, String handler,
                                         Map<String, String> environment, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("function.log");
        try (var api = new RuntimeApiStub()) {
            // The JVM's performance counters in its own memory rather than in a file named after its pid in /tmp,
            // which any JVM starting while this one is dumped deletes as a dead process's (a restore then fails).
            List<String> options = new ArrayList<>(flags);
            options.add("-XX:+PerfDisableSharedMem");
            ProcessBuilder builder = RuntimeClient.processBuilder(java, options, taskRoot, handler, api, environment,
                    true, log);
            // Its own pid namespace, as each Lambda sandbox has: a restore gives every thread the id it had at the
            // dump, and on a busy machine another process soon holds one of them in the machine's namespace (criu
            // then fails, "Unable to create a thread: -17"); inside its own, the JVM is process 1 and its ids are
            // its own. Its own session (CRIU dumps a session leader without borrowing this JVM's), and no pipe to this
            // JVM: a restored process could not reach the other end.
            builder.command().addAll(0, List.of("unshare", "--pid", "--fork", "--kill-child", "setsid"));
            builder.redirectInput(new File("/dev/null"));
            Process unshare = builder.start();
            ProcessHandle jvm;
            try {
                api.checkpointReached().get(120, TimeUnit.SECONDS);
                jvm = unshare.toHandle().children().findFirst()
                        .orElseThrow(() -> new IllegalStateException("unshare started no JVM"));
            } catch (Exception e) {
                unshare.destroyForcibly().waitFor();
                throw new IllegalStateException("the runtime client did not reach /restore/next: "
                        + api.initError.getNow("no init error") + "\n" + Files.readString(log), e);
            }
            List<Integer> connections = establishedConnections(jvm.pid());
            // The log as the JVM left it: unshare writes to it too once its child is gone.
            long logBytes = Files.size(log);
            Criu.Dump dump = criu.dump(jvm.pid(), dir.resolve("images"));
            if (!unshare.waitFor(30, TimeUnit.SECONDS)) {
                unshare.destroyForcibly().waitFor();
                throw new IllegalStateException("the JVM was dumped but still runs");
            }
            return new SnapStartSnapshot(criu, dump, api.port(), log, logBytes, connections);
        }
    }

    public Criu.Dump dump() {
        return dump;
    }

    /** The remote ports of the TCP connections the JVM held when it was dumped. */
    public List<Integer> connectionsAtDump() {
        return connectionsAtDump;
    }

    /** The port of the Runtime API the snapshot was taken with (every restore's Runtime API listens there). */
    public int runtimeApiPort() {
        return runtimeApiPort;
    }

    /** The function's log: what it wrote before the dump, then what the latest restore wrote. */
    public String functionLog() throws IOException {
        return Files.readString(log);
    }

    /** One restored JVM, its Runtime API, and when its restore began ({@link System#nanoTime()}). */
    public record Restored(Process criu, RuntimeApiStub api, long started, Path criuLog) implements AutoCloseable {
        /** When the restored runtime client first asked the Runtime API anything: the JVM runs again. */
        public long running() {
            List<Long> asked = api.restoreRequests();
            if (asked.isEmpty()) {
                throw new IllegalStateException("the restored runtime client never asked for /restore/next");
            }
            return asked.get(0);
        }

        /** Waits until the restored JVM runs (its first request to the Runtime API), or fails saying why not. */
        public void awaitRunning() throws Exception {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (api.restoreRequests().isEmpty()) {
                if (!criu.isAlive()) {
                    throw failed();
                }
                if (System.nanoTime() > giveUp) {
                    throw new TimeoutException("the restored JVM did not ask the Runtime API anything within 60 s");
                }
                Thread.sleep(1);
            }
        }

        private IllegalStateException failed() throws IOException {
            List<String> errors = Files.exists(criuLog) ? Files.readAllLines(criuLog).stream()
                    .filter(l -> l.contains("Error (")).toList() : List.of();
            return new IllegalStateException("criu restore exited " + criu.exitValue() + " (" + criuLog + "):\n"
                    + String.join("\n", errors));
        }

        private long pid() {
            return criu.toHandle().children().findFirst().orElseThrow(
                    () -> new IllegalStateException("criu has no restored child")).pid();
        }

        /**
         * The restored JVM's time on a CPU and waiting for one so far, in ns, summed over its threads (the kernel's
         * schedstat): on a shared machine, what the JVM did apart from how long it waited for its turn.
         */
        public long[] cpuNanos() throws IOException {
            long running = 0;
            long waiting = 0;
            try (var threads = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
                for (Path thread : threads.toList()) {
                    try {
                        String[] f = Files.readString(thread.resolve("schedstat")).trim().split(" ");
                        running += Long.parseLong(f[0]);
                        waiting += Long.parseLong(f[1]);
                    } catch (IOException e) {
                        // the thread ended while listed
                    }
                }
            }
            return new long[] {running, waiting};
        }

        /** The restored JVM's page faults so far, minor and major, from the kernel's count. */
        public long[] pageFaults() throws IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            // pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt: comm may hold spaces.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[7]), Long.parseLong(f[9])};
        }

        /**
         * The answer to an invocation, or the reason there is none: criu exits at once when it cannot restore, and
         * then no answer comes.
         */
        public RuntimeApiStub.Answer await(CompletableFuture<RuntimeApiStub.Answer> answer) throws Exception {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < giveUp) {
                try {
                    return answer.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!criu.isAlive()) {
                        throw failed();
                    }
                }
            }
            throw new TimeoutException("no answer within 60 s of the restore");
        }

        /** Stops the restored JVM; criu, its parent, exits with it. */
        @Override
        public void close() throws Exception {
            try {
                criu.toHandle().children().forEach(ProcessHandle::destroyForcibly);
                if (!criu.waitFor(30, TimeUnit.SECONDS)) {
                    criu.destroyForcibly().waitFor();
                }
            } finally {
                api.close();
            }
        }
    }

    /**
     * Restores the JVM, its Runtime API already released from {@code /restore/next} (the restored client asks again
     * and goes on at once). Queue the first invocation on {@link Restored#api()} before or after; close the result
     * before the next restore, which reuses the dumped JVM's pid and Runtime API port.
     */
    public Restored restore() throws Exception {
        // The log file's size is in the images: CRIU refuses to restore a file whose size changed since the dump.
        try (var file = new RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(logBytesAtDump);
        }

        var api = new RuntimeApiStub(runtimeApiPort);
        api.restore();
        Path criuLog = dump.images().resolveSibling("restore-" + ++restores + ".log");
        long started = System.nanoTime();
        Process process;
        try {
            process = criu.restore(dump.images(), criuLog);
        } catch (IOException e) {
            api.close();
            throw e;
        }
        return new Restored(process, api, started, criuLog);
    }

    /** The remote ports of the process's established TCP connections, from the kernel's socket tables. */
    static List<Integer> establishedConnections(long pid) throws IOException {
        Set<String> sockets = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed while listed
                }
            }
        }
        List<Integer> ports = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("01") && sockets.contains(f[9])) {
                    ports.add(Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
