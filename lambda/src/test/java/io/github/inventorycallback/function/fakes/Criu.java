package io.github.inventorycallback.function.fakes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CRIU (Checkpoint/Restore In Userspace) as {@code tools/criu/fetch.sh} provides it: Debian trixie's criu 4.1.1 from
 * a cache, run through trixie's loader. It dumps a running process into image files (the process is gone after)
 * and restores it from them, as often as asked, each time the same process as at the dump: what Lambda does with a
 * SnapStart version's microVM, done here to one JVM.
 */
public final class Criu {
    /** Where CRIU cannot run here (another kernel or architecture, no root): the fetch script's reason. */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /** One dump: its images, how long criu took, and the images' size in bytes. */
    public record Dump(Path images, double millis, long bytes) {
    }

    private final Path wrapper;

    private Criu(Path wrapper) {
        this.wrapper = wrapper;
    }

    /**
     * Runs {@code tools/criu/fetch.sh} (found from the working directory up), which fetches CRIU once into its cache
     * and checks that it works here; its progress goes to this JVM's standard error.
     *
     * @throws Unavailable with the script's reason, where CRIU cannot run on this machine
     */
    public static Criu fetch() throws IOException, InterruptedException {
        Path script = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && script == null; dir = dir.getParent()) {
            Path candidate = dir.resolve("tools/criu/fetch.sh");
            script = Files.isExecutable(candidate) ? candidate : null;
        }
        if (script == null) {
            throw new Unavailable("tools/criu/fetch.sh not found above " + Path.of("").toAbsolutePath());
        }
        Path errors = Files.createTempFile("criu-fetch", ".log");
        try {
            Process fetch = new ProcessBuilder(script.toString()).redirectError(errors.toFile()).start();
            String out = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int status = fetch.waitFor();
            String progress = Files.readString(errors);
            System.err.print(progress);
            if (status != 0) {
                throw new Unavailable("CRIU cannot run here, so no snapshot can be taken (" + script + " exited "
                        + status + "):\n" + progress);
            }
            String[] lines = out.split("\n");
            return new Criu(Path.of(lines[lines.length - 1]));
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /**
     * Dumps the process {@code pid} (a session leader: see {@link SnapStartSnapshot}) into {@code images}; it is
     * killed once dumped. Established TCP connections are neither dumped nor blocked ({@code --tcp-close}): a restored
     * process finds them closed. The caller makes sure that is only a connection the process can open again.
     */
    public Dump dump(long pid, Path images) throws IOException, InterruptedException {
        Files.createDirectories(images);
        long start = System.nanoTime();
        run(List.of("dump", "--tree", Long.toString(pid), "--images-dir", images.toString(), "--tcp-close",
                "--log-file", images.resolve("dump.log").toAbsolutePath().toString(), "-v4"), images.resolve("dump.log"));
        double millis = (System.nanoTime() - start) / 1e6;
        long bytes;
        try (var files = Files.list(images)) {
            bytes = files.filter(f -> f.getFileName().toString().endsWith(".img")).mapToLong(f -> f.toFile().length())
                    .sum();
        }
        return new Dump(images, millis, bytes);
    }

    /**
     * Restores the dumped process from {@code images}. criu stays its parent until it exits (then criu exits too),
     * so nothing is left behind for another process to reap; the restored process has the dumped one's pid.
     */
    public Process restore(Path images, Path log) throws IOException {
        return new ProcessBuilder(command(List.of("restore", "--images-dir", images.toString(), "--tcp-close",
                "--log-file", log.toAbsolutePath().toString(), "-v4")))
                .redirectErrorStream(true).redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
                .start();
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(wrapper.toString()));
        command.addAll(args);
        return command;
    }

    private void run(List<String> args, Path log) throws IOException, InterruptedException {
        Process criu = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        String output = new String(criu.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!criu.waitFor(60, TimeUnit.SECONDS) || criu.exitValue() != 0) {
            // Its errors, and what led to the first: the rest of a -v4 log is thousands of lines.
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            int first = 0;
            while (first < lines.size() && !lines.get(first).contains("Error (")) {
                first++;
            }
            String context = String.join("\n", lines.subList(Math.max(0, first - 10), Math.min(lines.size(), first + 1)));
            String errors = String.join("\n", lines.stream().filter(l -> l.contains("Error (")).toList());
            throw new IllegalStateException("criu " + args.get(0) + " failed (" + log + "): " + output + "\n" + context
                    + "\n...\n" + errors);
        }
    }
}
