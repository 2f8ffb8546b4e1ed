package io.github.inventorycallback.stack;

import com.google.gson.Gson;
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
        // An object, which the project schema cannot type: declared without a type, with the mock inventory.
        assertEquals("object", settings.get("stock").type());
        assertFalse(declared.get("stock").containsKey("type"));
        assertEquals(new Gson().fromJson(StackConfig.DEFAULT_STOCK, Map.class).toString(),
                new Gson().fromJson(new Gson().toJson(declared.get("stock").get("default")), Map.class).toString());
        settings.remove("stock");
        // Derived defaults stand as "" and 0: the program reads them as unset.
        assertTrue(settings.get("namePrefix").derived() && settings.get("queueVisibilityTimeoutSeconds").derived());
        assertEquals(List.of("namePrefix", "queueVisibilityTimeoutSeconds"), settings.values().stream()
                .filter(StackConfig.Setting::derived).map(StackConfig.Setting::key).toList());
        assertEquals(StackConfig.DERIVED_STRING, settings.get("namePrefix").defaultValue());
        assertEquals(StackConfig.DERIVED_INTEGER, settings.get("queueVisibilityTimeoutSeconds").defaultValue());
        var declaredKeys = new java.util.HashSet<>(declared.keySet());
        declaredKeys.remove("stock");
        assertEquals(settings.keySet(), declaredKeys);
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
            // Since CLI 3.45 a key may be declared without a type (stock, an object).
            assertTrue(!declaration.containsKey("type")
                            || List.of("string", "integer", "boolean", "array").contains(declaration.get("type")),
                    entry.getKey());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDevStackShowsEverySettingAndTheOthersOnlyValidKeys() throws IOException {
        String dev = Files.readString(Path.of("Pulumi.dev.yaml"));
        for (var setting : StackConfig.settings()) {
            assertTrue(dev.contains("inventory-callback:" + setting.key() + ":"), setting.key());
        }
        var keys = new java.util.ArrayList<String>();
        keys.addAll(((Map<String, Object>) yaml("Pulumi.dev.yaml").get("config")).keySet());
        keys.addAll(((Map<String, Object>) yaml("Pulumi.regulated.yaml").get("config")).keySet());
        keys.addAll(((Map<String, Object>) yaml("Pulumi.local.yaml").get("config")).keySet());
        var settings = StackConfig.settings().stream().map(StackConfig.Setting::key).toList();
        assertEquals(List.of(), ConfigKeys.problems(keys, settings));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLocalStackSendsEveryServiceTheProgramUsesToTheLocalAwsThatTryLocallyStarts() throws IOException {
        var config = (Map<String, Object>) yaml("Pulumi.local.yaml").get("config");
        var endpoints = (List<Map<String, String>>) config.get("aws:endpoints");
        assertEquals(1, endpoints.size(), "one object: each service once");
        String port = java.util.regex.Pattern.compile("(?m)^STACK=local PORT=(\\d+)$")
                .matcher(Files.readString(Path.of("try-locally"))).results().findFirst().orElseThrow().group(1);
        // Every service whose resources or calls the program makes: one missing would go to AWS itself.
        assertEquals(List.of("cloudwatch", "iam", "kms", "lambda", "logs", "sfn", "sns", "sqs", "sts"),
                endpoints.get(0).keySet().stream().sorted().toList());
        endpoints.get(0).forEach((service, url) -> assertEquals("http://127.0.0.1:" + port, url, service));
        assertEquals(true, config.get("aws:skipCredentialsValidation"));
        assertEquals(true, config.get("aws:skipRequestingAccountId"));
    }
}
