package com.example.callback;

import com.pulumi.aws.iam.Policy;
import com.pulumi.aws.iam.PolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.Map;

/**
 * A customer-managed policy with what the operator's command line ({@code ./orders}) needs, for the people or roles
 * who operate the stack: the stack attaches it to no one.
 */
public final class OperatorPolicy extends ComponentResource {
    public final Output<String> arn;

    /**
     * @param functionArn the function whose old published versions {@code ./orders versions} deletes, or null when
     *                    SnapStart is off (nothing is published then)
     * @param key         the stack's customer-managed key, or null
     */
    public OperatorPolicy(String name, String stateMachineName, Output<String> stateMachineArn, OrderQueue queue,
                          Output<String> functionArn, StackKey key, AwsAccount account, StackConfig config,
                          ComponentResourceOptions options) {
        super("inventory-callback:index:OperatorPolicy", name, options);
        var policy = new Policy("operator-policy", PolicyArgs.builder()
                // Policy names are global to the account, like role names.
                .name(account.regional(stateMachineName + "-operator"))
                .path(config.iamPath())
                .description("Run, follow and stop orders of " + stateMachineName + " and redrive its dead letters")
                .policy(Output.tuple(stateMachineArn, queue.arn, queue.deadLetterArn, account.region(),
                                functionArn == null ? Output.of("") : functionArn, StackKey.arnOrEmpty(key))
                        .applyValue(t -> Policies.operatorPolicy(t.t1, t.t2, t.t3, t.t4, t.t5, t.t6)))
                .build(), CustomResourceOptions.builder().parent(this).build());
        this.arn = policy.arn();
        registerOutputs(Map.of("arn", arn));
    }
}
