package io.github.inventorycallback.stack.plan;

import com.google.gson.Gson;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

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
            document = parser().load(reader);
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

    /**
     * YAML as the Pulumi CLI reads it (Go's yaml.v3, YAML 1.2 rules): only {@code true} and {@code false} are
     * booleans, so {@code OFF}, {@code on} and {@code yes} stay the strings the program receives. SnakeYAML's default
     * YAML 1.1 rules would turn an unquoted {@code workflowLogLevel: OFF} into {@code false}.
     */
    private static Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new Yaml12Resolver());
    }

    /** The YAML 1.2 core schema's plain scalars; everything else is a string. */
    private static final class Yaml12Resolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tfTF");
            addImplicitResolver(Tag.INT, Pattern.compile("^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"),
                    "-+0123456789");
            addImplicitResolver(Tag.FLOAT, Pattern.compile(
                    "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)"
                            + "|\\.(?:nan|NaN|NAN))$"), "-+.0123456789");
            addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL| *)$"), "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.MERGE, MERGE, "<");
        }
    }
}
