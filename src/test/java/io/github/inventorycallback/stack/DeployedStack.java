package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsMocks;
import io.github.inventorycallback.stack.plan.OfflineEngine;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.plan.AwsTypes.STATE_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The program run offline with a given config: what it registered, with which inputs, and its outputs. */
final class DeployedStack {
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";

    // The default stack's resources, as the offline engine names them.
    static final String QUEUE_ARN = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":dev-Orders";
    static final String DLQ_ARN = QUEUE_ARN + "-dlq";
    static final String QUEUE_URL = "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/dev-Orders";
    static final String STATE_MACHINE_ARN =
            "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:dev-InventoryStateMachine";
    /** IAM role names are account-wide: the region in them lets one stack name live in two regions. */
    static final String WORKFLOW_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/dev-InventoryStateMachine-" + REGION;
    static final String FUNCTION_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/dev-Inventory-" + REGION;
    static final String FUNCTION_LOG_GROUP_ARN =
            "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:/aws/lambda/dev-Inventory";

    final TestResult result;
    final AwsMocks mocks;

    private DeployedStack(TestResult result, AwsMocks mocks) {
        this.result = result;
        this.mocks = mocks;
    }

    static DeployedStack deploy(Map<String, String> config) {
        return deploy(config, REGION);
    }

    /** @param config values by key; a key without a namespace is one of the project's (tests name them so) */
    static DeployedStack deploy(Map<String, String> config, String region) {
        return deploy(config, new AwsMocks(ACCOUNT, region));
    }

    /** @param mocks the account as it is before the program runs (another stack's resources, say) */
    static DeployedStack deploy(Map<String, String> config, AwsMocks mocks) {
        return new DeployedStack(OfflineEngine.run("dev", namespaced(config), mocks), mocks);
    }

    static Map<String, String> namespaced(Map<String, String> config) {
        Map<String, String> namespaced = new java.util.HashMap<>();
        config.forEach((key, value) ->
                namespaced.put(key.contains(":") ? key : StackConfig.NAMESPACE + ":" + key, value));
        return namespaced;
    }

    /**
     * Deploys a config the program must refuse: fails the test if any resource was registered first, and returns
     * the program's error text.
     */
    static String rejected(Map<String, String> config, String region) {
        var failed = deploy(config, region);
        if (!failed.mocks.registered().isEmpty()) {
            throw new AssertionError("registered before refusing: " + failed.mocks.registered().stream()
                    .map(r -> r.type() + "::" + r.name()).toList());
        }
        return failed.failure();
    }

    /** Deploys and fails the test if the program reported an error. */
    static DeployedStack deployOk(Map<String, String> config) {
        return deployOk(config, REGION);
    }

    /** Set in PIT's configuration (pom.xml): every test deploys its stack itself. */
    static final String DEPLOY_PER_TEST = "tests.deployPerTest";
    private static final Map<List<Object>, DeployedStack> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The stack every test of {@code testClass} reads (they only read it): deployed once for the class, and anew
     * for each class, so a mutant is deployed. Under PIT ({@value #DEPLOY_PER_TEST}), deployed by each test: PIT
     * runs against a mutant only the tests it saw covering the mutated line, and a deployment shared by a class's
     * tests is seen by one of them at most, so the others' assertions would never judge it.
     */
    static DeployedStack forClass(Class<?> testClass, Map<String, String> config) {
        if (Boolean.getBoolean(DEPLOY_PER_TEST)) {
            return deployOk(config);
        }
        return SHARED.computeIfAbsent(List.of(testClass, config), key -> deployOk(config));
    }

    static DeployedStack deployOk(Map<String, String> config, String region) {
        var stack = deploy(config, region);
        if (!stack.result.exceptions().isEmpty() || !stack.result.errors().isEmpty()) {
            throw new AssertionError("deployment failed: " + stack.result.errors() + stack.result.exceptions());
        }
        return stack;
    }

    List<AwsMocks.Registered> all(String type) {
        return mocks.registered().stream().filter(r -> r.type().equals(type)).toList();
    }

    AwsMocks.Registered resource(String type, String name) {
        return mocks.registered().stream()
                .filter(r -> r.type().equals(type) && r.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " named " + name));
    }

    Object input(String type, String name, String key) {
        return resource(type, name).inputs().get(key);
    }

    /** A JSON-string input (a policy, a definition) parsed. */
    JsonObject jsonInput(String type, String name, String key) {
        return JsonParser.parseString((String) input(type, name, key)).getAsJsonObject();
    }

    Object output(String name) {
        return PulumiTest.extractValue(result.outputs().get(name));
    }

    /** The error text the program reported, for stacks expected to fail. */
    String failure() {
        return String.join("\n", result.errors()) + result.exceptions();
    }

    static int number(Object mockValue) {
        // Numbers reach the provider as JSON numbers (doubles).
        return ((Number) mockValue).intValue();
    }

    static List<String> strings(JsonElement arrayOrString) {
        if (arrayOrString.isJsonArray()) {
            return arrayOrString.getAsJsonArray().asList().stream().map(JsonElement::getAsString).toList();
        }
        return List.of(arrayOrString.getAsString());
    }

    /** The state machine's loggingConfiguration input. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> logging(DeployedStack deployed) {
        return (Map<String, Object>) deployed.input(STATE_MACHINE, "InventoryStateMachine", "loggingConfiguration");
    }

    /** The policy's only statement, an Allow. */
    static JsonObject onlyStatement(JsonObject policy) {
        var statements = policy.getAsJsonArray("Statement");
        assertEquals(1, statements.size(), policy.toString());
        var statement = statements.get(0).getAsJsonObject();
        assertEquals("Allow", statement.get("Effect").getAsString());
        return statement;
    }

    /** Every Allow grant of a policy as "action -> resource", in document order. */
    static List<String> grants(JsonObject policy) {
        List<String> grants = new ArrayList<>();
        for (JsonElement element : policy.getAsJsonArray("Statement")) {
            var statement = element.getAsJsonObject();
            assertEquals("Allow", statement.get("Effect").getAsString(), statement.toString());
            for (var action : strings(statement.get("Action"))) {
                for (var resource : strings(statement.get("Resource"))) {
                    grants.add(action + " -> " + resource);
                }
            }
        }
        return grants;
    }
}
