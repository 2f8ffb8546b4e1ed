package io.github.inventorycallback.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The function jar as `pulumi up` builds it: the language host runs `mvn compile` several times per deploy, each
 * packaging lambda/ again without `clean`. Pulumi compares the archive's bytes, so an unchanged function must
 * come out byte for byte the same however many builds ran before, or every deploy would update it.
 */
class FunctionJarTest {
    private static final Path JAR = Path.of(App.FUNCTION_JAR);

    @Test
    void rebuildingWithoutCleanGivesTheSameBytes() throws Exception {
        String built = sha256(JAR);
        for (int build = 1; build <= 2; build++) {
            packageFunction();
            assertEquals(built, sha256(JAR), "build " + build + " after the first changed the jar's bytes");
        }
    }

    /** What the pom's package-function step runs before every compile. */
    private static void packageFunction() throws IOException, InterruptedException {
        Process maven = new ProcessBuilder(List.of("mvn", "-B", "-q", "-f", "lambda/pom.xml", "-DskipTests",
                "package")).redirectErrorStream(true).start();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, maven.waitFor(), output);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
