package io.github.inventorycallback.stack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packages depend on each other one way only, as README "Layout" draws them: a package uses the ones below it,
 * never one above it, so there is no cycle. Read from the sources: imports and fully qualified names, not strings.
 */
class PackageLayoutTest {
    private static final String ROOT = "io.github.inventorycallback.";
    private static final Pattern REFERENCE = Pattern.compile("io\\.github\\.inventorycallback\\.([a-z.]+)\\.[A-Z]");

    /** Each package of ours, without the common root, and the packages of ours it uses. */
    private static Map<String, Set<String>> dependencies(Path sources) {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher declared = Pattern.compile("^package " + Pattern.quote(ROOT) + "([a-z.]+);", Pattern.MULTILINE)
                        .matcher(text);
                if (!declared.find()) {
                    throw new AssertionError(file + " is outside " + ROOT);
                }
                String own = declared.group(1);
                Set<String> used = uses.computeIfAbsent(own, k -> new TreeSet<>());
                // A string is not a dependency: the contract names the handler's class as Lambda's setting.
                String code = text.substring(declared.end()).replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
                Matcher reference = REFERENCE.matcher(code);
                while (reference.find()) {
                    if (!reference.group(1).equals(own)) {
                        used.add(reference.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    @Test
    void theFunctionsRoomsDependDownwardOnly() {
        assertEquals(Map.of(
                "function", Set.of("contract", "function.batch", "function.callback", "function.log",
                        "function.order", "function.snapstart"),
                "function.snapstart", Set.of("contract", "function.batch", "function.callback", "function.log",
                        "function.order"),
                "function.batch", Set.of("contract", "function.callback", "function.log", "function.order"),
                "function.callback", Set.of("contract"),
                "function.log", Set.of("contract"),
                "function.order", Set.of("contract")),
                dependencies(Path.of("lambda/src/main/java")));
    }

    @Test
    void theProgramsPackagesDependDownwardOnly() {
        // plan runs the program (App) offline; the program never uses plan, and ./orders (run) only the contract.
        assertEquals(Map.of(
                "stack", Set.of("contract"),
                "stack.plan", Set.of("stack"),
                "stack.run", Set.of("contract")),
                dependencies(Path.of("src/main/java")));
    }

    @Test
    void theContractDependsOnNothingOfOurs() {
        assertEquals(Map.of("contract", Set.of()), dependencies(Path.of("contract/src/main/java")));
    }
}
