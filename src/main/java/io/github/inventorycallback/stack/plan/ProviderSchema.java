package io.github.inventorycallback.stack.plan;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Terraform AWS provider's resource schemas ({@code tofu providers schema -json}), read the way pulumi-aws's
 * bridge reads them to name each Pulumi property: an attribute {@code retention_in_days} is {@code retentionInDays};
 * a block of at most one item is an object under its camelCase name ({@code scaling_config} is
 * {@code scalingConfig}); any other block, and a list or set attribute, is a list under its plural name
 * ({@code metric_query} is {@code metricQueries}). A Pulumi property the schema does not declare has no Terraform
 * name: {@link TerraformConfig} refuses it rather than guess.
 */
public final class ProviderSchema {
    /**
     * Where pulumi-aws renames a Terraform attribute instead of following the rules above (its
     * {@code provider/resources.go}), by Terraform resource type: Pulumi name to Terraform name.
     */
    private static final Map<String, Map<String, String>> RENAMED = Map.of(
            "aws_lambda_function", Map.of("code", "filename", "name", "function_name"),
            "aws_cloudwatch_metric_alarm", Map.of("name", "alarm_name"),
            "aws_sns_topic_subscription", Map.of("topic", "topic_arn"),
            "aws_lambda_permission", Map.of("function", "function_name"));

    private final JsonObject resources;

    private ProviderSchema(JsonObject resources) {
        this.resources = resources;
    }

    /** @param file the output of {@code tofu providers schema -json} for a configuration that uses the provider */
    public static ProviderSchema read(Path file) throws IOException {
        JsonObject providers = JsonParser.parseString(Files.readString(file)).getAsJsonObject()
                .getAsJsonObject("provider_schemas");
        for (var provider : providers.entrySet()) {
            if (provider.getKey().endsWith("/hashicorp/aws")) {
                return new ProviderSchema(provider.getValue().getAsJsonObject().getAsJsonObject("resource_schemas"));
            }
        }
        throw new IllegalArgumentException(file + " holds no schema of hashicorp/aws");
    }

    static ProviderSchema of(JsonObject resourceSchemas) {
        return new ProviderSchema(resourceSchemas);
    }

    /** The schema of one resource type, or empty when the provider has no such resource. */
    Optional<Block> resource(String terraformType) {
        JsonElement schema = resources.get(terraformType);
        return schema == null ? Optional.empty()
                : Optional.of(new Block(terraformType, schema.getAsJsonObject().getAsJsonObject("block"),
                        RENAMED.getOrDefault(terraformType, Map.of())));
    }

    /** One block of a schema: its attributes and nested blocks, by the Pulumi name of each. */
    static final class Block {
        private final String path;
        private final Map<String, Field> fields = new LinkedHashMap<>();

        Block(String path, JsonObject block, Map<String, String> renamed) {
            this.path = path;
            JsonObject attributes = block.has("attributes") ? block.getAsJsonObject("attributes") : new JsonObject();
            for (var attribute : attributes.entrySet()) {
                JsonObject spec = attribute.getValue().getAsJsonObject();
                JsonElement type = spec.get("type");
                boolean list = type != null && type.isJsonArray()
                        && (type.getAsJsonArray().get(0).getAsString().equals("list")
                        || type.getAsJsonArray().get(0).getAsString().equals("set"));
                boolean computedOnly = spec.has("computed") && !spec.has("optional") && !spec.has("required");
                add(attribute.getKey(), new Field(attribute.getKey(), null, false, computedOnly), list, renamed);
            }
            JsonObject blocks = block.has("block_types") ? block.getAsJsonObject("block_types") : new JsonObject();
            for (var nested : blocks.entrySet()) {
                JsonObject spec = nested.getValue().getAsJsonObject();
                boolean single = spec.has("max_items") && spec.get("max_items").getAsInt() == 1
                        || "single".equals(spec.get("nesting_mode").getAsString());
                Block inner = new Block(path + "." + nested.getKey(), spec.getAsJsonObject("block"), Map.of());
                add(nested.getKey(), new Field(nested.getKey(), inner, single, false), !single, renamed);
            }
        }

        private void add(String terraformName, Field field, boolean plural, Map<String, String> renamed) {
            String camel = camelCase(terraformName);
            fields.put(plural ? plural(camel) : camel, field);
            // The bridge only pluralizes where the Terraform name is singular: `architectures` stays as it is.
            fields.putIfAbsent(camel, field);
            renamed.forEach((pulumiName, tfName) -> {
                if (tfName.equals(terraformName)) {
                    fields.put(pulumiName, field);
                }
            });
        }

        /** The field a Pulumi property names, or a refusal that says which property of which resource. */
        Field field(String pulumiName) {
            Field field = fields.get(pulumiName);
            if (field == null) {
                throw new IllegalArgumentException(path + " declares no attribute or block that the Pulumi property '"
                        + pulumiName + "' maps to");
            }
            return field;
        }

        String path() {
            return path;
        }
    }

    /**
     * A Terraform attribute or block.
     *
     * @param block        the nested block's schema, or null for an attribute
     * @param single       a block of at most one item (Pulumi gives it as an object, not a list)
     * @param computedOnly an attribute the provider sets and a configuration may not
     */
    record Field(String terraformName, Block block, boolean single, boolean computedOnly) {
    }

    /** {@code retention_in_days} to {@code retentionInDays}. */
    static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** The English plural the bridge gives a list's name: query to queries, alias to aliases, action to actions. */
    static String plural(String name) {
        if (name.endsWith("s") || name.endsWith("x") || name.endsWith("ch") || name.endsWith("sh")) {
            return name.endsWith("s") && !name.endsWith("ss") && !name.endsWith("us") && !name.endsWith("as")
                    ? name : name + "es";
        }
        if (name.endsWith("y") && name.length() > 1 && "aeiou".indexOf(name.charAt(name.length() - 2)) < 0) {
            return name.substring(0, name.length() - 1) + "ies";
        }
        return name + "s";
    }
}
