package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsMocks;
import io.github.inventorycallback.stack.plan.AwsTypes;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.inventorycallback.stack.DeployedStack.grants;
import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.strings;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE;
import static io.github.inventorycallback.stack.plan.AwsTypes.ROLE_POLICY;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Least privilege across the whole stack: every grant of every variant. */
class LeastPrivilegeTest {
    private final DeployedStack stack = DeployedStack.forClass(LeastPrivilegeTest.class, Map.of());

    @Test
    void noRoleUsesAManagedPolicy() {
        assertTrue(stack.all("aws:iam/rolePolicyAttachment:RolePolicyAttachment").isEmpty());
        assertTrue(stack.all("aws:iam/policyAttachment:PolicyAttachment").isEmpty());
        for (var role : stack.all(ROLE)) {
            assertNull(role.inputs().get("managedPolicyArns"), role.name());
        }
    }

    /** Every identity policy of the stack and of its variant with every option on, key included. */
    private List<AwsMocks.Registered> everyIdentityPolicy() {
        var regulated = DeployedStack.deployOk(Map.of("kmsKey", "create", "snapStart", "true",
                "iamPath", "/org/", "permissionsBoundaryArn", "arn:aws:iam::" + ACCOUNT + ":policy/boundary"));
        List<AwsMocks.Registered> policies = new ArrayList<>(stack.all(ROLE_POLICY));
        policies.addAll(stack.all(AwsTypes.POLICY));
        policies.addAll(regulated.all(ROLE_POLICY));
        policies.addAll(regulated.all(AwsTypes.POLICY));
        return policies;
    }

    @Test
    void noAllowStatementAnywhereUsesAWildcardAction() {
        for (var policy : everyIdentityPolicy()) {
            for (var statement : JsonParser.parseString((String) policy.inputs().get("policy")).getAsJsonObject()
                    .getAsJsonArray("Statement")) {
                for (var action : strings(statement.getAsJsonObject().get("Action"))) {
                    assertFalse(action.contains("*"), policy.name() + " allows " + action);
                }
            }
        }
    }

    @Test
    void starResourcesAppearOnlyForTheLogDeliveryAndXRayActions() {
        for (var policy : everyIdentityPolicy()) {
            for (var grant : grants(JsonParser.parseString((String) policy.inputs().get("policy")).getAsJsonObject())) {
                if (grant.endsWith("-> *")) {
                    assertTrue(grant.startsWith("logs:") || grant.startsWith("xray:"), policy.name() + ": " + grant);
                }
            }
        }
    }
}
