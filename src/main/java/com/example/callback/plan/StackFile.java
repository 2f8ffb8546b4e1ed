package com.example.callback.plan;

import com.google.gson.Gson;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code config:} of a {@code Pulumi.STACK.yaml} the way the Pulumi CLI passes it to the program. */
final class StackFile {
    private StackFile() {
    }

    /**
     * @return config values by full key ({@code inventory-callback:batchSize}, {@code aws:region}); structured
     *         values (such as {@code stock}) as JSON text, as the CLI passes them
     */
    static Map<String, String> config(Path file) throws IOException {
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml().load(reader);
        }
        Map<String, String> config = new LinkedHashMap<>();
        if (!(document instanceof Map<?, ?> root) || !(root.get("config") instanceof Map<?, ?> values)) {
            return config;
        }
        Gson gson = new Gson();
        values.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && map.containsKey("secure")) {
                throw new IllegalArgumentException(file + ": " + key + " is a secret; the plan cannot decrypt it."
                        + " Plan with a stack file that holds a placeholder instead");
            }
            config.put(String.valueOf(key), value instanceof Map<?, ?> || value instanceof Iterable<?>
                    ? gson.toJson(value)
                    : String.valueOf(value));
        });
        return config;
    }
}
