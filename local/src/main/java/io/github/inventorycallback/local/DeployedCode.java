package io.github.inventorycallback.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Proves the local jar is the code Lambda holds before anything runs it. Lambda reports the deployment package's
 * SHA-256 ({@code CodeSha256}). A jar uploaded as it is has that hash. Pulumi uploads a {@code FileArchive} of a
 * {@code .jar} differently: it reads the jar as an archive and writes a new zip of its entries (pulumi/pulumi
 * {@code sdk/go/common/resource/archive}: a JAR source is not the ZIP format asked for, so {@code archiveZIP}
 * re-compresses every file), so the hashes differ although the code is the same. Then the package itself, which the
 * bridge leaves in the temporary directory as {@code pulumi-asset-HASH}, is found by its hash and compared with the
 * jar entry by entry.
 */
final class DeployedCode {
    private DeployedCode() {
    }

    /** How the jar was shown to be the deployed code. */
    record Verified(String how) {
    }

    static Verified verify(Path jar, String codeSha256, long codeSize, List<Path> packages) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("--jar " + jar + ": no such file (build it with"
                    + " `./mvnw -f lambda/pom.xml package -DskipTests`, or name the jar that was deployed)");
        }
        String jarHash = sha256(jar);
        if (jarHash.equals(codeSha256)) {
            return new Verified("SHA-256 " + jarHash + " equals the function's CodeSha256");
        }
        Optional<Path> uploaded = packages.stream().filter(Files::isRegularFile)
                .filter(p -> size(p) == codeSize).filter(p -> sha256(p).equals(codeSha256)).findFirst();
        if (uploaded.isEmpty()) {
            throw new IllegalArgumentException("--jar " + jar + " is not the deployed code: its SHA-256 is " + jarHash
                    + ", the function's CodeSha256 is " + codeSha256 + ", and no package with that hash was found"
                    + " among " + packages.size() + " candidates (Pulumi re-zips a jar before uploading it: name the"
                    + " uploaded package with --deployed-package). Deploy this jar (`pulumi up`), or run the jar"
                    + " that was deployed.");
        }
        List<String> differences = differences(jar, uploaded.get());
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("--jar " + jar + " is not the deployed code: the package Lambda holds ("
                    + uploaded.get() + ", CodeSha256 " + codeSha256 + ") differs in " + differences.size()
                    + " entries, e.g. " + String.join(", ", differences.subList(0, Math.min(5, differences.size())))
                    + ". Deploy this jar (`pulumi up`), or run the jar that was deployed.");
        }
        return new Verified("the package Lambda holds (" + uploaded.get().getFileName() + ", CodeSha256 " + codeSha256
                + ") has the jar's entries, byte for byte");
    }

    /**
     * Pulumi's uploaded archives where the bridge writes them: Go's temporary directory ({@code $TMPDIR}, else
     * {@code /tmp}), which Java's {@code java.io.tmpdir} does not follow; both are searched.
     */
    static List<Path> pulumiAssets() {
        var directories = new java.util.LinkedHashSet<Path>();
        String tmpdir = System.getenv("TMPDIR");
        if (tmpdir != null && !tmpdir.isBlank()) {
            directories.add(Path.of(tmpdir));
        }
        directories.add(Path.of(System.getProperty("java.io.tmpdir")));
        return directories.stream().flatMap(d -> pulumiAssets(d).stream()).toList();
    }

    /** Pulumi's uploaded archives in a directory: {@code pulumi-asset-*}. */
    static List<Path> pulumiAssets(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith("pulumi-asset-")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The names of the file entries that are missing on one side or differ in content. */
    static List<String> differences(Path a, Path b) {
        Map<String, byte[]> left = entries(a);
        Map<String, byte[]> right = entries(b);
        List<String> differ = new ArrayList<>();
        for (String name : new java.util.TreeSet<>(union(left, right))) {
            if (!Arrays.equals(left.get(name), right.get(name))) {
                differ.add(name);
            }
        }
        return differ;
    }

    private static java.util.Set<String> union(Map<String, byte[]> a, Map<String, byte[]> b) {
        var names = new java.util.HashSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }

    /** File entries only: an archive rewritten from files carries no directory entries. */
    private static Map<String, byte[]> entries(Path archive) {
        Map<String, byte[]> entries = new TreeMap<>();
        try (var zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(archive + " is not a zip archive: " + e.getMessage());
        }
        return entries;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
