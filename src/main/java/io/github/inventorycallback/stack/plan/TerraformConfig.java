package io.github.inventorycallback.stack.plan;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan as Terraform JSON configuration for the Terraform AWS provider: every AWS resource the program registers,
 * under the resource type and attribute names pulumi-aws's bridge maps it to ({@link ProviderSchema}), so that
 * OpenTofu can hand the provider what {@code pulumi preview} and {@code pulumi up} would hand it.
 */
public final class TerraformConfig {
    /** Which values the provider sees. */
    public enum Stage {
        /**
         * {@code pulumi preview} (and the first step of {@code pulumi up}): whatever AWS only assigns at create
         * (ARNs, URLs, ids of this stack's resources) is unknown, written as a reference to the resource that makes it.
         */
        PREVIEW,
        /** {@code pulumi up} once everything exists: every value known, as the plan's mocks answered it. */
        UP
    }

    /** Where the provider's calls go and which account it may assume it is in. */
    public record Endpoint(String url, String region) {
    }

    /** Pulumi type tokens of the resources whose Terraform type does not follow {@code aws:MODULE/name} ⇒ {@code aws_MODULE_name}. */
    private static final Map<String, String> TYPE_RENAMED = Map.of(
            AwsTypes.REDRIVE_ALLOW_POLICY, "aws_sqs_queue_redrive_allow_policy");

    /** The AWS services the program's resources call, for the provider's endpoint settings. */
    private static final List<String> SERVICES = List.of("cloudwatch", "iam", "kms", "lambda", "logs", "sfn", "sns",
            "sqs", "sts");

    private final ProviderSchema schema;

    public TerraformConfig(ProviderSchema schema) {
        this.schema = schema;
    }

    /** The Terraform type of a Pulumi AWS type token: {@code aws:sqs/queue:Queue} is {@code aws_sqs_queue}. */
    static String terraformType(String pulumiType) {
        String renamed = TYPE_RENAMED.get(pulumiType);
        if (renamed != null) {
            return renamed;
        }
        String[] parts = pulumiType.split("[:/]");
        if (parts.length != 4 || !parts[0].equals("aws")) {
            throw new IllegalArgumentException("not a pulumi-aws resource type: " + pulumiType);
        }
        return "aws_" + parts[1].toLowerCase() + "_" + snakeCase(parts[2]);
    }

    /** The resource's name in the configuration: its Pulumi logical name, made a Terraform identifier. */
    static String terraformName(String pulumiName) {
        String name = pulumiName.replaceAll("[^A-Za-z0-9_-]", "_");
        return Character.isLetter(name.charAt(0)) || name.charAt(0) == '_' ? name : "_" + name;
    }

    /**
     * @param plan         what the program registers for one stack's config
     * @param stackConfig  that config (the provider's own keys, {@code aws:*}, configure the provider)
     * @param stage        which values are known
     * @param endpoint     the AWS API implementation the provider calls
     */
    public JsonObject of(Plan plan, Map<String, String> stackConfig, Stage stage, Endpoint endpoint) {
        List<Plan.Planned> aws = plan.resources.stream().filter(r -> r.type().startsWith("aws:")).toList();
        Map<String, Plan.Planned> byKey = new LinkedHashMap<>();
        aws.forEach(r -> byKey.put(r.key(), r));

        JsonObject resources = new JsonObject();
        for (Plan.Planned resource : aws) {
            String type = terraformType(resource.type());
            ProviderSchema.Block block = schema.resource(type).orElseThrow(() -> new IllegalArgumentException(
                    resource.type() + " maps to " + type + ", which the provider does not declare"));
            List<Reference> references = stage == Stage.PREVIEW ? referencesFor(resource, byKey) : List.of();
            JsonObject body = block(block, resource.inputs(), references);
            addLifecycle(body, block, resource, byKey);
            if (!resources.has(type)) {
                resources.add(type, new JsonObject());
            }
            resources.getAsJsonObject(type).add(terraformName(resource.name()), body);
        }

        JsonObject config = new JsonObject();
        config.add("terraform", requiredProvider());
        JsonObject provider = new JsonObject();
        provider.add("aws", provider(stackConfig, endpoint));
        config.add("provider", provider);
        config.add("resource", resources);
        return config;
    }

    private static JsonObject requiredProvider() {
        JsonObject aws = new JsonObject();
        aws.addProperty("source", "hashicorp/aws");
        JsonObject required = new JsonObject();
        required.add("aws", aws);
        JsonObject terraform = new JsonObject();
        terraform.add("required_providers", required);
        return terraform;
    }

    /**
     * The provider as pulumi-aws configures it from the stack's {@code aws:} keys, pointed at a local AWS API: the
     * credential and account checks off, every service's endpoint on it.
     */
    private static JsonObject provider(Map<String, String> stackConfig, Endpoint endpoint) {
        JsonObject provider = new JsonObject();
        provider.addProperty("region", endpoint.region());
        provider.addProperty("access_key", "test");
        provider.addProperty("secret_key", "test");
        provider.addProperty("skip_credentials_validation", true);
        provider.addProperty("skip_metadata_api_check", true);
        provider.addProperty("skip_region_validation", true);
        JsonObject endpoints = new JsonObject();
        SERVICES.forEach(service -> endpoints.addProperty(service, endpoint.url()));
        provider.add("endpoints", endpoints);
        String defaultTags = stackConfig.get("aws:defaultTags");
        if (defaultTags != null) {
            JsonObject tags = JsonParser.parseString(defaultTags).getAsJsonObject();
            JsonObject block = new JsonObject();
            block.add("tags", tags.get("tags"));
            provider.add("default_tags", block);
        }
        return provider;
    }

    /** Inputs under the block's Terraform names: attributes as values, nested objects as blocks. */
    private JsonObject block(ProviderSchema.Block block, Map<String, Object> inputs, List<Reference> references) {
        JsonObject body = new JsonObject();
        for (var input : new TreeMap<>(inputs).entrySet()) {
            if (input.getValue() == null) {
                continue;
            }
            ProviderSchema.Field field = block.field(input.getKey());
            if (field.computedOnly()) {
                throw new IllegalArgumentException(block.path() + "." + field.terraformName()
                        + " is set by the provider; the program sends it as " + input.getKey());
            }
            JsonElement value = field.block() == null
                    ? attribute(block, field, input.getValue(), references)
                    : nested(field, input.getValue(), references);
            body.add(field.terraformName(), value);
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private JsonElement nested(ProviderSchema.Field field, Object value, List<Reference> references) {
        if (field.single()) {
            if (!(value instanceof Map<?, ?> object)) {
                throw new IllegalArgumentException(field.block().path() + " is a block of one; the program sends "
                        + value);
            }
            return block(field.block(), (Map<String, Object>) object, references);
        }
        if (!(value instanceof Iterable<?> items)) {
            throw new IllegalArgumentException(field.block().path() + " is a list of blocks; the program sends " + value);
        }
        JsonArray blocks = new JsonArray();
        for (Object item : items) {
            blocks.add(block(field.block(), (Map<String, Object>) item, references));
        }
        return blocks;
    }

    /** An attribute's value: archives as a file and its hash, strings with unknown values as references. */
    private static JsonElement attribute(ProviderSchema.Block block, ProviderSchema.Field field, Object value,
                                         List<Reference> references) {
        if (block.path().equals("aws_lambda_function") && field.terraformName().equals("filename")) {
            // Pulumi reads a relative archive path from the program's folder; OpenTofu would read it from its own.
            String archive = Plan.toJson(value).getAsJsonObject().get("fileArchive").getAsString();
            return new JsonPrimitive(java.nio.file.Path.of(archive).toAbsolutePath().toString());
        }
        return withReferences(Plan.toJson(value), references);
    }

    private static JsonElement withReferences(JsonElement value, List<Reference> references) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return new JsonPrimitive(template(value.getAsString(), references));
        }
        if (value.isJsonArray()) {
            JsonArray array = new JsonArray();
            value.getAsJsonArray().forEach(v -> array.add(withReferences(v, references)));
            return array;
        }
        if (value.isJsonObject()) {
            JsonObject object = new JsonObject();
            value.getAsJsonObject().entrySet().forEach(e -> object.add(e.getKey(), withReferences(e.getValue(), references)));
            return object;
        }
        return value;
    }

    /**
     * A string as a Terraform template: literal {@code ${} and {@code %{} escaped, each unknown value replaced by
     * an interpolation of the attribute that will hold it.
     */
    static String template(String literal, List<Reference> references) {
        String escaped = literal.replace("${", "$${").replace("%{", "%%{");
        for (Reference reference : references) {
            escaped = escaped.replace(reference.value(), "${" + reference.expression() + "}");
        }
        return escaped;
    }

    /** A value AWS assigns to another resource at create, and the expression that names it before it exists. */
    record Reference(String value, String expression) {
    }

    /**
     * The values this resource receives from the resources it depends on that only exist after their create: the
     * attributes the mocks computed (not given as inputs), longest first so an ARN's qualified form wins over it.
     */
    private List<Reference> referencesFor(Plan.Planned resource, Map<String, Plan.Planned> byKey) {
        List<Reference> references = new ArrayList<>();
        for (String dependency : resource.lifecycle().dependsOn()) {
            Plan.Planned source = byKey.get(dependency);
            if (source == null) {
                continue;
            }
            String type = terraformType(source.type());
            ProviderSchema.Block block = schema.resource(type).orElseThrow();
            String address = type + "." + terraformName(source.name());
            references.add(new Reference(source.id(), address + ".id"));
            for (var attribute : source.state().entrySet()) {
                if (source.inputs().containsKey(attribute.getKey()) || !(attribute.getValue() instanceof String text)
                        || text.length() < 8) {
                    continue;
                }
                references.add(new Reference(text, address + "." + block.field(attribute.getKey()).terraformName()));
            }
        }
        references.sort(Comparator.comparingInt((Reference r) -> -r.value().length()));
        return references;
    }

    /** dependsOn, and custom timeouts where the resource takes them. */
    private static void addLifecycle(JsonObject body, ProviderSchema.Block block, Plan.Planned resource,
                                     Map<String, Plan.Planned> byKey) {
        JsonArray dependsOn = new JsonArray();
        for (String dependency : resource.lifecycle().dependsOn()) {
            Plan.Planned target = byKey.get(dependency);
            if (target != null) {
                dependsOn.add(terraformType(target.type()) + "." + terraformName(target.name()));
            }
        }
        if (!dependsOn.isEmpty()) {
            body.add("depends_on", dependsOn);
        }
        if (!resource.lifecycle().customTimeouts().isEmpty()) {
            // Refused, naming the resource, if the provider takes no timeouts for it (as Pulumi would refuse them).
            block.field("timeouts");
            JsonObject timeouts = new JsonObject();
            resource.lifecycle().customTimeouts().forEach((operation, seconds) ->
                    timeouts.addProperty(operation, seconds + "s"));
            body.add("timeouts", timeouts);
        }
        if (!resource.lifecycle().ignoreChanges().isEmpty()) {
            // Pulumi's ignoreChanges is Terraform's lifecycle.ignore_changes, by the provider's attribute names.
            JsonArray ignored = new JsonArray();
            resource.lifecycle().ignoreChanges().forEach(property -> ignored.add(block.field(property).terraformName()));
            JsonObject lifecycle = new JsonObject();
            lifecycle.add("ignore_changes", ignored);
            body.add("lifecycle", lifecycle);
        }
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
