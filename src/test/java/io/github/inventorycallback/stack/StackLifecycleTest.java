package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.STATE_MACHINE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.grants;
import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.plan.AwsTypes.ALIAS;
import static io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_GROUP;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE_POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.STATE_MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the engine does with the stack over its life: create and destroy order, timeouts, names in two regions, replacements. */
class StackLifecycleTest {
    private final DeployedStack stack = DeployedStack.forClass(StackLifecycleTest.class, Map.of());

    @Test
    void stateMachineDependsOnWhatAnswersItSoDestroyRemovesItFirst() {
        // pulumi destroy deletes in reverse dependency order: the state machine (which waits for its running
        // executions) goes before the function, its mapping and its grants, which still answer those executions.
        var dependsOn = stack.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().dependsOn();
        assertTrue(dependsOn.containsAll(List.of(FUNCTION + "::Inventory", AwsTypes.EVENT_SOURCE_MAPPING + "::inventory-orders",
                ROLE_POLICY + "::inventory-policy")), dependsOn.toString());
        var snap = DeployedStack.deployOk(Map.of("snapStart", "true"));
        assertTrue(snap.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().dependsOn()
                .contains(ALIAS + "::inventory-live"));
    }

    @Test
    void nothingOfTheFunctionDependsOnTheStateMachine() {
        for (var type : List.of(FUNCTION, AwsTypes.EVENT_SOURCE_MAPPING, ROLE_POLICY, ROLE, LOG_GROUP)) {
            for (var resource : stack.all(type)) {
                assertFalse(resource.lifecycle().dependsOn().contains(STATE_MACHINE + "::InventoryStateMachine"),
                        resource.name() + " depends on the state machine: destroy would delete it first");
            }
        }
        // The callback grant names the state machine's ARN all the same, derived from its name.
        assertTrue(grants(stack.jsonInput(ROLE_POLICY, "inventory-policy", "policy"))
                .contains("states:SendTaskSuccess -> " + STATE_MACHINE_ARN));
    }

    @ParameterizedTest(name = "taskTimeoutSeconds = {0}")
    @CsvSource({"300", "1", "3600", "31536000"})
    void stateMachineDeletionWaitsLongerThanTheTaskTimeout(int taskTimeout) {
        var config = taskTimeout >= 250 ? Map.of("taskTimeoutSeconds", String.valueOf(taskTimeout))
                : Map.of("taskTimeoutSeconds", String.valueOf(taskTimeout), "maxReceiveCount", "1",
                "functionTimeoutSeconds", "1");
        var deployed = DeployedStack.deployOk(config);
        var timeouts = deployed.resource(STATE_MACHINE, "InventoryStateMachine").lifecycle().customTimeouts();
        assertTrue(timeouts.get("delete") > taskTimeout, timeouts + " for a task timeout of " + taskTimeout);
        assertEquals(taskTimeout + 300, timeouts.get("delete"));
    }

    @Test
    void theSameStackInTwoRegionsOfOneAccountGetsDistinctRoleNames() {
        var ireland = DeployedStack.deployOk(Map.of());
        var virginia = DeployedStack.deployOk(Map.of(), "us-east-1");
        for (var role : List.of("workflow-role", "inventory-role")) {
            assertFalse(ireland.input(ROLE, role, "name").equals(virginia.input(ROLE, role, "name")), role);
        }
        assertEquals("dev-Inventory-us-east-1", virginia.input(ROLE, "inventory-role", "name"));
    }

    @Test
    void theLongestPrefixAndRegionStillMakeValidRoleNames() {
        String prefix = "a".repeat(StackConfig.MAX_PREFIX_LENGTH);
        var deployed = DeployedStack.deployOk(Map.of("namePrefix", prefix), "us-isof-south-1");
        for (var role : deployed.all(ROLE)) {
            String name = (String) role.inputs().get("name");
            assertTrue(name.length() <= 64, name + " is longer than IAM's 64 characters");
            assertTrue(name.startsWith(prefix) && name.endsWith("-us-isof-south-1"), name);
        }
    }

    @Test
    void rolesCarryTheOrganisationsPathAndPermissionsBoundaryWhenSet() {
        for (var role : stack.all(ROLE)) {
            assertEquals("/", role.inputs().get("path"), role.name());
            assertNull(role.inputs().get("permissionsBoundary"), role.name());
        }
        String boundary = "arn:aws:iam::" + ACCOUNT + ":policy/org/workload-boundary";
        var governed = DeployedStack.deployOk(Map.of("iamPath", "/org/apps/", "permissionsBoundaryArn", boundary));
        for (var role : governed.all(ROLE)) {
            assertEquals("/org/apps/", role.inputs().get("path"), role.name());
            assertEquals(boundary, role.inputs().get("permissionsBoundary"), role.name());
        }
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/org/apps/dev-InventoryStateMachine-" + REGION,
                governed.input(STATE_MACHINE, "InventoryStateMachine", "roleArn"));
        assertEquals("arn:aws:iam::" + ACCOUNT + ":role/org/apps/dev-Inventory-" + REGION,
                governed.input(FUNCTION, "Inventory", "role"));
    }

    @Test
    void theStackAttachesTheOperatorPolicySoDestroyDetachesItFirst() {
        var operated = DeployedStack.deployOk(Map.of("operators",
                "[\"role/OrderOperators\", \"user/alice\", \"group/oncall\"]"));
        String policy = AwsTypes.POLICY + "::operator-policy";
        String arn = "arn:aws:iam::" + ACCOUNT + ":policy/dev-InventoryStateMachine-operator-" + REGION;
        for (var attachment : List.of(
                List.of(AwsTypes.ROLE_POLICY_ATTACHMENT, "operator-role-OrderOperators", "role", "OrderOperators"),
                List.of(AwsTypes.USER_POLICY_ATTACHMENT, "operator-user-alice", "user", "alice"),
                List.of(AwsTypes.GROUP_POLICY_ATTACHMENT, "operator-group-oncall", "group", "oncall"))) {
            var resource = operated.resource(attachment.get(0), attachment.get(1));
            assertEquals(arn, resource.inputs().get("policyArn"), attachment.get(1));
            assertEquals(attachment.get(3), resource.inputs().get(attachment.get(2)), attachment.get(1));
            // Depends on the policy: destroy (and a replacement of the policy) deletes the attachment first.
            assertTrue(resource.lifecycle().dependsOn().contains(policy), attachment.get(1));
        }
        // A fixed name: the old policy must be gone before its successor takes the name.
        assertTrue(operated.resource(AwsTypes.POLICY, "operator-policy").lifecycle().deleteBeforeReplace());
        assertEquals(List.of(), stack.all(AwsTypes.ROLE_POLICY_ATTACHMENT), "no operators, no attachment");
    }

    @Test
    void operatorsMustBeRolesUsersOrGroupsByName() {
        for (String bad : List.of("role/OrderOperators", "[\"arn:aws:iam::123456789012:role/x\"]",
                "[\"robot/x\"]", "[\"role/a\", \"role/a\"]", "[\"role/" + "r".repeat(65) + "\"]")) {
            String error = DeployedStack.rejected(Map.of("operators", bad), REGION);
            assertTrue(error.contains("inventory-callback:operators = '" + bad + "' is invalid: must be a list of"
                    + " role/NAME, user/NAME or group/NAME"), error);
            // The form that works: a JSON string set without --path is refused by the CLI as not array<string>.
            assertTrue(error.contains("set each entry with --path, e.g. `pulumi config set --path"
                    + " 'inventory-callback:operators[0]' role/OrderOperators`"), error);
        }
    }

    @Test
    void noResourceIsProtectedRetainedOrIgnoresChanges() {
        // (The exceptions: a key the stack creates, EncryptionTest's; the claim's owner tag, NameClaimTest's.)
        // pulumi destroy removes everything, and every config change reaches AWS.
        for (var resource : stack.mocks.registered()) {
            var lifecycle = resource.lifecycle();
            assertFalse(lifecycle.protect() || lifecycle.retainOnDelete(), resource.name());
            if (!resource.name().equals("name-claim")) {
                assertEquals(List.of(), lifecycle.ignoreChanges(), resource.name());
            }
        }
    }
}
