package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsTypes;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.QUEUE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.DLQ_ARN;
import static io.github.inventorycallback.stack.DeployedStack.STATE_MACHINE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.DeployedStack.number;
import static io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION;
import static io.github.inventorycallback.stack.plan.AwsTypes.KEY;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_GROUP;
import static io.github.inventorycallback.stack.plan.AwsTypes.POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.QUEUE;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE_POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.STATE_MACHINE;
import static io.github.inventorycallback.stack.plan.AwsTypes.TOPIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole program with the stack's data under a customer-managed key: created by the stack, or given by ARN. */
class EncryptionTest {
    static final String EXISTING_KEY = "arn:aws:kms:" + REGION + ":" + ACCOUNT
            + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String FUNCTION_ARN = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:dev-Inventory";

    private final DeployedStack created = DeployedStack.forClass(EncryptionTest.class, Map.of("kmsKey", "create"));

    private static String keyArn(DeployedStack stack) {
        return (String) stack.resource(KEY, "data-key").state().get("arn");
    }

    /** Every place a resource names its key, by logical name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> keysInUse(DeployedStack stack) {
        return Map.of(
                "Orders", String.valueOf(stack.input(QUEUE, "Orders", "kmsMasterKeyId")),
                "orders-dlq", String.valueOf(stack.input(QUEUE, "orders-dlq", "kmsMasterKeyId")),
                "inventory-logs", String.valueOf(stack.input(LOG_GROUP, "inventory-logs", "kmsKeyId")),
                "workflow-logs", String.valueOf(stack.input(LOG_GROUP, "workflow-logs", "kmsKeyId")),
                "alarm-topic", String.valueOf(stack.input(TOPIC, "alarm-topic", "kmsMasterKeyId")),
                "InventoryStateMachine", String.valueOf(((Map<String, Object>) stack.input(STATE_MACHINE,
                        "InventoryStateMachine", "encryptionConfiguration")).get("kmsKeyId")),
                "Inventory", String.valueOf(stack.input(FUNCTION, "Inventory", "kmsKeyArn")));
    }

    /** The key policy's statement of this Sid. */
    private static JsonObject keyStatement(DeployedStack stack, String sid) {
        for (var element : stack.jsonInput(KEY, "data-key", "policy").getAsJsonArray("Statement")) {
            if (element.getAsJsonObject().get("Sid").getAsString().equals(sid)) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("the key policy has no statement " + sid);
    }

    @Test
    void theCreatedKeyRotatesIsSymmetricAndWaitsThirtyDaysBeforeDeletion() {
        var key = created.resource(KEY, "data-key").inputs();
        assertEquals(true, key.get("enableKeyRotation"));
        assertEquals("SYMMETRIC_DEFAULT", key.get("customerMasterKeySpec"));
        assertEquals("ENCRYPT_DECRYPT", key.get("keyUsage"));
        assertEquals(30, number(key.get("deletionWindowInDays")));
        assertNull(key.get("bypassPolicyLockoutSafetyCheck"));
        assertEquals("alias/dev-inventory-callback", created.input(AwsTypes.KEY_ALIAS, "data-key-alias", "name"));
        assertEquals(keyArn(created), created.output("kmsKeyArn"));
    }

    /**
     * The provider refuses a queue that names a key and says anything of SSE-SQS, an explicit false included
     * (kms_master_key_id ConflictsWith sqs_managed_sse_enabled): tools/provider-check/run found the regulated stack
     * undeployable for it. Without a key, SSE-SQS is asked for explicitly.
     */
    @Test
    void aQueueNeverNamesAKeyAndSseSqsTogether() {
        var existing = DeployedStack.deployOk(Map.of("kmsKey", EXISTING_KEY));
        for (DeployedStack stack : List.of(created, existing)) {
            for (var queue : stack.all(QUEUE)) {
                assertTrue(queue.inputs().containsKey("kmsMasterKeyId"), queue.name());
                assertFalse(queue.inputs().containsKey("sqsManagedSseEnabled"), queue.name() + " " + queue.inputs());
            }
        }
        var plain = DeployedStack.deployOk(Map.of());
        for (var queue : plain.all(QUEUE)) {
            assertEquals(true, queue.inputs().get("sqsManagedSseEnabled"), queue.name());
            assertFalse(queue.inputs().containsKey("kmsMasterKeyId"), queue.name());
        }
    }

    @Test
    void theCreatedKeyOutlivesItsStackSoWhatItEncryptedStaysReadable() {
        // A key pending deletion refuses every use: destroy, kmsKey off or another key must not schedule it.
        assertTrue(created.resource(KEY, "data-key").lifecycle().retainOnDelete());
        for (var resource : created.mocks.registered()) {
            if (!resource.type().equals(KEY)) {
                assertFalse(resource.lifecycle().retainOnDelete(), resource.name());
            }
        }
    }

    @Test
    void bothQueuesBothLogGroupsTheTopicTheStateMachineAndTheFunctionsEnvironmentUseTheKey() {
        String key = keyArn(created);
        keysInUse(created).forEach((resource, used) -> assertEquals(key, used, resource));
        for (String queue : List.of("Orders", "orders-dlq")) {
            assertEquals(300, number(created.input(QUEUE, queue, "kmsDataKeyReusePeriodSeconds")), queue);
        }
        var encryption = stateMachineEncryption(created);
        assertEquals("CUSTOMER_MANAGED_KMS_KEY", encryption.get("type"));
        assertEquals(300, number(encryption.get("kmsDataKeyReusePeriodSeconds")));
    }

    @Test
    void theFunctionsEnvironmentIsEncryptedWithTheStacksKeyNotLambdasOwn() {
        assertEquals(keyArn(created), created.input(FUNCTION, "Inventory", "kmsKeyArn"));
        var existing = DeployedStack.deployOk(Map.of("kmsKey", EXISTING_KEY));
        assertEquals(EXISTING_KEY, existing.input(FUNCTION, "Inventory", "kmsKeyArn"));
    }

    @Test
    void theKeyPolicyLetsLambdaUseTheKeyForThisFunctionsEnvironmentOnly() {
        // The ARN the policy names before the function exists is the ARN the function gets.
        assertEquals(FUNCTION_ARN, created.resource(FUNCTION, "Inventory").state().get("arn"));
        var environment = keyStatement(created, "LambdaEnvironmentOfThisFunction");
        assertEquals("{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"}", environment.get("Principal").toString());
        assertEquals("[\"kms:Encrypt\",\"kms:Decrypt\"]", environment.get("Action").toString());
        assertEquals("{\"StringEquals\":{\"kms:EncryptionContext:aws:lambda:FunctionArn\":\"" + FUNCTION_ARN + "\"}}",
                environment.get("Condition").toString());
        // The grant Lambda creates when the key is set on the function: through Lambda, by this account, for an AWS
        // resource only.
        var grant = keyStatement(created, "LambdaGrantsThroughLambdaOnly");
        assertEquals("[\"kms:CreateGrant\"]", grant.get("Action").toString());
        assertEquals("{\"StringEquals\":{\"kms:ViaService\":\"lambda." + REGION + ".amazonaws.com\","
                + "\"kms:CallerAccount\":\"" + ACCOUNT + "\"},\"Bool\":{\"kms:GrantIsForAWSResource\":\"true\"}}",
                grant.get("Condition").toString());
    }

    @Test
    void theFunctionsRoleMayDecryptOnlyItsOwnEnvironmentAndMayBeforeTheFunctionUsesTheKey() {
        var decrypt = DeployedStack.onlyStatement(created.jsonInput(ROLE_POLICY, "inventory-key-policy", "policy"));
        assertEquals("decrypt-environment", created.input(ROLE_POLICY, "inventory-key-policy", "name"));
        assertEquals("dev-Inventory-" + REGION, created.input(ROLE_POLICY, "inventory-key-policy", "role"));
        assertEquals("[\"kms:Decrypt\"]", decrypt.get("Action").toString());
        assertEquals("[\"" + keyArn(created) + "\"]", decrypt.get("Resource").toString());
        assertEquals("{\"StringEquals\":{\"kms:EncryptionContext:aws:lambda:FunctionArn\":\"" + FUNCTION_ARN + "\"}}",
                decrypt.get("Condition").toString());
        // A key change reaches the role before the function: Lambda re-encrypts the environment on the update, and a
        // new execution environment decrypts it with the role.
        assertTrue(created.resource(FUNCTION, "Inventory").lifecycle().dependsOn()
                .contains(ROLE_POLICY + "::inventory-key-policy"));
    }

    @Test
    void theKeyPolicyNamesTheArnsTheResourcesActuallyGet() {
        // The policy is written before the resources exist, from their names: a wrong derivation would lock them out.
        var policy = created.jsonInput(KEY, "data-key", "policy");
        String text = policy.toString();
        for (String arn : List.of(QUEUE_ARN, DLQ_ARN, STATE_MACHINE_ARN,
                (String) created.resource(LOG_GROUP, "inventory-logs").state().get("arn"),
                (String) created.resource(LOG_GROUP, "workflow-logs").state().get("arn"))) {
            assertTrue(text.contains("\"" + arn + "\""), arn + " missing from " + text);
        }
        assertEquals(QUEUE_ARN, created.resource(QUEUE, "Orders").state().get("arn"));
        assertEquals(STATE_MACHINE_ARN, created.resource(STATE_MACHINE, "InventoryStateMachine").state().get("arn"));
        for (var alarm : created.all(AwsTypes.METRIC_ALARM)) {
            String arn = (String) alarm.state().get("arn");
            assertTrue(arn.startsWith("arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:dev-InventoryCallback-"),
                    arn + " is not covered by the key's alarm statement");
        }
        assertTrue(text.contains("\"arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:dev-InventoryCallback-*\""));
    }

    @Test
    void everythingTheKeyProtectsDependsOnItSoDestroyDeletesTheKeyLast() {
        String key = KEY + "::data-key";
        for (var resource : List.of(created.resource(QUEUE, "Orders"), created.resource(QUEUE, "orders-dlq"),
                created.resource(LOG_GROUP, "inventory-logs"), created.resource(LOG_GROUP, "workflow-logs"),
                created.resource(TOPIC, "alarm-topic"), created.resource(STATE_MACHINE, "InventoryStateMachine"),
                created.resource(FUNCTION, "Inventory"))) {
            assertTrue(resource.lifecycle().dependsOn().contains(key), resource.name() + " " + resource.lifecycle());
        }
    }

    @Test
    void theStateMachineIsCreatedOnlyAfterItsRoleMayUseTheKey() {
        var dependsOn = created.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().dependsOn();
        assertTrue(dependsOn.contains(ROLE_POLICY + "::workflow-key-policy"), dependsOn.toString());
        assertEquals("encrypt-execution-data", created.input(ROLE_POLICY, "workflow-key-policy", "name"));
    }

    @Test
    void everyKmsGrantOfTheRolesAndTheOperatorNamesTheKeyAndCarriesACondition() {
        String key = keyArn(created);
        List<String> sids = new ArrayList<>();
        List<JsonObject> documents = new ArrayList<>();
        created.all(ROLE_POLICY).forEach(p -> documents.add(json(p.inputs().get("policy"))));
        created.all(POLICY).forEach(p -> documents.add(json(p.inputs().get("policy"))));
        for (JsonObject document : documents) {
            for (var element : document.getAsJsonArray("Statement")) {
                var statement = element.getAsJsonObject();
                if (statement.get("Action").toString().contains("kms:")) {
                    sids.add(statement.get("Sid").getAsString());
                    assertEquals("[\"" + key + "\"]", statement.get("Resource").toString(), statement.toString());
                    assertTrue(statement.has("Condition"), statement.toString());
                }
            }
        }
        assertEquals(List.of("DeadLetterOrders", "DecryptOrders", "DecryptOwnEnvironment", "EncryptAnswers",
                "EncryptExecutionLogs", "EncryptOrderChecks", "UseExecutionDataKey", "UseExecutionDataKey", "UseQueueKey"),
                sids.stream().sorted().toList());
    }

    @Test
    void anExistingKeyIsUsedByArnAndNoKeyIsCreated() {
        var existing = DeployedStack.deployOk(Map.of("kmsKey", EXISTING_KEY, "kmsDataKeyReuseSeconds", "900"));
        assertTrue(existing.all(KEY).isEmpty());
        assertTrue(existing.all(AwsTypes.KEY_ALIAS).isEmpty());
        keysInUse(existing).forEach((resource, used) -> assertEquals(EXISTING_KEY, used, resource));
        assertEquals(900, number(stateMachineEncryption(existing).get("kmsDataKeyReusePeriodSeconds")));
        assertEquals(900, number(existing.input(QUEUE, "Orders", "kmsDataKeyReusePeriodSeconds")));
        assertTrue(existing.input(ROLE_POLICY, "inventory-policy", "policy").toString().contains(EXISTING_KEY));
        assertEquals(EXISTING_KEY, existing.output("kmsKeyArn"));
    }

    @Test
    void withoutAKeyTheStackUsesAwsOwnedKeysAndGrantsNoKms() {
        var plain = DeployedStack.deployOk(Map.of());
        assertTrue(plain.all(KEY).isEmpty());
        assertEquals("AWS_OWNED_KEY", stateMachineEncryption(plain).get("type"));
        assertNull(stateMachineEncryption(plain).get("kmsKeyId"));
        for (String queue : List.of("Orders", "orders-dlq")) {
            assertEquals(true, plain.input(QUEUE, queue, "sqsManagedSseEnabled"));
            assertNull(plain.input(QUEUE, queue, "kmsMasterKeyId"));
        }
        assertNull(plain.input(LOG_GROUP, "inventory-logs", "kmsKeyId"));
        assertNull(plain.input(TOPIC, "alarm-topic", "kmsMasterKeyId"));
        // Lambda's own key for the environment: no key named, no grant to decrypt it.
        assertNull(plain.input(FUNCTION, "Inventory", "kmsKeyArn"));
        assertTrue(plain.all(ROLE_POLICY).stream().noneMatch(p -> p.name().equals("inventory-key-policy")));
        for (var policy : plain.all(ROLE_POLICY)) {
            assertFalse(policy.inputs().get("policy").toString().contains("kms:"), policy.name());
        }
        assertEquals("", plain.output("kmsKeyArn"));
    }

    @Test
    void withLoggingOffTheKeyAdmitsNoLogDeliveryAndTheWorkflowHasNoLogGroup() {
        var quiet = DeployedStack.deployOk(Map.of("kmsKey", "create", "workflowLogLevel", "OFF"));
        String policy = quiet.input(KEY, "data-key", "policy").toString();
        assertFalse(policy.contains("delivery.logs.amazonaws.com"), policy);
        assertFalse(policy.contains("/aws/vendedlogs/"), policy);
        assertTrue(quiet.all(LOG_GROUP).stream().noneMatch(g -> g.name().equals("workflow-logs")));
    }

    @Test
    void theOperatorPolicySitsUnderTheOrganisationsPath() {
        var governed = DeployedStack.deployOk(Map.of("kmsKey", "create", "iamPath", "/org/apps/"));
        var operator = governed.resource(POLICY, "operator-policy");
        assertEquals("/org/apps/", operator.inputs().get("path"));
        assertEquals("dev-InventoryStateMachine-operator-" + REGION, operator.inputs().get("name"));
        assertEquals(operator.state().get("arn"), governed.output("operatorPolicyArn"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "kmsKey|alias/orders|kmsKey = 'alias/orders' is invalid: must be empty (AWS-owned keys), \"create\"",
            "kmsKey|arn:aws:kms:eu-west-1:123456789012:alias/orders|kmsKey = 'arn:aws:kms:eu-west-1:123456789012:alias/orders' is invalid",
            "kmsKey|1234abcd-12ab-34cd-56ef-1234567890ab|kmsKey = '1234abcd-12ab-34cd-56ef-1234567890ab' is invalid",
            "kmsKey|arn:aws:kms:eu-west-1:12345678901:key/1234abcd-12ab-34cd-56ef-1234567890ab|is invalid: must be empty",
            "kmsKey|Create|kmsKey = 'Create' is invalid",
            "kmsDataKeyReuseSeconds|59|kmsDataKeyReuseSeconds = '59' is invalid: must be a whole number from 60 to 900",
            "kmsDataKeyReuseSeconds|901|kmsDataKeyReuseSeconds = '901' is invalid: must be a whole number from 60 to 900",
    })
    void invalidKeySettingsStopTheProgramBeforeAnyResourceIsRegistered(String key, String value, String message) {
        String failure = DeployedStack.rejected(Map.of(key, value), REGION);
        assertTrue(failure.contains(message), failure);
    }

    @Test
    void aKeyInAnotherRegionIsRejectedNamingBothRegions() {
        String failure = DeployedStack.rejected(Map.of("aws:region", "us-east-1", "kmsKey", EXISTING_KEY),
                "us-east-1");
        assertTrue(failure.contains("must be a key in the stack's region us-east-1"), failure);
        assertTrue(failure.contains("not " + REGION), failure);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stateMachineEncryption(DeployedStack stack) {
        return (Map<String, Object>) stack.input(STATE_MACHINE, "InventoryStateMachine", "encryptionConfiguration");
    }

    private static JsonObject json(Object text) {
        return JsonParser.parseString(String.valueOf(text)).getAsJsonObject();
    }
}
