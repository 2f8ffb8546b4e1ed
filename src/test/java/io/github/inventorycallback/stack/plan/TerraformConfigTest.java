package io.github.inventorycallback.stack.plan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each stack as the Terraform AWS provider receives it. The schema is the provider's own, cut down to the resource
 * types the program registers (tools/provider-check/schema-excerpt.sh writes it from {@code tofu providers schema}).
 */
class TerraformConfigTest {
    static final Path SCHEMA = Path.of("src/test/resources/provider-schema/aws-resources.json");
    static final TerraformConfig.Endpoint LOCAL = new TerraformConfig.Endpoint("http://127.0.0.1:4566", "us-east-1");
    static ProviderSchema schema;

    @BeforeAll
    static void readSchema() throws IOException {
        schema = ProviderSchema.read(SCHEMA);
    }

    private static JsonObject translate(String stackFile, Map<String, String> overrides, TerraformConfig.Stage stage)
            throws IOException {
        var variant = new ProviderCheck.Variant("test", stackFile, overrides, false);
        Map<String, String> config = ProviderCheck.config(variant);
        Plan plan = Plan.of("dev", config, new AwsMocks(Plan.DEFAULT_ACCOUNT, "us-east-1"));
        return new TerraformConfig(schema).of(plan, config, stage, LOCAL);
    }

    private static JsonObject resource(JsonObject config, String type, String name) {
        return config.getAsJsonObject("resource").getAsJsonObject(type).getAsJsonObject(name);
    }

    @Test
    void everyVariantMapsEveryPropertyToAnAttributeTheProviderDeclares() throws IOException {
        for (ProviderCheck.Variant variant : ProviderCheck.VARIANTS) {
            for (TerraformConfig.Stage stage : TerraformConfig.Stage.values()) {
                Map<String, String> config = ProviderCheck.config(variant);
                Plan plan = Plan.of(variant.name(), config, new AwsMocks(Plan.DEFAULT_ACCOUNT, "us-east-1"));
                JsonObject tf = new TerraformConfig(schema).of(plan, config, stage, LOCAL);
                long aws = plan.resources.stream().filter(r -> r.type().startsWith("aws:")).count();
                long written = tf.getAsJsonObject("resource").entrySet().stream()
                        .mapToLong(e -> e.getValue().getAsJsonObject().size()).sum();
                assertEquals(aws, written, variant.name() + " " + stage);
            }
        }
    }

    @Test
    void typesFollowTheBridgesRuleExceptWhereItsTableRenamesThem() {
        assertEquals("aws_sqs_queue", TerraformConfig.terraformType("aws:sqs/queue:Queue"));
        assertEquals("aws_iam_role_policy", TerraformConfig.terraformType("aws:iam/rolePolicy:RolePolicy"));
        assertEquals("aws_cloudwatch_log_metric_filter",
                TerraformConfig.terraformType("aws:cloudwatch/logMetricFilter:LogMetricFilter"));
        assertEquals("aws_sqs_queue_redrive_allow_policy",
                TerraformConfig.terraformType("aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"));
        assertThrows(IllegalArgumentException.class, () -> TerraformConfig.terraformType("random:index/id:Id"));
    }

    @Test
    void listBlocksAreMatchedByTheirPluralAndSingleBlocksAsObjects() throws IOException {
        JsonObject tf = translate("Pulumi.dev.yaml", Map.of(), TerraformConfig.Stage.UP);
        JsonObject alarm = resource(tf, "aws_cloudwatch_metric_alarm", "function-errors-alarm");
        assertEquals(3, alarm.getAsJsonArray("metric_query").size());
        assertFalse(alarm.has("metricQueries"));
        JsonObject mapping = resource(tf, "aws_lambda_event_source_mapping", "inventory-orders");
        assertTrue(mapping.getAsJsonObject("scaling_config").has("maximum_concurrency"));
        JsonObject function = resource(tf, "aws_lambda_function", "Inventory");
        assertTrue(function.get("filename").getAsString().endsWith("lambda/target/inventory-function.jar"));
        assertTrue(function.getAsJsonObject("environment").getAsJsonObject("variables").has("STOCK"));
    }

    @Test
    void aPropertyTheProviderDoesNotDeclareIsRefusedNamingIt() throws IOException {
        var block = schema.resource("aws_sqs_queue").orElseThrow();
        var refused = assertThrows(IllegalArgumentException.class, () -> block.field("visibilityTimeout"));
        assertTrue(refused.getMessage().contains("aws_sqs_queue") && refused.getMessage().contains("visibilityTimeout"),
                refused.getMessage());
        assertTrue(schema.resource("aws_sqs_queues").isEmpty());
    }

    @Test
    void atPreviewWhatAwsAssignsIsAReferenceAndAtUpItIsTheValue() throws IOException {
        JsonObject preview = translate("Pulumi.dev.yaml", Map.of(), TerraformConfig.Stage.PREVIEW);
        JsonObject up = translate("Pulumi.dev.yaml", Map.of(), TerraformConfig.Stage.UP);
        String arn = "arn:aws:sqs:us-east-1:" + Plan.DEFAULT_ACCOUNT + ":dev-Orders";
        assertEquals("${aws_sqs_queue.Orders.arn}",
                resource(preview, "aws_lambda_event_source_mapping", "inventory-orders").get("event_source_arn").getAsString());
        assertEquals(arn, resource(up, "aws_lambda_event_source_mapping", "inventory-orders").get("event_source_arn").getAsString());
        // Inside a policy document too, and the dependency itself is kept.
        JsonObject policy = resource(preview, "aws_iam_role_policy", "workflow-policy");
        assertTrue(policy.get("policy").getAsString().contains("${aws_sqs_queue.Orders.arn}"));
        assertTrue(policy.getAsJsonArray("depends_on").toString().contains("aws_sqs_queue.Orders"));
        // A value derived from a name (the function's grant names the state machine before it exists) stays literal.
        String grant = resource(preview, "aws_iam_role_policy", "inventory-policy").get("policy").getAsString();
        assertTrue(grant.contains("stateMachine:dev-InventoryStateMachine"), grant);
    }

    @Test
    void referencesReachIntoListsMapsAndNestedBlocksAndTheLongestValueWins() throws IOException {
        JsonObject preview = translate("Pulumi.dev.yaml", Map.of("snapStart", "true"), TerraformConfig.Stage.PREVIEW);
        JsonObject alarm = resource(preview, "aws_cloudwatch_metric_alarm", "failed-executions-alarm");
        // A list attribute.
        assertEquals("[\"${aws_sns_topic.alarm-topic.id}\"]", alarm.get("alarm_actions").toString());
        // A map attribute inside a nested block.
        String dimension = alarm.getAsJsonArray("metric_query").get(0).getAsJsonObject().getAsJsonObject("metric")
                .getAsJsonObject("dimensions").get("StateMachineArn").getAsString();
        assertTrue(dimension.startsWith("${aws_sfn_state_machine.InventoryStateMachine."), dimension);
        // The alias ARN is the function ARN plus ":live": replaced as the alias's, not as the function's + ":live".
        assertEquals("${aws_lambda_alias.inventory-live.id}",
                resource(preview, "aws_lambda_event_source_mapping", "inventory-orders").get("function_name")
                        .getAsString());
    }

    @Test
    void customTimeoutsBecomeTheResourcesTimeoutsBlock() throws IOException {
        JsonObject up = translate("Pulumi.dev.yaml", Map.of(), TerraformConfig.Stage.UP);
        assertEquals("{\"delete\":\"600s\"}",
                resource(up, "aws_sfn_state_machine", "InventoryStateMachine").get("timeouts").toString());
        assertTrue(resource(up, "aws_sqs_queue", "Orders").getAsJsonArray("depends_on").toString()
                .contains("aws_sqs_queue.orders-dlq"));
        // Nothing is created before the stack's claim on its names, which waits for nothing.
        assertEquals("[\"aws_cloudwatch_log_group.name-claim\"]",
                resource(up, "aws_sqs_queue", "orders-dlq").getAsJsonArray("depends_on").toString());
        assertFalse(resource(up, "aws_cloudwatch_log_group", "name-claim").has("depends_on"));
        assertEquals("{\"ignore_changes\":[\"tags\"]}",
                resource(up, "aws_cloudwatch_log_group", "name-claim").get("lifecycle").toString());
    }

    @Test
    void theProviderIsRequiredFromHashicorpAndEveryServiceCallsTheLocalApi() throws IOException {
        JsonObject tf = translate("Pulumi.dev.yaml", Map.of(), TerraformConfig.Stage.UP);
        assertEquals("{\"required_providers\":{\"aws\":{\"source\":\"hashicorp/aws\"}}}", tf.get("terraform").toString());
        JsonObject aws = tf.getAsJsonObject("provider").getAsJsonObject("aws");
        assertEquals("test", aws.get("access_key").getAsString());
        assertEquals("test", aws.get("secret_key").getAsString());
        assertTrue(aws.get("skip_metadata_api_check").getAsBoolean() && aws.get("skip_region_validation").getAsBoolean());
        for (String service : List.of("cloudwatch", "iam", "kms", "lambda", "logs", "sfn", "sns", "sqs", "sts")) {
            assertEquals(LOCAL.url(), aws.getAsJsonObject("endpoints").get(service).getAsString(), service);
        }
        var noTags = new TerraformConfig(schema).of(Plan.of("dev", Map.of("aws:region", "us-east-1"),
                new AwsMocks(Plan.DEFAULT_ACCOUNT, "us-east-1")), Map.of(), TerraformConfig.Stage.UP, LOCAL);
        assertFalse(noTags.getAsJsonObject("provider").getAsJsonObject("aws").has("default_tags"));
    }

    @Test
    void aPropertyTheProviderSetsItselfIsRefused() {
        var function = schema.resource("aws_lambda_function").orElseThrow();
        assertTrue(function.field("arn").computedOnly());
        assertFalse(function.field("name").computedOnly());
        assertEquals("function_name", function.field("name").terraformName());
        assertEquals("filename", function.field("code").terraformName());
    }

    @Test
    void templateMarkersInValuesAreEscaped() {
        assertEquals("$${a} %%{b} ${x.y.arn}", TerraformConfig.template("${a} %{b} ARN",
                List.of(new TerraformConfig.Reference("ARN", "x.y.arn"))));
    }

    @Test
    void theProviderIsConfiguredFromTheStacksAwsKeysAndPointedAtTheLocalApi() throws IOException {
        JsonObject aws = translate("Pulumi.dev.yaml", Map.of(), TerraformConfig.Stage.UP)
                .getAsJsonObject("provider").getAsJsonObject("aws");
        assertEquals("us-east-1", aws.get("region").getAsString());
        assertEquals(JsonParser.parseString("{\"project\":\"inventory-callback\",\"stack\":\"dev\"}"),
                aws.getAsJsonObject("default_tags").get("tags"));
        assertEquals("http://127.0.0.1:4566", aws.getAsJsonObject("endpoints").get("sqs").getAsString());
        assertTrue(aws.get("skip_credentials_validation").getAsBoolean());
    }

    @Test
    void namesAndPluralsFollowTheBridge() {
        assertEquals("retentionInDays", ProviderSchema.camelCase("retention_in_days"));
        assertEquals("metricQueries", ProviderSchema.plural("metricQuery"));
        assertEquals("aliases", ProviderSchema.plural("alias"));
        assertEquals("architectures", ProviderSchema.plural("architectures"));
        assertEquals("statuses", ProviderSchema.plural("status"));
        assertEquals("keys", ProviderSchema.plural("key"));
    }
}
