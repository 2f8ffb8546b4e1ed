package io.github.inventorycallback.function.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Starts the function's jar the way a Lambda Java managed runtime does: AWS's runtime interface client as the main
 * class on its own class path, the jar unzipped as the task root (the working directory), the runtime's JVM options
 * and environment, and a Runtime API to talk to ({@link RuntimeApiStub}).
 */
public final class RuntimeClient {
    public static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    public static final String HANDLER = "io.github.inventorycallback.function.InventoryHandler::handleRequest";
    /** The runtime's route from the {@code org.crac} API to its own checkpoint hooks. */
    public static final String CRAC_COMPAT = "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac";

    /** A Java managed runtime: its JVM and the options it starts the runtime client with, at 512 MB. */
    public record Runtime(String name, String java, List<String> onDemandFlags, List<String> snapStartFlags) {
        public static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx445m", CRAC_COMPAT);
        static final List<String> FULL_TIERED = List.of("-XX:+UseSerialGC", "-Xshare:auto", "-Xmx445m", CRAC_COMPAT);

        /** java21 (and java17): C1 only, on demand and under SnapStart alike. */
        public static Runtime java21(String java) {
            return new Runtime("java21", java, C1_ONLY, C1_ONLY);
        }

        /** java25: C1 only on demand, full tiered compilation under SnapStart (AWS's java25 announcement). */
        public static Runtime java25(String java) {
            return new Runtime("java25", java, C1_ONLY, FULL_TIERED);
        }
    }

    private RuntimeClient() {
    }

    /** Unzips the jar into {@code dir} (Lambda's {@code /var/task}), replacing what an earlier jar left there. */
    public static Path taskRoot(Path jar, Path dir) throws IOException {
        delete(dir);
        Path partial = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".partial"));
        try (var zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        Files.move(partial, dir);
        return dir;
    }

    /** Deletes a directory and everything in it, if it exists. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** A task root holding only {@link EchoHandler}, compiled with the tests into {@code testClasses}. */
    public static Path echoTaskRoot(Path testClasses, Path dir) throws IOException {
        delete(dir);
        String file = EchoHandler.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(testClasses.resolve(file), target);
        return dir;
    }

    /** The runtime's own jars (Lambda's {@code /var/runtime/lib}), taken from this JVM's class path. */
    public static String runtimeClassPath() {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(p -> p.contains("aws-lambda-java-runtime-interface-client")
                        || p.contains("aws-lambda-java-core") || p.contains("aws-lambda-java-serialization")
                        || p.contains("/utils-lite/"))
                .toList();
        if (jars.stream().noneMatch(p -> p.contains("runtime-interface-client"))) {
            throw new IllegalStateException("the runtime interface client is not on the class path");
        }
        return String.join(java.io.File.pathSeparator, jars);
    }

    /**
     * Starts the runtime client for the task root.
     *
     * @param flags           the runtime's JVM options
     * @param environment     the function's own variables (STOCK, the endpoint, credentials, ...)
     * @param snapStart       whether Lambda initialises a SnapStart version (then the client waits to be restored)
     */
    public static Process start(String java, List<String> flags, Path taskRoot, RuntimeApiStub api,
                         Map<String, String> environment, boolean snapStart, Path log) throws IOException {
        return start(java, flags, taskRoot, HANDLER, api, environment, snapStart, log);
    }

    /** The same with another handler of the task root ({@link EchoHandler}, to measure the runtime client alone). */
    public static Process start(String java, List<String> flags, Path taskRoot, String handler, RuntimeApiStub api,
                         Map<String, String> environment, boolean snapStart, Path log) throws IOException {
        return processBuilder(java, flags, taskRoot, handler, api, environment, snapStart, log).start();
    }

    /** The command, working directory, environment and log of {@link #start}, to start in another way. */
    public static ProcessBuilder processBuilder(String java, List<String> flags, Path taskRoot, String handler,
                                                RuntimeApiStub api, Map<String, String> environment,
                                                boolean snapStart, Path log) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of("-cp", runtimeClassPath(), MAIN, handler));
        var builder = new ProcessBuilder(command).directory(taskRoot.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("LAMBDA_") || k.equals("_HANDLER"));
        Map<String, String> lambda = new HashMap<>(Map.of(
                "AWS_LAMBDA_RUNTIME_API", api.address(),
                "_HANDLER", handler,
                "LAMBDA_TASK_ROOT", taskRoot.toString(),
                "AWS_LAMBDA_FUNCTION_NAME", "bench-Inventory",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                "AWS_LAMBDA_FUNCTION_VERSION", snapStart ? "1" : "$LATEST",
                "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench-Inventory",
                "AWS_LAMBDA_LOG_STREAM_NAME", "bench",
                "AWS_REGION", "us-east-1",
                "TZ", ":UTC"));
        if (snapStart) {
            lambda.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        }
        env.putAll(lambda);
        env.putAll(environment);
        return builder;
    }
}
