package io.github.inventorycallback.stack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulumi.yaml and the stack files say what the program reads: every setting, its type and its default. */
class ProjectFileTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(Path.of(file)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pulumiYamlDeclaresEverySettingWithItsTypeAndDefault() throws IOException {
        var declared = (Map<String, Map<String, Object>>) yaml("Pulumi.yaml").get("config");
        Map<String, StackConfig.Setting> settings = new LinkedHashMap<>();
        StackConfig.settings().forEach(s -> settings.put(s.key(), s));
        // Not declared, each named in Pulumi.yaml's comment: the object Pulumi's project schema cannot type, and the
        // settings whose default depends on the stack or on other keys (a declared key without a default would have
        // to be set in every stack).
        String project = Files.readString(Path.of("Pulumi.yaml"));
        assertEquals("object", settings.get("stock").type());
        for (String undeclared : List.of("stock", "namePrefix", "queueVisibilityTimeoutSeconds")) {
            assertTrue(undeclared.equals("stock") || settings.get(undeclared).defaultValue() == null, undeclared);
            assertTrue(project.contains("`" + undeclared + "`"), undeclared + " is not explained in Pulumi.yaml");
            assertFalse(declared.containsKey(undeclared), undeclared);
            settings.remove(undeclared);
        }
        assertEquals(settings.keySet(), declared.keySet());
        settings.forEach((key, setting) -> {
            var declaration = declared.get(key);
            assertEquals(setting.type(), declaration.get("type"), key);
            assertEquals(setting.defaultValue(), declaration.get("default"), key);
            assertFalse(String.valueOf(declaration.get("description")).isBlank(), key);
            if (setting.type().equals("array")) {
                assertEquals(Map.of("type", "string"), declaration.get("items"), key);
            }
        });
    }

    @Test
    void pulumiYamlIsAValidProjectFile() throws IOException {
        // Pulumi's project schema (pulumi/pulumi sdk/go/common/workspace/project.json): name and runtime required,
        // each declared type one of string, integer, boolean, array, an array with its items.
        Map<String, Object> project = yaml("Pulumi.yaml");
        assertTrue(project.get("name") instanceof String && project.get("runtime") instanceof String);
        @SuppressWarnings("unchecked")
        var config = (Map<String, Map<String, Object>>) project.get("config");
        for (var entry : config.entrySet()) {
            var declaration = entry.getValue();
            assertTrue(List.of("type", "items", "description", "secret", "default").containsAll(declaration.keySet()),
                    entry.getKey());
            assertTrue(List.of("string", "integer", "boolean", "array").contains(declaration.get("type")),
                    entry.getKey());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDevStackShowsEverySettingAndTheRegulatedOneOnlyValidKeys() throws IOException {
        String dev = Files.readString(Path.of("Pulumi.dev.yaml"));
        for (var setting : StackConfig.settings()) {
            assertTrue(dev.contains("inventory-callback:" + setting.key() + ":"), setting.key());
        }
        var keys = new java.util.ArrayList<String>();
        keys.addAll(((Map<String, Object>) yaml("Pulumi.dev.yaml").get("config")).keySet());
        keys.addAll(((Map<String, Object>) yaml("Pulumi.regulated.yaml").get("config")).keySet());
        var settings = StackConfig.settings().stream().map(StackConfig.Setting::key).toList();
        assertEquals(List.of(), ConfigKeys.problems(keys, settings));
    }
}
