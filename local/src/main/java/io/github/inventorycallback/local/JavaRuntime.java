package io.github.inventorycallback.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * How a Java managed runtime starts the function's JVM: AWS's runtime interface client as the main class, with the
 * runtime's own jars on the class path (Lambda's {@code /var/runtime/lib}), the task root as the working directory,
 * the runtime's JVM options and the environment Lambda sets.
 *
 * @param java         the {@code java} to start
 * @param runtimeJars  the runtime interface client and what it needs
 * @param nativeClient the runtime client's native library for this machine, unpacked once for every JVM
 */
record JavaRuntime(String java, List<Path> runtimeJars, Path nativeClient) {
    static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** One class of each jar of the runtime's class path. */
    private static final List<String> RUNTIME_CLASSES = List.of(MAIN,
            "com.amazonaws.services.lambda.runtime.Context",
            "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer",
            "software.amazon.awssdk.utilslite.SdkInternalThreadLocal");
    /** Placeholders: a local AWS checks no signature, and the user's own keys have no business in a local run. */
    static final String ACCESS_KEY = "local-runtime";

    /** Where the runtime client loads its native library from, when set, instead of unpacking it to /tmp. */
    static final String NATIVE_CLIENT_PROPERTY =
            "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /**
     * The runtime's jars, found on this JVM's class path (the runtime interface client is a runtime dependency), and
     * its native library unpacked into {@code directory}.
     */
    static JavaRuntime onThisClassPath(String java, Path directory) {
        List<Path> jars = new ArrayList<>();
        for (String name : RUNTIME_CLASSES) {
            URL url = JavaRuntime.class.getClassLoader().getResource(name.replace('.', '/') + ".class");
            if (url == null || !url.getProtocol().equals("jar")) {
                throw new IllegalStateException("the Lambda runtime's class " + name + " is not in a jar on the class"
                        + " path: run this through tools/local/lambda, which puts the runtime interface client there");
            }
            String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
            try {
                jars.add(Path.of(new URL(file).toURI()));
            } catch (java.net.MalformedURLException | URISyntaxException e) {
                throw new IllegalStateException("cannot read the jar of " + name + ": " + url, e);
            }
        }
        return new JavaRuntime(java, List.copyOf(jars), nativeClient(jars.get(0), directory));
    }

    /**
     * The runtime client's JNI library for this machine, unpacked from its jar. Left to itself, every runtime client
     * unpacks it to the same file, {@code /tmp/.libaws-lambda-jni.so} (its {@code JniHelper}): on Lambda each
     * execution environment has a /tmp of its own, but JVMs starting together on one machine overwrite the file
     * while another maps it, and crash (SIGBUS in the dynamic loader, seen here with four at once).
     */
    static Path nativeClient(Path ricJar, Path directory) {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        String libc = Files.exists(Path.of("/lib/ld-musl-" + (arch.equals("x86_64") ? "x86_64" : "aarch64")
                + ".so.1")) ? "linux_musl" : "linux";
        String entry = "jni/libaws-lambda-jni." + libc + "-" + arch + ".so";
        try (var zip = new ZipFile(ricJar.toFile())) {
            var library = zip.getEntry(entry);
            if (library == null) {
                throw new IllegalStateException(ricJar + " has no " + entry + " for this machine");
            }
            Path target = Files.createDirectories(directory).resolve("libaws-lambda-jni.so");
            try (InputStream in = zip.getInputStream(library)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack " + entry + " from " + ricJar + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JVM options of the java17 and java21 managed runtimes: C1 only, the serial collector, the class-data archive
     * when there is one, about 87% of the memory as heap (445 MB of 512), and the route from the {@code org.crac}
     * API to the runtime client's checkpoint hooks. {@code JAVA_TOOL_OPTIONS} in the function's environment is read by
     * the JVM itself, as on Lambda.
     */
    static List<String> jvmOptions(int memoryMb) {
        return List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Xmx" + (memoryMb * 87L / 100) + "m", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
    }

    /** The command that starts the runtime client for the function's handler. */
    List<String> command(DeployedFunction.Function function) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions(function.memoryMb()));
        command.add("-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, runtimeJars.stream().map(Path::toString).toList()));
        command.add(MAIN);
        command.add(function.handler());
        return command;
    }

    /**
     * The environment of the function's JVM: none of this process's (a user's AWS profile or keys would leak into
     * it) but {@code PATH}; what Lambda sets; the function's own variables; then the local AWS for every client the
     * function builds, through the SDK's standard {@code AWS_ENDPOINT_URL} (AWS SDK for Java 2.x reads it, and
     * {@code AWS_ENDPOINT_URL_<SERVICE>} before it, in {@code AwsClientEndpointProvider}).
     */
    static Map<String, String> environment(DeployedFunction.Function function, String region, String endpoint,
                                           Path taskRoot, String runtimeApi) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.put("_HANDLER", function.handler());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", function.version() == null ? "$LATEST" : function.version());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.name());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + function.name());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", ACCESS_KEY);
        env.put("AWS_SESSION_TOKEN", ACCESS_KEY);
        env.putAll(function.environment());
        env.put("AWS_ENDPOINT_URL", endpoint);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        return env;
    }
}
