package io.github.inventorycallback.stack.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The stack's outputs, as the Pulumi CLI gives them: what names the resources when no option does. */
final class PulumiStackOutput implements RunOrders.StackOutputs {
    static final String PASSPHRASE = "PULUMI_CONFIG_PASSPHRASE";
    static final String PASSPHRASE_FILE = "PULUMI_CONFIG_PASSPHRASE_FILE";

    /** The option that gives each output on the command line, so a command need not ask the Pulumi CLI. */
    static final Map<String, String> OPTIONS = Map.of(
            "stateMachineArn", "--state-machine ARN",
            "deadLetterQueueUrl", "--dead-letter-queue URL",
            "deadLetterQueueArn", "--dead-letter-queue-arn ARN",
            "queueArn", "--queue-arn ARN",
            "functionArn", "--function ARN");

    /**
     * The CLI's words (lower case) when it has no passphrase and cannot prompt: readPassphrase's in
     * pkg/secrets/passphrase/manager.go, and the older ones of pulumi/pulumi#6893 (CLI 3.2).
     */
    static final List<String> NO_PASSPHRASE = List.of("passphrase must be set with pulumi_config_passphrase",
            "unable to find either `pulumi_config_passphrase`");
    /** The CLI's words when PULUMI_CONFIG_PASSPHRASE_FILE names a file it cannot read (readPassphrase). */
    static final List<String> UNREADABLE_FILE = List.of("unable to read pulumi_config_passphrase_file",
            "unable to construct a path the pulumi_config_passphrase_file");
    /**
     * The CLI's words when the passphrase is not the stack's: ErrIncorrectPassphrase, and what the locked manager says
     * when it is asked to decrypt ("failed to decrypt: incorrect passphrase, please set PULUMI_CONFIG_PASSPHRASE to
     * the correct passphrase ...").
     */
    static final String WRONG_PASSPHRASE = "incorrect passphrase";

    private final String pulumi;
    private final Path directory;
    private final Map<String, String> environment;

    /**
     * @param pulumi      the Pulumi CLI to run
     * @param directory   the directory with Pulumi.yaml, where it must run
     * @param environment its whole environment: what the messages below describe is what it saw
     */
    PulumiStackOutput(String pulumi, Path directory, Map<String, String> environment) {
        this.pulumi = pulumi;
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    /** The {@code pulumi} on the PATH, in the project directory ({@code -Dorders.project}, set by {@code ./orders}). */
    static PulumiStackOutput cli() {
        return new PulumiStackOutput("pulumi", Path.of(System.getProperty("orders.project", "")), System.getenv());
    }

    /**
     * {@code pulumi stack output NAME}. The value is its standard output alone: what Pulumi writes on standard error
     * (an update notice, a warning) never becomes part of an ARN.
     */
    @Override
    public String get(String stack, String name) {
        return run(stack, name, List.of("stack", "output", name));
    }

    /** The stack's endpoints, from {@code pulumi config --json}: see {@link StackEndpoints}. */
    @Override
    public StackEndpoints endpoints(String stack) {
        return StackEndpoints.parse(run(stack, "the stack's config", List.of("config", "--json")));
    }

    /** Runs {@code pulumi ARGS [--stack STACK]} in the project directory; its standard output, trimmed. */
    private String run(String stack, String name, List<String> args) {
        List<String> command = new ArrayList<>(List.of(pulumi));
        command.addAll(args);
        if (stack != null) {
            command.addAll(List.of("--stack", stack));
        }
        String shown = "pulumi " + String.join(" ", command.subList(1, command.size()));
        try {
            Path errors = Files.createTempFile("pulumi-stack-output", ".txt");
            try {
                var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectError(errors.toFile());
                builder.environment().clear();
                builder.environment().putAll(environment);
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes()).trim();
                if (process.waitFor() != 0 || output.isEmpty()) {
                    throw new IllegalArgumentException(failure(stack, name, shown, Files.readString(errors).trim(),
                            environment));
                }
                return output;
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("could not run `pulumi` (" + e.getMessage() + "); give " + name
                    + " on the command line instead: " + option(name) + " (see --help)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while running pulumi");
        }
    }

    /**
     * What to tell the operator when {@code pulumi stack output} failed. A stack with a passphrase makes the CLI ask
     * for it even to read outputs that are not secret (pulumi/pulumi#21141, fixed by pulumi/pulumi#23820), and run by
     * a program it cannot prompt: it fails with one of the texts in {@link #NO_PASSPHRASE}, {@link #UNREADABLE_FILE}
     * or {@link #WRONG_PASSPHRASE}, and the message says which variable to set and how. Every other failure is shown
     * in the CLI's own words.
     */
    static String failure(String stack, String name, String command, String stderr, Map<String, String> environment) {
        String which = stack == null ? "the selected stack" : "stack " + stack;
        String needs = "could not read " + name + ": `" + command + "` needs the passphrase of " + which + ", and ";
        String export = "\n  export " + PASSPHRASE + "='...'";
        String exportFile = "\n  export " + PASSPHRASE_FILE + "=/path/to/a/file/holding/it";
        String ending = "\nor give " + name + " on the command line instead: " + option(name)
                + "\npulumi said: " + stderr;
        String said = stderr.toLowerCase(Locale.ROOT);
        String passphrase = environment.get(PASSPHRASE);
        // The CLI reads the file only when the variable is not set, and ignores an empty file name.
        String file = environment.getOrDefault(PASSPHRASE_FILE, "");
        if (said.contains(WRONG_PASSPHRASE)) {
            String given = passphrase != null
                    ? PASSPHRASE + " is set" + (passphrase.isEmpty() ? " (to nothing)" : "")
                            + (file.isEmpty() ? "" : " (the CLI takes it over " + PASSPHRASE_FILE + ")")
                    : !file.isEmpty() ? "the file " + PASSPHRASE_FILE + " names (" + file + ") holds a passphrase"
                    : "it was given a passphrase";
            return needs + given + ", but not the one the stack was created with. Set that one, as for `pulumi up`:"
                    + export + (passphrase == null && !file.isEmpty() ? "\nor put it in " + file : "") + ending;
        }
        if (UNREADABLE_FILE.stream().anyMatch(said::contains)) {
            return needs + PASSPHRASE_FILE + " names a file it cannot read (" + file + "). Name a readable file that"
                    + " holds the passphrase the stack was created with:" + exportFile
                    + "\nor set the passphrase itself:" + export + ending;
        }
        if (NO_PASSPHRASE.stream().anyMatch(said::contains)) {
            return needs + "neither " + PASSPHRASE + " nor " + PASSPHRASE_FILE + " is set. Pulumi CLIs ask for it even"
                    + " to read outputs that are not secret (pulumi/pulumi#21141), and cannot ask when ./orders runs"
                    + " them. Set the passphrase the stack was created with, as for `pulumi up`:" + export
                    + "\nor write it to a file and name that file:" + exportFile + ending;
        }
        return "could not read " + name + " from `" + command + "`: " + stderr
                + "\nname the stack with --stack, or give " + name + " on the command line: " + option(name)
                + " (see --help)";
    }

    /** The option that gives the output on the command line, or a pointer to them all. */
    static String option(String name) {
        return OPTIONS.getOrDefault(name, "the options in --help");
    }
}
