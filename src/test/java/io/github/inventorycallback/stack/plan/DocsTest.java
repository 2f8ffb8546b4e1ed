package io.github.inventorycallback.stack.plan;

import io.github.inventorycallback.stack.StackConfig;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tables of README.md and docs/ say what the code does: they are read here and compared with it. */
class DocsTest {
    private static final Pattern ACTION = Pattern.compile("^(?:([a-z0-9-]+):)?([A-Z][A-Za-z]+)$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @TempDir
    Path dir;

    /** Plans the stack of this config into a folder of its own and returns that folder. */
    private Path plan(String name, String config) throws IOException {
        Path stackFile = dir.resolve("Pulumi." + name + ".yaml");
        Files.writeString(stackFile, config);
        Path out = dir.resolve(name);
        var ignored = new PrintStream(new ByteArrayOutputStream());
        assertEquals(0, Plan.run(name, stackFile, out, "111122223333", null, ignored, ignored));
        return out;
    }

    /** The rows of the first Markdown table after {@code heading} in {@code file}, header and rule left out. */
    static List<List<String>> table(Path file, String heading) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf("\n" + heading + "\n");
        assertTrue(at >= 0, file + " has no heading " + heading);
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : text.substring(at + heading.length() + 2).split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
                    cells.add(cell.trim());
                }
                rows.add(cells);
            } else if (inTable) {
                break;
            }
        }
        return rows.subList(2, rows.size());
    }

    /**
     * The actions a table's cell names: {@code `sqs:SendMessage`}, and after it {@code `GetQueueAttributes`} of the
     * same service, as the tables abbreviate them.
     */
    static Set<String> actions(String cell, String service) {
        Set<String> actions = new TreeSet<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            Matcher action = ACTION.matcher(code.group(1));
            if (action.matches()) {
                service = action.group(1) == null ? service : action.group(1);
                if (service != null) {
                    actions.add(service + ":" + action.group(2));
                }
            }
        }
        return actions;
    }

    /** Every Allow action of every role and policy the plan wrote to {@code iam/}. */
    private static Set<String> plannedActions(Path plan) throws IOException {
        Set<String> actions = new TreeSet<>();
        try (var files = Files.list(plan.resolve("iam"))) {
            for (Path file : files.toList()) {
                JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                List<JsonElement> documents = new ArrayList<>();
                if (json.has("policies")) {
                    json.getAsJsonObject("policies").entrySet().forEach(e -> documents.add(e.getValue()));
                } else if (!file.getFileName().toString().equals("key-policy.json")) {
                    documents.add(json);
                }
                for (JsonElement document : documents) {
                    for (JsonElement statement : document.getAsJsonObject().getAsJsonArray("Statement")) {
                        var object = statement.getAsJsonObject();
                        if (object.get("Effect").getAsString().equals("Allow")) {
                            var action = object.get("Action");
                            if (action.isJsonArray()) {
                                action.getAsJsonArray().forEach(a -> actions.add(a.getAsString()));
                            } else {
                                actions.add(action.getAsString());
                            }
                        }
                    }
                }
            }
        }
        return actions;
    }

    @Test
    void theRolesTableGrantsExactlyWhatTheRolesAndTheOperatorPolicyAreGranted() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (var row : table(Path.of("docs/security.md"), "## Who may do what")) {
            documented.addAll(actions(row.get(1), null));
        }
        // The table covers the dev stack and what snapStart adds (the operator's Lambda actions).
        Set<String> planned = plannedActions(plan("dev", Files.readString(Path.of("Pulumi.dev.yaml"))));
        planned.addAll(plannedActions(plan("snap", "config:\n  aws:region: us-east-1\n"
                + "  inventory-callback:snapStart: true\n")));
        planned.removeIf(action -> action.startsWith("kms:"));
        assertEquals(planned, documented);
    }

    @Test
    void theKeyTableGrantsExactlyTheKeyUseTheRegulatedStackGrants() throws IOException {
        Set<String> documented = new TreeSet<>();
        // The second table of the section: who | kms: actions | condition.
        String text = Files.readString(Path.of("docs/security.md"));
        String keyTable = text.substring(text.indexOf("| who | `kms:` actions | condition |"));
        for (String line : keyTable.split("\n")) {
            if (!line.startsWith("|")) {
                break;
            }
            documented.addAll(actions(line.split("\\|")[2], "kms"));
        }
        Set<String> planned = plannedActions(plan("regulated", Files.readString(Path.of("Pulumi.regulated.yaml"))));
        planned.removeIf(action -> !action.startsWith("kms:"));
        assertFalse(documented.isEmpty());
        assertEquals(planned, documented);
    }

    @Test
    void theConfigurationTableListsEverySettingWithItsDefault() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (var row : table(Path.of("README.md"), "## Configuration")) {
            documented.put(row.get(0).replace("`", ""), row.get(1));
        }
        Set<String> keys = StackConfig.settings().stream().map(StackConfig.Setting::key)
                .collect(Collectors.toCollection(TreeSet::new));
        keys.addAll(Set.of("aws:region", "aws:defaultTags"));
        assertEquals(keys, new TreeSet<>(documented.keySet()));
        for (var setting : StackConfig.settings()) {
            Object value = setting.defaultValue();
            String cell = documented.get(setting.key()).replace("`", "");
            if (setting.derived() || setting.type().equals("object")) {
                continue;
            }
            String expected = value instanceof List<?> list && list.isEmpty() || "".equals(value) ? "none"
                    : String.valueOf(value);
            assertTrue(cell.startsWith(expected), setting.key() + ": the table says " + cell + ", the code "
                    + expected);
        }
    }

    @Test
    void theOutputsTableListsEveryStackOutput() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (var row : table(Path.of("README.md"), "## Outputs")) {
            Matcher code = CODE.matcher(row.get(0));
            while (code.find()) {
                documented.add(code.group(1));
            }
        }
        Path plan = plan("dev", Files.readString(Path.of("Pulumi.dev.yaml")));
        var outputs = JsonParser.parseString(Files.readString(plan.resolve("plan.json"))).getAsJsonObject()
                .getAsJsonObject("outputs").keySet();
        assertEquals(new TreeSet<>(outputs), documented);
    }

    @Test
    void theReadmesPictureNamesOnlyWhatTheStackDeploysAndItsStates() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```mermaid");
        String picture = readme.substring(start, readme.indexOf("```", start + 3));
        Path plan = plan("dev", Files.readString(Path.of("Pulumi.dev.yaml")));
        String planned = Files.readString(plan.resolve("plan.json"))
                + Files.readString(plan.resolve("state-machine.asl.json"));
        Matcher node = Pattern.compile("\\w+\\[\"([A-Za-z-]+)\"]|\\w+\\(\\[\"([A-Za-z ]+)\"]\\)").matcher(picture);
        int named = 0;
        while (node.find()) {
            String name = node.group(1) != null ? node.group(1) : node.group(2);
            named++;
            assertTrue(planned.contains("\"" + name + "\""), name + " is in the README's picture, not in the stack");
        }
        assertEquals(6, named, picture);
    }
}
