package io.github.inventorycallback.stack;

import io.github.inventorycallback.stack.plan.AwsMocks;
import io.github.inventorycallback.stack.plan.OfflineEngine;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two stacks with one prefix in one account and region: the second never takes over the first's queues, state
 * machine or alarms (SQS, Step Functions and CloudWatch would hand them over without an error).
 */
class NameClaimTest {
    private static final String CLAIM = "aws:cloudwatch/logGroup:LogGroup::name-claim";
    private static final String ANOTHER_STACKS_TAG = "dev 2026-12-06T16:40:12Z 0a1b2c3d";

    /** Every variant that adds resources: a key, SnapStart's alias, a subscription, operators' attachments. */
    private static final Map<String, String> EVERY_PART = Map.of("kmsKey", "create", "snapStart", "true",
            "alarmEmail", "oncall@example.com", "operators", "[\"role/OrderOperators\", \"user/alice\"]");

    @Test
    void nothingIsCreatedBeforeTheClaimOnTheStacksNames() {
        for (var config : List.of(Map.<String, String>of(), EVERY_PART)) {
            var stack = DeployedStack.deployOk(config);
            Map<String, List<String>> dependencies = new HashMap<>();
            stack.mocks.registered().forEach(r -> dependencies.put(r.type() + "::" + r.name(), r.lifecycle().dependsOn()));
            assertEquals(List.of(), dependencies.get(CLAIM), "the claim waits for nothing");
            for (String resource : dependencies.keySet()) {
                if (!resource.equals(CLAIM) && !isComponent(resource)) {
                    assertTrue(waitsFor(resource, CLAIM, dependencies), resource + " may be created before the claim");
                }
            }
        }
    }

    @Test
    void theClaimIsALogGroupNamedAfterThePrefixAndTaggedWithItsOwner() {
        var stack = DeployedStack.deployOk(Map.of("namePrefix", "team-a-"));
        var claim = stack.resource(LOG_GROUP, "name-claim");
        assertEquals("/inventory-callback/team-a-claim", claim.inputs().get("name"));
        assertEquals(Map.of(NameClaim.TAG, OfflineEngine.CLAIM_OWNER), claim.inputs().get("tags"));
        // Each run offers a new tag; the one the create recorded stays the stack's.
        assertEquals(List.of("tags"), claim.lifecycle().ignoreChanges());
    }

    @Test
    void aSecondStackWithTheSamePrefixIsRefusedBeforeAnythingElseIsCreated() {
        var mocks = new AwsMocks(ACCOUNT, REGION).withLogGroup("/inventory-callback/dev-claim",
                Map.of(NameClaim.TAG, ANOTHER_STACKS_TAG, "stack", "dev"));
        var second = DeployedStack.deploy(Map.of(), mocks);

        String error = second.failure();
        assertTrue(error.contains("namePrefix 'dev-' is already used in this account and region by another stack:"
                + " the log group /inventory-callback/dev-claim claims it for stack 'dev' (claimed"
                + " 2026-12-06T16:40:12Z, claim 0a1b2c3d), and this stack did not create it."), error);
        assertTrue(error.contains("The queues dev-Orders and dev-Orders-dlq and the state machine"
                + " dev-InventoryStateMachine are that stack's"), error);
        assertTrue(error.contains("Choose a prefix of your own, e.g. `pulumi config set"
                + " inventory-callback:namePrefix alice-dev-`"), error);
        // The claim is registered (that is how the stack learns its own tag); nothing that waits for it is.
        assertEquals(List.of(CLAIM), second.mocks.registered().stream().map(r -> r.type() + "::" + r.name())
                .filter(resource -> !isComponent(resource)).toList());
    }

    @Test
    void aClaimWithoutAnOwnerTagIsNotThisStacks() {
        var mocks = new AwsMocks(ACCOUNT, REGION).withLogGroup("/inventory-callback/dev-claim", Map.of());
        String error = DeployedStack.deploy(Map.of(), mocks).failure();
        assertTrue(error.contains("claims it for '', and this stack did not create it"), error);
    }

    @Test
    void theStackThatMadeTheClaimDeploysAgain() {
        // Its state holds the tag the claim carries in AWS.
        var mocks = new AwsMocks(ACCOUNT, REGION).withLogGroup("/inventory-callback/dev-claim",
                Map.of(NameClaim.TAG, OfflineEngine.CLAIM_OWNER));
        var again = DeployedStack.deploy(Map.of(), mocks);
        assertEquals("[]", again.failure());
        assertTrue(again.mocks.registered().size() > 30, "the whole stack is registered");
    }

    @Test
    void anotherPrefixsClaimIsNoneOfThisStacksBusiness() {
        // getLogGroups matches by prefix: "dev-claim" is a prefix of "dev-claim-old", and so is "dev-" of "dev-x-…".
        var mocks = new AwsMocks(ACCOUNT, REGION)
                .withLogGroup("/inventory-callback/dev-claim-old", Map.of(NameClaim.TAG, ANOTHER_STACKS_TAG))
                .withLogGroup("/inventory-callback/dev-x-claim", Map.of(NameClaim.TAG, ANOTHER_STACKS_TAG));
        assertEquals("[]", DeployedStack.deploy(Map.of(), mocks).failure());
    }

    @Test
    void everyOwnerTagNamesTheStackAndTheSecondAndIsUnique() {
        var now = Instant.parse("2026-12-06T16:40:12.345Z");
        String first = NameClaim.newOwnerId("dev", now);
        assertTrue(first.matches("dev 2026-12-06T16:40:12Z [0-9a-f]{8}"), first);
        assertNotEquals(first, NameClaim.newOwnerId("dev", now));
        // AWS tag values: letters, digits, spaces and _ . : / = + - @ only; at most 256 characters.
        assertTrue(NameClaim.newOwnerId("my_stack.v2", now).matches("[\\p{L}\\p{N} _.:/=+\\-@]{1,256}"));
    }

    /** The program's own components: they create nothing in AWS. */
    private static boolean isComponent(String resource) {
        return resource.startsWith("inventory-callback:index:");
    }

    /** Whether {@code resource} waits for {@code target}, directly or through what it waits for. */
    private static boolean waitsFor(String resource, String target, Map<String, List<String>> dependencies) {
        Set<String> seen = new HashSet<>();
        var next = new ArrayDeque<>(dependencies.getOrDefault(resource, List.of()));
        while (!next.isEmpty()) {
            String dependency = next.pop();
            if (dependency.equals(target)) {
                return true;
            }
            if (seen.add(dependency)) {
                next.addAll(dependencies.getOrDefault(dependency, List.of()));
            }
        }
        return false;
    }
}
