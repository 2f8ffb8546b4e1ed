package io.github.inventorycallback.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function's JVM as the java21 managed runtime starts it, pointed at the local AWS. */
class JavaRuntimeTest {
    private static final DeployedFunction.Function FUNCTION = new DeployedFunction.Function("dev-Inventory",
            "arn:aws:lambda:us-east-1:123456789012:function:dev-Inventory", "java21", "pkg.Handler::handleRequest",
            Map.of("STOCK", "{}", "AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:9"), 10, 512, "-", 0, "$LATEST");

    @Test
    void theRuntimesJvmOptionsWithTheHeapItGivesAt512Mb() {
        assertEquals(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-Xmx445m", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac"), JavaRuntime.jvmOptions(512));
        assertTrue(JavaRuntime.jvmOptions(1024).contains("-Xmx890m"));
    }

    @Test
    void theRuntimeClientRunsTheHandlerWithItsNativeLibraryUnpackedOnce(@TempDir Path dir) {
        var runtime = JavaRuntime.onThisClassPath("java", dir);

        List<String> command = runtime.command(FUNCTION);

        assertEquals(List.of(JavaRuntime.MAIN, "pkg.Handler::handleRequest"), command.subList(command.size() - 2,
                command.size()));
        assertTrue(command.contains("-D" + JavaRuntime.NATIVE_CLIENT_PROPERTY + "=" + runtime.nativeClient()));
        assertTrue(Files.isRegularFile(runtime.nativeClient()));
        assertTrue(runtime.nativeClient().startsWith(dir), "not the runtime client's shared /tmp file");
        assertTrue(runtime.runtimeJars().stream().anyMatch(j -> j.toString().contains("runtime-interface-client")));
    }

    @Test
    void theEnvironmentIsLambdasTheFunctionsAndTheLocalEndpointNotThisProcesss() {
        Map<String, String> env = JavaRuntime.environment(FUNCTION, "us-east-1", "http://127.0.0.1:5000",
                Path.of("/task"), "127.0.0.1:4000");

        assertEquals("http://127.0.0.1:5000", env.get("AWS_ENDPOINT_URL"));
        assertEquals("http://127.0.0.1:9", env.get("AWS_ENDPOINT_URL_SFN"), "the function's own setting is kept");
        assertEquals("{}", env.get("STOCK"));
        assertEquals("127.0.0.1:4000", env.get("AWS_LAMBDA_RUNTIME_API"));
        assertEquals("pkg.Handler::handleRequest", env.get("_HANDLER"));
        assertEquals("AWS_Lambda_java21", env.get("AWS_EXECUTION_ENV"));
        assertEquals("us-east-1", env.get("AWS_REGION"));
        assertEquals("512", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals(JavaRuntime.ACCESS_KEY, env.get("AWS_ACCESS_KEY_ID"));
        assertFalse(env.containsKey("AWS_PROFILE"));
        assertFalse(env.containsKey("HOME"), "only PATH comes from this process");
    }
}
