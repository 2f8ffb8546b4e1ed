package io.github.inventorycallback.stack.plan;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan command: its files exist, parse, and say exactly what the program hands to the provider. */
class PlanTest {
    private static final Path DEV = Path.of("Pulumi.dev.yaml");

    // Planned anew for each test (not once for the class), so that each test runs the code it checks.
    @TempDir
    Path out;
    String stdout;
    AwsMocks mocks;

    @BeforeEach
    void planTheDevStack() throws IOException {
        var printed = new ByteArrayOutputStream();
        int exit = Plan.run("dev", DEV, out, "111122223333", null, new PrintStream(printed, true),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, exit);
        stdout = printed.toString(StandardCharsets.UTF_8);
        // The same program and config, run again to see the inputs the provider would receive.
        mocks = new AwsMocks("111122223333", "us-east-1");
        Plan.of("dev", StackFile.config(DEV), mocks);
    }

    private JsonObject readJson(String file) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve(file))).getAsJsonObject();
    }

    private AwsMocks.Registered registered(String type, String name) {
        return mocks.registered().stream().filter(r -> r.type().equals(type) && r.name().equals(name))
                .findFirst().orElseThrow();
    }

    @Test
    void aslInThePlanIsExactlyTheDefinitionTheStateMachineReceives() throws IOException {
        String deployed = (String) registered(AwsTypes.STATE_MACHINE, "InventoryStateMachine").inputs().get("definition");
        assertEquals(deployed, Files.readString(out.resolve("state-machine.asl.json")));
        assertTrue(deployed.contains("https://sqs.us-east-1.amazonaws.com/111122223333/dev-Orders"), deployed);
    }

    @Test
    void everyRoleHasItsTrustPolicyAndInlinePoliciesAsDeployed() throws IOException {
        var function = readJson("iam/dev-Inventory-us-east-1.json");
        assertEquals(JsonParser.parseString((String) registered(AwsTypes.ROLE, "inventory-role").inputs()
                .get("assumeRolePolicy")), function.get("trustPolicy"));
        assertEquals(JsonParser.parseString((String) registered(AwsTypes.ROLE_POLICY, "inventory-policy").inputs()
                .get("policy")), function.getAsJsonObject("policies").get("consume-orders-and-answer"));

        var workflow = readJson("iam/dev-InventoryStateMachine-us-east-1.json");
        assertEquals(JsonParser.parseString((String) registered(AwsTypes.ROLE_POLICY, "workflow-policy").inputs()
                .get("policy")), workflow.getAsJsonObject("policies").get("send-order-checks"));
        assertEquals(Set.of("send-order-checks", "deliver-execution-logs", "write-traces"),
                workflow.getAsJsonObject("policies").keySet());
        try (var files = Files.list(out.resolve("iam"))) {
            assertEquals(3, files.count(), "two roles and the operator policy");
        }
    }

    @Test
    void planJsonListsEveryResourceWithParentAndInputsAndTheOutputs() throws IOException {
        var plan = readJson("plan.json");
        var resources = plan.getAsJsonArray("resources");
        assertEquals(mocks.registered().size(), resources.size());
        Set<String> seen = new HashSet<>();
        for (var element : resources) {
            var resource = element.getAsJsonObject();
            seen.add(resource.get("type").getAsString() + "::" + resource.get("name").getAsString());
            assertTrue(resource.has("parent") && resource.has("inputs"), resource.toString());
        }
        assertEquals(mocks.registered().size(), seen.size());
        var queue = resources.asList().stream().map(e -> e.getAsJsonObject())
                .filter(r -> r.get("name").getAsString().equals("Orders")).findFirst().orElseThrow();
        assertEquals("inventory-callback:index:OrderQueue::orders", queue.get("parent").getAsString());
        assertEquals(60, queue.getAsJsonObject("inputs").get("visibilityTimeoutSeconds").getAsInt());
        assertEquals("inventory-callback:index:OrderQueue::orders", queue.get("parent").getAsString());
        assertEquals("{\"dependsOn\":[\"aws:cloudwatch/logGroup:LogGroup::name-claim\",\"aws:sqs/queue:Queue::orders-dlq\"],\"customTimeoutSeconds\":{},"
                + "\"deleteBeforeReplace\":false,\"retainOnDelete\":false,\"ignoreChanges\":[],\"protect\":false}",
                queue.getAsJsonObject("options").toString());
        assertEquals("arn:aws:states:us-east-1:111122223333:stateMachine:dev-InventoryStateMachine",
                plan.getAsJsonObject("outputs").get("stateMachineArn").getAsString());
    }

    @Test
    void functionCodeIsIdentifiedByPathAndHash() throws IOException {
        var function = readJson("plan.json").getAsJsonArray("resources").asList().stream()
                .map(e -> e.getAsJsonObject()).filter(r -> r.get("name").getAsString().equals("Inventory"))
                .findFirst().orElseThrow();
        var code = function.getAsJsonObject("inputs").getAsJsonObject("code");
        assertEquals("lambda/target/inventory-function.jar", code.get("fileArchive").getAsString());
        assertEquals(sha256(Path.of("lambda/target/inventory-function.jar")), code.get("sha256").getAsString());
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void resourcesAreSortedByParentTypeAndNameSoTwoPlansDiffCleanly() throws IOException {
        var keys = readJson("plan.json").getAsJsonArray("resources").asList().stream()
                .map(e -> e.getAsJsonObject()).map(r -> r.get("parent").getAsString() + " " + r.get("type").getAsString()
                        + " " + r.get("name").getAsString()).toList();
        assertEquals(keys.stream().sorted().toList(), keys);
        assertEquals("inventory-callback:index:CallbackWorkflow::workflow aws:cloudwatch/logGroup:LogGroup workflow-logs",
                keys.get(0));
    }

    @Test
    void stateMachineDeletionOutlastsTheTaskTimeoutSoDestroyWaitsInsteadOfFailing() throws IOException {
        var machine = readJson("plan.json").getAsJsonArray("resources").asList().stream()
                .map(e -> e.getAsJsonObject()).filter(r -> r.get("name").getAsString().equals("InventoryStateMachine"))
                .findFirst().orElseThrow();
        int taskTimeout = JsonParser.parseString(machine.getAsJsonObject("inputs").get("definition").getAsString())
                .getAsJsonObject().getAsJsonObject("States").getAsJsonObject("Check Inventory")
                .get("TimeoutSeconds").getAsInt();
        var options = machine.getAsJsonObject("options");
        assertTrue(options.getAsJsonObject("customTimeoutSeconds").get("delete").getAsInt() > taskTimeout,
                options.toString());
        // Deleted before the function that answers its executions (destroy reverses these).
        assertTrue(options.getAsJsonArray("dependsOn").toString().contains("aws:lambda/function:Function::Inventory"),
                options.toString());
    }

    @Test
    void planJsonNamesTheStackAccountAndRegionItWasPlannedFor() throws IOException {
        var plan = readJson("plan.json");
        assertEquals("dev", plan.get("stack").getAsString());
        assertEquals("111122223333", plan.get("account").getAsString());
        assertEquals("us-east-1", plan.get("region").getAsString());
        var function = plan.getAsJsonArray("resources").asList().stream().map(e -> e.getAsJsonObject())
                .filter(r -> r.get("name").getAsString().equals("Inventory")).findFirst().orElseThrow();
        assertEquals("aws:lambda/function:Function", function.get("type").getAsString());
        assertEquals("dev-Inventory", function.get("id").getAsString());
        var inputs = function.getAsJsonObject("inputs");
        // Whole numbers as integers, lists and nested objects as JSON, strings as they are.
        assertEquals("512", inputs.get("memorySize").toString());
        assertEquals("[\"arm64\"]", inputs.get("architectures").toString());
        assertEquals("Text", inputs.getAsJsonObject("loggingConfig").get("logFormat").getAsString());
        assertEquals(List.of("CALLBACK_CONCURRENCY", "METRICS_NAMESPACE", "STOCK"), List.copyOf(
                inputs.getAsJsonObject("environment").getAsJsonObject("variables").keySet()));
    }

    @Test
    void valuesBecomeJsonAsTheProviderReceivesThem() {
        assertEquals("null", Plan.toJson(null).toString());
        assertEquals("10", Plan.toJson(10.0).toString());
        assertEquals("2.5", Plan.toJson(2.5).toString());
        assertEquals("true", Plan.toJson(true).toString());
        assertEquals("\"x\"", Plan.toJson("x").toString());
        assertEquals("{\"a\":[1,\"b\"],\"z\":{\"y\":false}}",
                Plan.toJson(Map.of("z", Map.of("y", false), "a", List.of(1, "b"))).toString());
        assertEquals("1.0E15", Plan.toJson(1e15).toString());
    }

    @Test
    void theMonitoringIsInThePlanWithItsMetricsPatternsAndEdges() throws IOException {
        var plan = readJson("plan.json").getAsJsonArray("resources").asList().stream().map(e -> e.getAsJsonObject())
                .toList();
        var filter = plan.stream().filter(r -> r.get("name").getAsString().equals("orders-timed-out")).findFirst()
                .orElseThrow().getAsJsonObject("inputs");
        assertEquals("{ $.type = \"TaskTimedOut\" }", filter.get("pattern").getAsString());
        assertEquals("InventoryCallback/dev-InventoryStateMachine",
                filter.getAsJsonObject("metricTransformation").get("namespace").getAsString());
        var alarm = plan.stream().filter(r -> r.get("name").getAsString().equals("oldest-order-alarm")).findFirst()
                .orElseThrow().getAsJsonObject("inputs");
        assertEquals("{\"QueueName\":\"dev-Orders\"}", alarm.get("dimensions").toString());
        String diagram = Files.readString(out.resolve("diagram.md"));
        for (String edge : new String[] {"-.->|notifies|", "-.->|counts|", "-.->|watches|"}) {
            assertTrue(diagram.contains(edge), edge);
        }
        assertTrue(diagram.contains("subgraph monitoring[\"OrderMonitoring 'monitoring'\"]"), diagram);
    }

    @Test
    void stackFilesAreReadAsThePulumiCliReadsThem(@TempDir Path dir) throws IOException {
        Path stackFile = dir.resolve("Pulumi.qa.yaml");
        Files.writeString(stackFile, """
                config:
                  inventory-callback:workflowLogLevel: OFF
                  inventory-callback:tracing: false
                  inventory-callback:snapStart: yes
                  inventory-callback:namePrefix: on
                  inventory-callback:batchSize: 10
                  inventory-callback:stock:
                    apple: 2
                """);
        var config = StackFile.config(stackFile);
        // YAML 1.2 (the CLI's yaml.v3): OFF, yes and on are strings; only true and false are booleans.
        assertEquals("OFF", config.get("inventory-callback:workflowLogLevel"));
        assertEquals("false", config.get("inventory-callback:tracing"));
        assertEquals("yes", config.get("inventory-callback:snapStart"));
        assertEquals("on", config.get("inventory-callback:namePrefix"));
        assertEquals("10", config.get("inventory-callback:batchSize"));
        assertEquals("{\"apple\":2}", config.get("inventory-callback:stock"));
    }

    @Test
    void diagramShowsTheMessageFlowAndTheStateMachine() throws IOException {
        String diagram = Files.readString(out.resolve("diagram.md"));
        assertTrue(diagram.contains("==>|\"Check Inventory: order + task token\"|"), diagram);
        assertTrue(diagram.contains("==>|\"after 5 receives\"|"), diagram);
        assertTrue(diagram.contains("==>|\"SendTaskSuccess / SendTaskFailure\"|"), diagram);
        assertTrue(diagram.contains("States.ALL caught into $.error"), diagram);
    }

    @Test
    void theArchitecturePageEmbedsTheDiagramsThisPlanGenerates() throws IOException {
        String readme = Files.readString(Path.of("docs/architecture.md"));
        Matcher blocks = Pattern.compile("```mermaid\\n.*?```\\n", Pattern.DOTALL)
                .matcher(Files.readString(out.resolve("diagram.md")));
        int count = 0;
        while (blocks.find()) {
            count++;
            assertTrue(readme.contains(blocks.group()), "docs/architecture.md is out of date; copy this from"
                    + " target/plan/diagram.md:\n" + blocks.group());
        }
        assertEquals(2, count);
    }

    @Test
    void summaryCountsResourcesAndListsEachRolesGrants() {
        assertTrue(stdout.contains("37 resources"), stdout);
        assertTrue(stdout.contains("Alarm dev-InventoryCallback-dead-letters when AWS/SQS"
                + " ApproximateNumberOfMessagesVisible {\"QueueName\":\"dev-Orders-dlq\"} >= 1"), stdout);
        assertTrue(stdout.contains("Alarm dev-InventoryCallback-function-errors when metric math Errors + Throttles >= 1"),
                stdout);
        assertTrue(stdout.contains("Alarm dev-InventoryCallback-orders-timed-out when"
                + " InventoryCallback/dev-InventoryStateMachine OrdersTimedOut >= 1\n"), stdout);
        assertTrue(stdout.contains("2  aws:iam/role:Role"), stdout);
        assertTrue(stdout.contains("Allow states:SendTaskSuccess, states:SendTaskFailure\n      on "
                + "arn:aws:states:us-east-1:111122223333:stateMachine:dev-InventoryStateMachine"), stdout);
    }

    @Test
    void anotherStacksFileAndPlaceholdersCanBeChosen(@TempDir Path dir) throws IOException {
        Path stackFile = dir.resolve("Pulumi.prod.yaml");
        Files.writeString(stackFile, """
                config:
                  aws:region: eu-central-1
                  inventory-callback:namePrefix: prod-
                  inventory-callback:stock:
                    widget: 3
                """);
        int exit = Plan.run("prod", stackFile, dir.resolve("plan"), "999988887777", "ap-south-1",
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

        assertEquals(0, exit);
        String asl = Files.readString(dir.resolve("plan/state-machine.asl.json"));
        assertTrue(asl.contains("https://sqs.ap-south-1.amazonaws.com/999988887777/prod-Orders"), asl);
        assertTrue(Files.readString(dir.resolve("plan/plan.json")).contains("{\\\"widget\\\":3}"));
    }

    @Test
    void theOperatorPolicyIsWrittenBesideTheRoles() throws IOException {
        var operator = readJson("iam/dev-InventoryStateMachine-operator-us-east-1.json");
        assertEquals("states:StartExecution", operator.getAsJsonArray("Statement").get(0).getAsJsonObject()
                .getAsJsonArray("Action").get(0).getAsString());
        assertTrue(stdout.contains("Policy dev-InventoryStateMachine-operator-us-east-1, attached to operators"), stdout);
        assertTrue(Files.notExists(out.resolve("iam/key-policy.json")), "the dev stack has no key of its own");
    }

    @Test
    void theRegulatedStackPlansTheKeyItsPolicyAndWhatItEncrypts(@TempDir Path dir) throws IOException {
        var printed = new ByteArrayOutputStream();
        int exit = Plan.run("regulated", Path.of("Pulumi.regulated.yaml"), dir, "111122223333", null,
                new PrintStream(printed, true), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, exit);

        var keyPolicy = JsonParser.parseString(Files.readString(dir.resolve("iam/key-policy.json"))).getAsJsonObject();
        assertEquals("KeyAdministrationThroughIam", keyPolicy.getAsJsonArray("Statement").get(0).getAsJsonObject()
                .get("Sid").getAsString());
        String roles = Files.readString(dir.resolve("iam/reg-Inventory-us-east-1.json"));
        assertTrue(roles.contains("kms:EncryptionContext:aws:sqs:arn"), roles);
        String summary = printed.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("Key arn:aws:kms:us-east-1:111122223333:key/"), summary);
        assertTrue(summary.contains("when {\"StringEquals\":{\"kms:EncryptionContext:aws:states:stateMachineArn\""),
                summary);

        String diagram = Files.readString(dir.resolve("diagram.md"));
        // The key encrypts both queues, both log groups, the topic, the state machine and the function's environment;
        // its alias names it.
        assertEquals(7, diagram.split("-.->\\|encrypts\\|", -1).length - 1, diagram);
        assertTrue(diagram.contains("-.->|names|"), diagram);
        var plan = JsonParser.parseString(Files.readString(dir.resolve("plan.json"))).getAsJsonObject().toString();
        assertTrue(plan.contains("\"permissionsBoundary\":\"arn:aws:iam::123456789012:policy/OrganisationBoundary\""),
                plan);
        assertTrue(plan.contains("\"path\":\"/inventory-callback/\""), plan);
        Matcher flow = Pattern.compile("```mermaid\\nflowchart.*?```\\n", Pattern.DOTALL).matcher(diagram);
        assertTrue(flow.find());
        assertTrue(Files.readString(Path.of("docs/architecture.md")).contains(flow.group()),
                "docs/architecture.md's regulated diagram is"
                + " out of date; copy it from a plan of Pulumi.regulated.yaml:\n" + flow.group());
    }

    @Test
    void theRegulatedStackKeepsAYearOfTheFunctionsAndTheStateMachinesLogs(@TempDir Path dir) throws IOException {
        assertEquals(0, Plan.run("regulated", Path.of("Pulumi.regulated.yaml"), dir, "111122223333", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        Map<String, Integer> retention = new java.util.TreeMap<>();
        for (var element : JsonParser.parseString(Files.readString(dir.resolve("plan.json"))).getAsJsonObject()
                .getAsJsonArray("resources")) {
            var resource = element.getAsJsonObject();
            if (resource.get("type").getAsString().equals(AwsTypes.LOG_GROUP)) {
                retention.put(resource.get("name").getAsString(),
                        resource.getAsJsonObject("inputs").get("retentionInDays").getAsInt());
            }
        }
        // The name claim holds no events: its one day is not a retention of anything.
        assertEquals(Map.of("inventory-logs", 365, "workflow-logs", 365, "name-claim", 1), retention);
    }

    @Test
    void diagramFollowsTheQueueThroughTheAliasWhenSnapStartIsOn() {
        var plan = Plan.of("dev", Map.of("inventory-callback:snapStart", "true"),
                new AwsMocks("111122223333", "us-east-1"));
        String flow = Diagrams.resources(plan);
        assertTrue(flow.contains("==>|invokes|"), flow);
        assertTrue(flow.contains("==>|\"published version\"|"), flow);
    }

    @Test
    void invalidConfigFailsWithTheProgramsMessageAndANonZeroExit(@TempDir Path dir) throws IOException {
        Path stackFile = dir.resolve("Pulumi.bad.yaml");
        Files.writeString(stackFile, "config:\n  aws:region: us-east-1\n  inventory-callback:batchSize: 0\n");
        var errors = new ByteArrayOutputStream();

        int exit = Plan.run("bad", stackFile, dir.resolve("plan"), "999988887777", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(errors, true));

        assertEquals(1, exit);
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains(
                "inventory-callback:batchSize = '0' is invalid: must be a whole number from 1 to 10000"), errors.toString());
        assertTrue(Files.notExists(dir.resolve("plan/plan.json")));
    }

    @Test
    void aStackWithoutARegionIsRefusedAsTheProviderWouldUnlessTheEnvironmentNamesOne(@TempDir Path dir)
            throws IOException {
        Path stackFile = dir.resolve("Pulumi.noregion.yaml");
        Files.writeString(stackFile, "config:\n  inventory-callback:batchSize: 5\n");
        var errors = new ByteArrayOutputStream();
        int exit = Plan.run("noregion", stackFile, dir.resolve("plan"), "999988887777", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(errors, true));
        boolean fromEnvironment = System.getenv("AWS_REGION") != null || System.getenv("AWS_DEFAULT_REGION") != null;
        if (fromEnvironment) {
            assertEquals(0, exit);
            assertTrue(errors.toString(StandardCharsets.UTF_8).contains("aws:region is not set in the stack:"
                    + " planning for"), errors.toString());
        } else {
            assertEquals(1, exit);
            assertTrue(errors.toString(StandardCharsets.UTF_8).contains("aws:region is not set: the AWS provider"
                    + " needs a region"), errors.toString());
        }
        assertEquals("eu-west-1", Plan.region("eu-west-1", Map.of(), new PrintStream(new ByteArrayOutputStream())));
        assertEquals("eu-north-1", Plan.region(null, Map.of("aws:region", "eu-north-1"),
                new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void theFolderIsEmptiedSoNoFileOfAnEarlierPlanSurvives(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("plan");
        assertEquals(0, Plan.run("regulated", Path.of("Pulumi.regulated.yaml"), out, "111122223333", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(Files.exists(out.resolve("iam/key-policy.json")));
        assertEquals(0, Plan.run("dev", DEV, out, "111122223333", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(Files.notExists(out.resolve("iam/key-policy.json")), "the regulated plan's key policy is gone");
        assertTrue(Files.readString(out.resolve("summary.txt")).startsWith("Plan of stack 'dev'"));
        // A failed plan leaves nothing that looks current.
        Path bad = dir.resolve("Pulumi.bad.yaml");
        Files.writeString(bad, "config:\n  aws:region: us-east-1\n  inventory-callback:batchSize: 0\n");
        assertEquals(1, Plan.run("bad", bad, out, "111122223333", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(Files.notExists(out.resolve("plan.json")));
        // A folder of other files is not emptied.
        Path other = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(other.resolve("mine.txt"), "keep");
        assertEquals(1, Plan.run("dev", DEV, other, "111122223333", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(Files.exists(other.resolve("mine.txt")));
    }

    @Test
    void aSecretInTheStackFileIsNamedBecauseThePlanCannotDecryptIt(@TempDir Path dir) throws IOException {
        Path stackFile = dir.resolve("Pulumi.sec.yaml");
        Files.writeString(stackFile, "config:\n  inventory-callback:alarmEmail:\n    secure: AAABAKx\n");
        var errors = new ByteArrayOutputStream();

        int exit = Plan.run("sec", stackFile, dir.resolve("plan"), "1", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(errors, true));

        assertEquals(1, exit);
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains(
                "inventory-callback:alarmEmail is a secret; the plan cannot decrypt it"), errors.toString());
    }

    @Test
    void aStackFileWithoutConfigPlansTheDefaults(@TempDir Path dir) throws IOException {
        Path empty = dir.resolve("Pulumi.empty.yaml");
        Files.writeString(empty, "# nothing set\n");
        assertEquals(Map.of(), StackFile.config(empty));
        Files.writeString(empty, "config: 7\n");
        assertEquals(Map.of(), StackFile.config(empty));
        Files.writeString(empty, "config:\n  inventory-callback:batchSize: 0x0A\n  inventory-callback:ratio: 2.5\n"
                + "  inventory-callback:list: [a, b]\n");
        var config = StackFile.config(empty);
        assertEquals("10", config.get("inventory-callback:batchSize"));
        assertEquals("2.5", config.get("inventory-callback:ratio"));
        assertEquals("[\"a\",\"b\"]", config.get("inventory-callback:list"));
    }

    @Test
    void missingStackFileIsNamed(@TempDir Path dir) {
        var errors = new ByteArrayOutputStream();
        int exit = Plan.run("qa", dir.resolve("Pulumi.qa.yaml"), dir.resolve("plan"), "1", null,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(errors, true));
        assertEquals(1, exit);
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("Pulumi.qa.yaml not found"), errors.toString());
    }
}
