package io.github.inventorycallback.stack.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack's outputs through the Pulumi CLI, and what `./orders` says when the CLI cannot give them: above all when
 * it needs the stack's passphrase, which CLIs before pulumi/pulumi#23820 ask for even for outputs that are not secret.
 */
class PulumiStackOutputTest {
    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:dev-InventoryStateMachine";

    /**
     * A stand-in for such a CLI, with the passphrase {@code s3cret}: it reads the passphrase as pulumi does (the
     * variable first, else the file it names), and fails in the words of pkg/secrets/passphrase/manager.go.
     */
    private static final String FAKE_PULUMI = """
            #!/bin/sh
            here="$(dirname "$0")"
            printf '%s\\n' "$*" > "$here/args"
            pwd > "$here/cwd"
            echo "warning: A new version of Pulumi is available." >&2
            if [ -n "${PULUMI_CONFIG_PASSPHRASE+set}" ]; then
                phrase="$PULUMI_CONFIG_PASSPHRASE"
            elif [ -n "$PULUMI_CONFIG_PASSPHRASE_FILE" ]; then
                if ! phrase="$(cat "$PULUMI_CONFIG_PASSPHRASE_FILE" 2>/dev/null)"; then
                    echo "error: constructing secrets manager of type \\"passphrase\\": constructing secrets manager:\
             unable to read PULUMI_CONFIG_PASSPHRASE_FILE: open $PULUMI_CONFIG_PASSPHRASE_FILE: no such file or\
             directory" >&2
                    exit 255
                fi
            else
                echo "error: constructing secrets manager of type \\"passphrase\\": constructing secrets manager:\
             passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment\
             variables" >&2
                exit 255
            fi
            if [ "$phrase" != s3cret ]; then
                echo "error: could not deserialize deployment: decrypting secret value: failed to decrypt: incorrect\
             passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase or set\
             PULUMI_CONFIG_PASSPHRASE_FILE to a file containing the passphrase" >&2
                exit 255
            fi
            if [ "$1" = config ]; then cat "$here/config.json"; exit 0; fi
            case "$3" in
                stateMachineArn) echo "THE_ARN" ;;
                *) echo "error: current stack does not have output property '$3'" >&2; exit 255 ;;
            esac
            """.replace("THE_ARN", ARN);

    @TempDir
    Path dir;

    /** The fake CLI, and the project directory it runs in. */
    private Path pulumi() throws IOException {
        Path cli = dir.resolve("bin/pulumi");
        Files.createDirectories(cli.getParent());
        Files.createDirectories(dir.resolve("project"));
        Files.writeString(cli, FAKE_PULUMI);
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
        return cli;
    }

    /** The environment the CLI runs with: the test's PATH, and these variables. */
    private static Map<String, String> environment(String... variables) {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", System.getenv("PATH")));
        for (int i = 0; i < variables.length; i += 2) {
            environment.put(variables[i], variables[i + 1]);
        }
        return environment;
    }

    private PulumiStackOutput outputs(Map<String, String> environment) throws IOException {
        return new PulumiStackOutput(pulumi().toString(), dir.resolve("project"), environment);
    }

    private String refusal(Map<String, String> environment, String stack, String name) throws IOException {
        var outputs = outputs(environment);
        return assertThrows(IllegalArgumentException.class, () -> outputs.get(stack, name)).getMessage();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake pulumi is a shell script, as ./orders is")
    void theValueIsTheStandardOutputOfPulumiRunInTheProject() throws IOException {
        var outputs = outputs(environment("PULUMI_CONFIG_PASSPHRASE", "s3cret"));

        assertEquals(ARN, outputs.get("dev", "stateMachineArn"));
        assertEquals("stack output stateMachineArn --stack dev", Files.readString(dir.resolve("bin/args")).trim());
        assertEquals(dir.resolve("project").toRealPath().toString(), Files.readString(dir.resolve("bin/cwd")).trim());
        assertEquals(ARN, outputs.get(null, "stateMachineArn"));
        assertEquals("stack output stateMachineArn", Files.readString(dir.resolve("bin/args")).trim());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake pulumi is a shell script, as ./orders is")
    void theStacksEndpointsComeFromItsConfigAsTheCliPrintsIt() throws IOException {
        var outputs = outputs(environment("PULUMI_CONFIG_PASSPHRASE", "s3cret"));
        Files.writeString(dir.resolve("bin/config.json"), StackEndpointsTest.LOCAL_CONFIG);

        StackEndpoints endpoints = outputs.endpoints("local");

        assertEquals("config --json --stack local", Files.readString(dir.resolve("bin/args")).trim());
        assertEquals("http://127.0.0.1:5000", endpoints.endpoints().get("sfn"));
        assertEquals("us-east-1", endpoints.region());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake pulumi is a shell script, as ./orders is")
    void withoutAPassphraseItSaysWhichVariableToSetAndHow() throws IOException {
        String message = refusal(environment(), "dev", "stateMachineArn");

        assertEquals(List.of(
                "could not read stateMachineArn: `pulumi stack output stateMachineArn --stack dev` needs the passphrase"
                        + " of stack dev, and neither PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is"
                        + " set. Pulumi CLIs ask for it even to read outputs that are not secret (pulumi/pulumi#21141),"
                        + " and cannot ask when ./orders runs them. Set the passphrase the stack was created with, as"
                        + " for `pulumi up`:",
                "  export PULUMI_CONFIG_PASSPHRASE='...'",
                "or write it to a file and name that file:",
                "  export PULUMI_CONFIG_PASSPHRASE_FILE=/path/to/a/file/holding/it",
                "or give stateMachineArn on the command line instead: --state-machine ARN",
                "pulumi said: warning: A new version of Pulumi is available.",
                "error: constructing secrets manager of type \"passphrase\": constructing secrets manager: passphrase"
                        + " must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment"
                        + " variables"), message.lines().toList());
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake pulumi is a shell script, as ./orders is")
    void aWrongPassphraseIsToldApartFromNone() throws IOException {
        String message = refusal(environment("PULUMI_CONFIG_PASSPHRASE", "guess"), null, "stateMachineArn");

        assertTrue(message.startsWith("could not read stateMachineArn: `pulumi stack output stateMachineArn` needs the"
                + " passphrase of the selected stack, and PULUMI_CONFIG_PASSPHRASE is set, but not the one the stack"
                + " was created with. Set that one, as for `pulumi up`:\n  export PULUMI_CONFIG_PASSPHRASE='...'\n"),
                message);
        assertTrue(message.contains("failed to decrypt: incorrect passphrase"), message);
        assertFalse(message.contains("neither"), message);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake pulumi is a shell script, as ./orders is")
    void thePassphraseFileIsReadByPulumiAndNamedWhenItIsWrongOrMissing() throws IOException {
        Path file = Files.writeString(dir.resolve("passphrase"), "s3cret\n");
        assertEquals(ARN, outputs(environment("PULUMI_CONFIG_PASSPHRASE_FILE", file.toString()))
                .get("dev", "stateMachineArn"));

        Files.writeString(file, "guess\n");
        String wrong = refusal(environment("PULUMI_CONFIG_PASSPHRASE_FILE", file.toString()), "dev", "stateMachineArn");
        assertTrue(wrong.contains("and the file PULUMI_CONFIG_PASSPHRASE_FILE names (" + file + ") holds a passphrase,"
                + " but not the one the stack was created with."), wrong);
        assertTrue(wrong.contains("\nor put it in " + file + "\n"), wrong);

        Path missing = dir.resolve("no-such-file");
        String unreadable = refusal(environment("PULUMI_CONFIG_PASSPHRASE_FILE", missing.toString()), "dev",
                "stateMachineArn");
        assertTrue(unreadable.contains("and PULUMI_CONFIG_PASSPHRASE_FILE names a file it cannot read (" + missing
                + ")."), unreadable);
        assertTrue(unreadable.contains("unable to read PULUMI_CONFIG_PASSPHRASE_FILE: open " + missing), unreadable);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the fake pulumi is a shell script, as ./orders is")
    void anyOtherFailureIsShownInPulumisWordsWithTheOptionThatAvoidsIt() throws IOException {
        String message = refusal(environment("PULUMI_CONFIG_PASSPHRASE", "s3cret"), null, "queueArn");

        assertEquals("could not read queueArn from `pulumi stack output queueArn`: warning: A new version of Pulumi is"
                + " available.\nerror: current stack does not have output property 'queueArn'\nname the stack with"
                + " --stack, or give queueArn on the command line: --queue-arn ARN (see --help)", message);
    }

    @Test
    void withoutPulumiItNamesTheOptionThatAvoidsIt() {
        var outputs = new PulumiStackOutput(dir.resolve("no-pulumi-here").toString(), dir, environment());

        String message = assertThrows(IllegalArgumentException.class, () -> outputs.get(null, "functionArn"))
                .getMessage();
        assertTrue(message.startsWith("could not run `pulumi` ("), message);
        assertTrue(message.endsWith("; give functionArn on the command line instead: --function ARN (see --help)"),
                message);
    }

    @Test
    void everyWordingOfNoPassphraseIsRecognised() {
        for (String said : List.of(
                "error: constructing secrets manager of type \"passphrase\": constructing secrets manager: passphrase"
                        + " must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment"
                        + " variables",
                "error: getting secrets manager: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or"
                        + " PULUMI_CONFIG_PASSPHRASE_FILE environment variables",
                "error: constructing secrets manager of type \"passphrase\": unable to find either"
                        + " `PULUMI_CONFIG_PASSPHRASE` or `PULUMI_CONFIG_PASSPHRASE_FILE` when trying to access the"
                        + " Passphrase Secrets Provider; please ensure one of these environment variables is set to"
                        + " allow the operation to continue")) {
            String message = PulumiStackOutput.failure("dev", "deadLetterQueueUrl", "pulumi stack output"
                    + " deadLetterQueueUrl --stack dev", said, Map.of());
            assertTrue(message.contains(", and neither PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is"
                    + " set."), said + " -> " + message);
            assertTrue(message.contains("\nor give deadLetterQueueUrl on the command line instead: --dead-letter-queue"
                    + " URL\n"), message);
            assertTrue(message.endsWith("\npulumi said: " + said), message);
        }
    }

    @Test
    void everyWordingOfAWrongPassphraseIsRecognisedAndSaysWhichPassphrasePulumiTook() {
        for (String said : List.of(
                "error: incorrect passphrase",
                "error: could not deserialize deployment: decrypting secret value: failed to decrypt: incorrect"
                        + " passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase",
                "error: could not deserialize deployment: decrypting secret value: failed to decrypt: incorrect"
                        + " passphrase, please set PULUMI_CONFIG_PASSPHRASE to the correct passphrase or set"
                        + " PULUMI_CONFIG_PASSPHRASE_FILE to a file containing the passphrase")) {
            assertTrue(wrong(said, Map.of("PULUMI_CONFIG_PASSPHRASE", "guess"))
                    .contains(", and PULUMI_CONFIG_PASSPHRASE is set, but not the one the stack was created with."),
                    said);
        }
        String said = "error: incorrect passphrase";
        assertTrue(wrong(said, Map.of("PULUMI_CONFIG_PASSPHRASE", "")).contains("PULUMI_CONFIG_PASSPHRASE is set (to"
                + " nothing), but not"));
        assertTrue(wrong(said, Map.of("PULUMI_CONFIG_PASSPHRASE", "guess", "PULUMI_CONFIG_PASSPHRASE_FILE", "/p"))
                .contains("PULUMI_CONFIG_PASSPHRASE is set (the CLI takes it over PULUMI_CONFIG_PASSPHRASE_FILE), but"
                        + " not"));
        assertTrue(wrong(said, Map.of()).contains(", and it was given a passphrase, but not the one"));
    }

    private static String wrong(String said, Map<String, String> environment) {
        String message = PulumiStackOutput.failure(null, "stateMachineArn", "pulumi stack output stateMachineArn",
                said, environment);
        assertFalse(message.contains("neither"), message);
        assertTrue(message.contains("\n  export PULUMI_CONFIG_PASSPHRASE='...'\n"), message);
        return message;
    }

    @Test
    void theOptionNamedForEachOutputIsOneTheCommandReadingItTakes() {
        var out = new ByteArrayOutputStream();
        List<String> asked = new ArrayList<>();
        var app = new RunOrders(new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true), () -> {
            throw new AssertionError("no Step Functions");
        }, () -> {
            throw new AssertionError("no SQS");
        }, () -> {
            throw new AssertionError("no Lambda");
        }, (stack, name) -> {
            asked.add(name);
            throw new IllegalArgumentException("no stack here");
        }, Duration.ofMillis(20), System::nanoTime);
        Map<List<String>, String> commands = Map.of(List.of(), "stateMachineArn", List.of("stop"), "stateMachineArn",
                List.of("dlq", "list"), "deadLetterQueueUrl", List.of("dlq", "redrive"), "deadLetterQueueArn",
                List.of("versions"), "functionArn");
        commands.forEach((command, output) -> {
            asked.clear();
            assertEquals(64, app.run(command.toArray(String[]::new)));
            assertEquals(List.of(output), asked, command.toString());

            out.reset();
            List<String> help = new ArrayList<>(command);
            help.add("--help");
            assertEquals(0, app.run(help.toArray(String[]::new)));
            String option = PulumiStackOutput.option(output).split(" ")[0];
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(option + "="), command + " takes " + option);
        });
        out.reset();
        assertEquals(0, app.run("dlq", "redrive", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(PulumiStackOutput.option("queueArn")
                .replace(" ", "=")));
    }
}
