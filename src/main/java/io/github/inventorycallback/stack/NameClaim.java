package io.github.inventorycallback.stack;

import com.pulumi.aws.cloudwatch.CloudwatchFunctions;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.cloudwatch.inputs.GetLogGroupArgs;
import com.pulumi.aws.cloudwatch.inputs.GetLogGroupsArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stack's claim on its names in an account and region, made before anything else is created.
 *
 * <p>Many of the stack's names only look taken. IAM, Lambda and CloudWatch Logs refuse a second resource of a name,
 * but SQS {@code CreateQueue} answers with the existing queue when the attributes sent match, {@code
 * CreateStateMachine} does the same for an identical definition, and {@code PutMetricAlarm} and {@code PutDashboard}
 * overwrite. The Terraform provider behind pulumi-aws records whatever they answer as its own
 * (hashicorp/terraform-provider-aws#15429): a second stack with the same {@code namePrefix} would adopt the first's
 * queues, and its {@code pulumi destroy} would delete them with every order in them.
 *
 * <p>So the stack first creates a log group named after its prefix ({@code CreateLogGroup} fails when the name
 * exists: a second stack's {@code up} stops there), and every other resource waits for it. The log group holds no
 * events; its tag records which stack instance made it. A preview also compares that tag with the one in this stack's
 * state, so a second stack is refused before {@code pulumi up} asks for confirmation, with a message that says what to
 * do; {@code pulumi destroy} deletes the claim last, which frees the prefix.
 */
public final class NameClaim extends ComponentResource {
    /** The tag on the claim that says which stack instance made it. */
    public static final String TAG = "inventory-callback:claim";

    private final Output<List<Resource>> claimed;

    /**
     * @param names   the stack's names: the claim's is derived from the prefix
     * @param ownerId this run's candidate for the claim's tag ({@link #newOwnerId}); kept only when the claim is
     *                created, after that the tag in the stack's state is the stack's
     */
    public NameClaim(String name, StackNames names, String ownerId) {
        super("inventory-callback:index:NameClaim", name, null);
        String claimName = names.claim();
        var claim = new LogGroup("name-claim", LogGroupArgs.builder()
                .name(claimName)
                // Nothing is ever written to it.
                .retentionInDays(1)
                .tags(Map.of(TAG, ownerId))
                .build(), CustomResourceOptions.builder().parent(this)
                // A new candidate every run; the first one, from the create, is the stack's for good.
                .ignoreChanges("tags")
                .build());

        Output<Optional<String>> inAws = CloudwatchFunctions.getLogGroups(GetLogGroupsArgs.builder()
                        .logGroupNamePrefix(claimName).build())
                .apply(found -> found.logGroupNames() != null && found.logGroupNames().contains(claimName)
                        ? CloudwatchFunctions.getLogGroup(GetLogGroupArgs.builder().name(claimName).build())
                                // A claim without the tag is not this stack's either: "" never equals a tag.
                                .applyValue(group -> Optional.of(group.tags() == null ? ""
                                        : group.tags().getOrDefault(TAG, "")))
                        : Output.of(Optional.empty()));
        this.claimed = Output.tuple(inAws, claim.tags()).applyValue(t -> {
            String ours = t.t2.map(tags -> tags.get(TAG)).orElse(null);
            refuseIfAnothers(names, claimName, t.t1, ours);
            return List.of(claim);
        });
        registerOutputs(Map.of("name", claim.name()));
    }

    /**
     * Options for a child of {@code parent} that waits for the claim, and for {@code after} too.
     * (A resource's {@code dependsOn} is one value: set it here or not at all.)
     */
    public CustomResourceOptions.Builder child(Resource parent, List<Resource> after) {
        var dependencies = after.isEmpty() ? claimed : claimed.applyValue(claim -> {
            List<Resource> all = new ArrayList<>(claim);
            all.addAll(after);
            return all;
        });
        return CustomResourceOptions.builder().parent(parent).dependsOn(dependencies);
    }

    public CustomResourceOptions.Builder child(Resource parent) {
        return child(parent, List.of());
    }

    /**
     * A claim in AWS whose tag is not the one in this stack's state was made by another stack: this stack has not
     * created it yet (a preview shows the tag it would create), or lost it.
     *
     * @param inAws the tag of the claim in the account, if a claim exists
     * @param ours  the tag in this stack's state, or the one it would create
     */
    static void refuseIfAnothers(StackNames names, String claimName, Optional<String> inAws, String ours) {
        if (inAws.isEmpty() || inAws.get().equals(ours)) {
            return;
        }
        throw new IllegalStateException("namePrefix '" + names.prefix() + "' is already used in this account and"
                + " region by another stack: the log group " + claimName + " claims it for "
                + describe(inAws.get()) + ", and this stack did not create it. The queues " + names.queue() + " and "
                + names.deadLetterQueue() + " and the state machine " + names.stateMachine() + " are that stack's:"
                + " deploying would take them over, and this stack's `pulumi destroy` would delete them with their"
                + " orders. Nothing was changed. Choose a prefix of your own, e.g. `pulumi config set"
                + " inventory-callback:namePrefix alice-dev-` (letters, digits and hyphens, at most "
                + StackConfig.MAX_PREFIX_LENGTH + "), or deploy into another account or region. If that stack is"
                + " this one and its state was lost, restore the state instead (docs/operations.md, \"Two stacks,"
                + " one account\").");
    }

    /** "stack dev, claimed 2026-12-06T16:40:12Z" from a tag {@link #newOwnerId} made; other tags as they are. */
    static String describe(String tag) {
        String[] parts = tag.split(" ");
        return parts.length == 3 ? "stack '" + parts[0] + "' (claimed " + parts[1] + ", claim " + parts[2] + ")"
                : "'" + tag + "'";
    }

    /**
     * A tag no other stack instance has: the stack's name, the time and 32 random bits, so that a person who finds
     * the claim in the console can tell which deploy made it.
     */
    public static String newOwnerId(String stackName, Instant now) {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return stackName + " " + now.truncatedTo(ChronoUnit.SECONDS) + " " + HexFormat.of().formatHex(random);
    }
}
