package io.github.inventorycallback.stack.plan;

import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes, for every stack variant the config can produce, the Terraform JSON configuration the provider receives at
 * {@code pulumi preview} and at {@code pulumi up}: {@code OUT/VARIANT/preview/main.tf.json} and
 * {@code OUT/VARIANT/up/main.tf.json}, and {@code OUT/variants.txt} (one {@code VARIANT APPLY} line each, APPLY
 * {@code apply} for the stacks that the check also applies and destroys). Run by {@code tools/provider-check/run}.
 *
 * <pre>./mvnw -q -B compile exec:java@provider-configs -Dcheck.schema=SCHEMA.json -Dcheck.out=DIR -Dcheck.endpoint=URL</pre>
 */
public final class ProviderCheck {
    /** An existing key, as a user would name it in {@code kmsKey}. */
    static final String EXISTING_KEY = "arn:aws:kms:us-east-1:" + Plan.DEFAULT_ACCOUNT
            + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /** A stack file and the keys one variant sets on top of it. */
    record Variant(String name, String stackFile, Map<String, String> overrides, boolean apply) {
    }

    /** The dev and regulated stacks, and one variant for each switch that changes which resources exist or what they hold. */
    static final List<Variant> VARIANTS = List.of(
            new Variant("dev", "Pulumi.dev.yaml", Map.of(), true),
            new Variant("regulated", "Pulumi.regulated.yaml", Map.of(), true),
            new Variant("log-level-off", "Pulumi.dev.yaml", Map.of("workflowLogLevel", "OFF"), false),
            new Variant("log-level-error", "Pulumi.dev.yaml", Map.of("workflowLogLevel", "ERROR"), false),
            new Variant("tracing-off", "Pulumi.dev.yaml", Map.of("tracing", "false"), false),
            new Variant("snapstart", "Pulumi.dev.yaml", Map.of("snapStart", "true"), false),
            new Variant("key-created", "Pulumi.dev.yaml", Map.of("kmsKey", "create"), false),
            new Variant("key-existing", "Pulumi.dev.yaml", Map.of("kmsKey", EXISTING_KEY), false),
            new Variant("callback-scope-any", "Pulumi.dev.yaml", Map.of("callbackResourceScope", "any"), false),
            new Variant("alarm-email", "Pulumi.dev.yaml", Map.of("alarmEmail", "orders-oncall@example.com"), false),
            new Variant("iam-path-boundary", "Pulumi.dev.yaml", Map.of("iamPath", "/inventory-callback/",
                    "permissionsBoundaryArn", "arn:aws:iam::" + Plan.DEFAULT_ACCOUNT + ":policy/OrganisationBoundary"),
                    false),
            new Variant("aws-managed-boundary", "Pulumi.dev.yaml",
                    Map.of("permissionsBoundaryArn", "arn:aws:iam::aws:policy/PowerUserAccess"), false),
            new Variant("operators", "Pulumi.dev.yaml",
                    Map.of("operators", "[\"role/OrderOperators\", \"user/alice\", \"group/oncall\"]"), false));

    private ProviderCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path schema = Path.of(required("check.schema"));
        Path out = Path.of(required("check.out"));
        String endpoint = required("check.endpoint");
        var translator = new TerraformConfig(ProviderSchema.read(schema));
        var pretty = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        StringBuilder list = new StringBuilder();
        for (Variant variant : VARIANTS) {
            Map<String, String> config = config(variant);
            Plan plan = Plan.of(variant.name(), config,
                    new AwsMocks(Plan.DEFAULT_ACCOUNT, config.getOrDefault("aws:region", Plan.DEFAULT_REGION)));
            var target = new TerraformConfig.Endpoint(endpoint, plan.region);
            for (TerraformConfig.Stage stage : TerraformConfig.Stage.values()) {
                Path dir = out.resolve(variant.name()).resolve(stage.name().toLowerCase());
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("main.tf.json"),
                        pretty.toJson(translator.of(plan, config, stage, target)) + "\n");
            }
            list.append(variant.name()).append(variant.apply() ? " apply" : " validate").append('\n');
        }
        Files.writeString(out.resolve("variants.txt"), list.toString());
    }

    /** The variant's stack file with its overrides, as the CLI would pass them to the program. */
    static Map<String, String> config(Variant variant) throws IOException {
        Map<String, String> config = new LinkedHashMap<>(StackFile.config(Path.of(variant.stackFile())));
        variant.overrides().forEach((key, value) -> config.put("inventory-callback:" + key, value));
        return config;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("-D" + property + " is required");
        }
        return value;
    }
}
