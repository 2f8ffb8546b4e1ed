package io.github.inventorycallback.stack;

import com.pulumi.aws.iam.GroupPolicyAttachment;
import com.pulumi.aws.iam.GroupPolicyAttachmentArgs;
import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.iam.UserPolicyAttachment;
import com.pulumi.aws.iam.UserPolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;

import java.util.Map;

/**
 * A customer-managed policy with what the operator's command line ({@code ./orders}) needs, attached to the roles,
 * users and groups that {@code operators} names. The attachments are resources of the stack and depend on the
 * policy, so {@code pulumi destroy} detaches before it deletes, and a change that replaces the policy (its name or
 * path) replaces them too: IAM refuses {@code DeletePolicy} while anything is attached (DeleteConflict).
 */
public final class OperatorPolicy extends ComponentResource {
    public final Output<String> arn;

    /**
     * @param functionArn the function whose old published versions {@code ./orders versions} deletes, or null when
     *                    SnapStart is off (nothing is published then)
     * @param key         the stack's customer-managed key, or null
     * @param config      its path, and who it is attached to
     */
    public OperatorPolicy(String name, StackNames names, Output<String> stateMachineArn, OrderQueue queue,
                          Output<String> functionArn, StackKey key, AwsAccount account, StackConfig.Access config,
                          NameClaim claim) {
        super("inventory-callback:index:OperatorPolicy", name, null);
        var policy = new Policy("operator-policy", PolicyArgs.builder()
                // Policy names are global to the account, like role names.
                .name(account.regional(names.operatorPolicy()))
                .path(config.iamPath())
                .description("Run, follow and stop orders of " + names.stateMachine() + " and redrive its dead letters")
                .policy(Output.tuple(stateMachineArn, queue.arn, queue.deadLetterArn, account.region(),
                                functionArn == null ? Output.of("") : functionArn, StackKey.arnOrEmpty(key))
                        .applyValue(t -> Policies.operatorPolicy(t.t1, t.t2, t.t3, t.t4, t.t5, t.t6)))
                .build(), claim.child(this)
                // Its name is fixed, so the old policy must go before the new one can take the name: the engine then
                // deletes the attachments first and makes them again for the new policy.
                .deleteBeforeReplace(true)
                .build());
        var child = claim.child(this).build();
        for (String operator : config.operators()) {
            String kind = operator.substring(0, operator.indexOf('/'));
            String who = operator.substring(operator.indexOf('/') + 1);
            String logicalName = "operator-" + kind + "-" + who;
            switch (kind) {
                case "role" -> new RolePolicyAttachment(logicalName, RolePolicyAttachmentArgs.builder()
                        .role(who).policyArn(policy.arn()).build(), child);
                case "user" -> new UserPolicyAttachment(logicalName, UserPolicyAttachmentArgs.builder()
                        .user(who).policyArn(policy.arn()).build(), child);
                default -> new GroupPolicyAttachment(logicalName, GroupPolicyAttachmentArgs.builder()
                        .group(who).policyArn(policy.arn()).build(), child);
            }
        }
        this.arn = policy.arn();
        registerOutputs(Map.of("arn", arn));
    }
}
