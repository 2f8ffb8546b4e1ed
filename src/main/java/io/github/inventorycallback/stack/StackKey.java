package io.github.inventorycallback.stack;

import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.core.Output;

/**
 * The customer-managed key the stack's data is under, created by the stack ({@link DataKey}) or given by ARN; the
 * components receive null when the stack uses AWS-owned keys.
 *
 * @param arn                 the key's ARN, which every grant names
 * @param dataKeyReuseSeconds how long SQS and Step Functions may reuse a data key before asking KMS for another
 */
public record StackKey(Output<String> arn, int dataKeyReuseSeconds) {

    /** A log group of the stack: its retention, and the key when there is one (CloudWatch Logs checks it on create). */
    static LogGroupArgs logGroup(String name, int retentionDays, StackKey key) {
        var args = LogGroupArgs.builder().name(name).retentionInDays(retentionDays);
        if (key != null) {
            args.kmsKeyId(key.arn());
        }
        return args.build();
    }

    /** The key's ARN, or "" when there is none: what {@link Policies} takes. */
    static Output<String> arnOrEmpty(StackKey key) {
        return key == null ? Output.of("") : key.arn();
    }
}
