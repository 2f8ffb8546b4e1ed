package io.github.inventorycallback.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jar runs only when it is the code Lambda holds, uploaded as it is or re-zipped by Pulumi. */
class DeployedCodeTest {
    @TempDir
    Path dir;

    /** A zip of these entries; {@code level} and a directory entry change its bytes, not its contents. */
    private Path zip(String name, Map<String, String> entries, int level, boolean withDirectory) throws IOException {
        Path file = dir.resolve(name);
        try (var out = new ZipOutputStream(Files.newOutputStream(file))) {
            out.setLevel(level);
            if (withDirectory) {
                out.putNextEntry(new ZipEntry("io/"));
                out.closeEntry();
            }
            for (var entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    private static final Map<String, String> CODE = Map.of("io/Handler.class", "handler", "META-INF/MANIFEST.MF", "m");

    @Test
    void aJarUploadedAsItIsHasTheFunctionsCodeSha256() throws IOException {
        Path jar = zip("function.jar", CODE, 9, true);

        var verified = DeployedCode.verify(jar, DeployedCode.sha256(jar), Files.size(jar), List.of());

        assertTrue(verified.how().contains("equals the function's CodeSha256"), verified.how());
    }

    @Test
    void aJarPulumiReZippedIsFoundByTheUploadedPackagesHashAndComparedEntryByEntry() throws IOException {
        Path jar = zip("function.jar", CODE, 9, true);
        Path uploaded = zip("pulumi-asset-0a1b", CODE, 1, false);
        Path other = zip("pulumi-asset-ffff", Map.of("x", "y"), 1, false);

        var verified = DeployedCode.verify(jar, DeployedCode.sha256(uploaded), Files.size(uploaded),
                DeployedCode.pulumiAssets(dir));

        assertTrue(verified.how().contains("pulumi-asset-0a1b"), verified.how());
        assertTrue(Files.exists(other));
    }

    @Test
    void anUploadedPackageWithOtherContentsIsRefusedNamingTheEntry() throws IOException {
        Path jar = zip("function.jar", CODE, 9, true);
        Path uploaded = zip("pulumi-asset-0a1b", Map.of("io/Handler.class", "older", "META-INF/MANIFEST.MF", "m"),
                1, false);

        var refused = assertThrows(IllegalArgumentException.class, () -> DeployedCode.verify(jar,
                DeployedCode.sha256(uploaded), Files.size(uploaded), List.of(uploaded)));

        assertTrue(refused.getMessage().contains("differs in 1 entries, e.g. io/Handler.class"), refused.getMessage());
    }

    @Test
    void aJarThatIsNotTheDeployedCodeIsRefusedWithBothHashes() throws IOException {
        Path jar = zip("function.jar", CODE, 9, true);

        var refused = assertThrows(IllegalArgumentException.class,
                () -> DeployedCode.verify(jar, "AAAA", 10, List.of()));

        assertTrue(refused.getMessage().contains("its SHA-256 is " + DeployedCode.sha256(jar)), refused.getMessage());
        assertTrue(refused.getMessage().contains("the function's CodeSha256 is AAAA"), refused.getMessage());
    }

    @Test
    void aMissingJarIsNamed() {
        Path jar = dir.resolve("nothing.jar");

        var refused = assertThrows(IllegalArgumentException.class, () -> DeployedCode.verify(jar, "A", 1, List.of()));

        assertEquals("--jar " + jar + ": no such file (build it with `./mvnw -f lambda/pom.xml package -DskipTests`,"
                + " or name the jar that was deployed)", refused.getMessage());
    }
}
