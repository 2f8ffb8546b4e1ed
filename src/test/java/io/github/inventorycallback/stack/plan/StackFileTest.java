package io.github.inventorycallback.stack.plan;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stack files as people have them: as committed, and as `pulumi stack init` rewrites them in their checkout. */
class StackFileTest {
    /** Pulumi.dev.yaml after `pulumi stack init dev` with Pulumi CLI 3.277.0, byte for byte. */
    private static final Path REWRITTEN = Path.of("src/test/resources/stack-files/Pulumi.dev.after-stack-init.yaml");

    @Test
    void theCliRewrittenStackFileReadsAsTheCommittedOne() throws IOException {
        String rewritten = Files.readString(REWRITTEN);
        // What the CLI changed: a salt, and numbers and booleans as quoted strings.
        assertTrue(rewritten.contains("\nencryptionsalt: v1:"), rewritten);
        assertTrue(rewritten.contains("inventory-callback:functionMemoryMb: \"512\""), rewritten);
        assertTrue(rewritten.contains("inventory-callback:tracing: \"true\""), rewritten);

        assertEquals(StackFile.config(Path.of("Pulumi.dev.yaml")), StackFile.config(REWRITTEN), "after a change to"
                + " Pulumi.dev.yaml, copy it here as `pulumi stack init dev` leaves it (tools/pulumi/build.sh builds the CLI)");
    }
}
