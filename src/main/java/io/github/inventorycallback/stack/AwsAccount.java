package io.github.inventorycallback.stack;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.core.Output;

/** The partition, region and account the stack deploys into, as the provider reports them. */
public record AwsAccount(Output<String> partition, Output<String> region, Output<String> accountId) {

    public static AwsAccount current() {
        return new AwsAccount(
                AwsFunctions.getPartition().applyValue(p -> p.partition()),
                AwsFunctions.getRegion().applyValue(r -> r.name()),
                AwsFunctions.getCallerIdentity().applyValue(c -> c.accountId()));
    }

    /** The ARN a state machine of this name will have, known before it exists (for its role's trust policy). */
    public Output<String> stateMachineArn(String name) {
        return arn("states", "stateMachine:" + name);
    }

    /**
     * The unqualified ARN a function of this name will have, known before it exists (for the key policy, which is
     * written before the function, and for the grants the function needs before it is created).
     */
    public Output<String> functionArn(String name) {
        return arn("lambda", "function:" + name);
    }

    /** The ARN of a regional resource of this account, known from its name before it exists. */
    public Output<String> arn(String service, String resource) {
        return Output.tuple(partition, region, accountId).applyValue(t ->
                "arn:" + t.t1 + ":" + service + ":" + t.t2 + ":" + t.t3 + ":" + resource);
    }

    /**
     * A name for an account-wide resource (an IAM role) that differs per region, so the same stack name or prefix
     * can be deployed to two regions of one account: {@code NAME-REGION}.
     */
    public Output<String> regional(String name) {
        return region.applyValue(r -> name + "-" + r);
    }
}
