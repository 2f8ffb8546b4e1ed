package io.github.inventorycallback.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The deployment package unzipped, as Lambda unzips it into {@code /var/task}: the function JVMs' working directory. */
final class TaskRoot {
    private TaskRoot() {
    }

    /** Unzips the jar into {@code dir}, replacing what an earlier run left there. */
    static Path unzip(Path jar, Path dir) {
        try {
            delete(dir);
            Path partial = Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".partial"));
            delete(partial);
            Files.createDirectories(partial);
            try (var zip = new ZipFile(jar.toFile())) {
                for (ZipEntry entry : zip.stream().toList()) {
                    Path target = partial.resolve(entry.getName()).normalize();
                    if (!target.startsWith(partial)) {
                        throw new IllegalArgumentException(jar + " holds an entry outside its root: " + entry.getName());
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + jar + " into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
