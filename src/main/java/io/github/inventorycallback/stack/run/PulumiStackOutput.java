package io.github.inventorycallback.stack.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The stack's outputs, as the Pulumi CLI gives them: what names the resources when no option does. */
final class PulumiStackOutput {
    private PulumiStackOutput() {
    }

    /** The directory with Pulumi.yaml, where {@code pulumi stack output} must run. */
    static Path projectDirectory() {
        return Path.of(System.getProperty("orders.project", ""));
    }

    /**
     * {@code pulumi stack output NAME}, run in the project directory ({@code -Dorders.project}, set by
     * {@code ./orders}; else the working directory). The value is its standard output alone: what Pulumi writes on
     * standard error (an update notice, a warning) never becomes part of an ARN.
     */
    static String get(String stack, String name) {
        List<String> command = new ArrayList<>(List.of("pulumi", "stack", "output", name));
        if (stack != null) {
            command.addAll(List.of("--stack", stack));
        }
        try {
            Path errors = Files.createTempFile("pulumi-stack-output", ".txt");
            try {
                Process process = new ProcessBuilder(command).directory(projectDirectory().toFile())
                        .redirectError(errors.toFile()).start();
                String output = new String(process.getInputStream().readAllBytes()).trim();
                if (process.waitFor() != 0 || output.isEmpty()) {
                    throw new IllegalArgumentException("could not read " + name + " from `" + String.join(" ", command)
                            + "`: " + Files.readString(errors).trim()
                            + "\nname the stack with --stack, or the resources with options (see --help)");
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("could not run `pulumi` (" + e.getMessage()
                    + "); name the resources with options instead (see --help)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while running pulumi");
        }
    }
}
