package io.github.inventorycallback.stack;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.sfn.StateMachine;
import com.pulumi.aws.sfn.StateMachineArgs;
import com.pulumi.aws.sfn.inputs.StateMachineEncryptionConfigurationArgs;
import com.pulumi.aws.sfn.inputs.StateMachineLoggingConfigurationArgs;
import com.pulumi.aws.sfn.inputs.StateMachineTracingConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.CustomTimeouts;
import com.pulumi.resources.Resource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code InventoryStateMachine} with its role and, when logging is on, its log group. */
public final class CallbackWorkflow extends ComponentResource {
    /**
     * What deleting the state machine may wait beyond the task timeout: Step Functions keeps a Standard machine in
     * DELETING until its running executions end, and one that started just before `pulumi destroy` may wait for its
     * callback up to taskTimeoutSeconds. Five minutes is the provider's own default for the whole deletion.
     */
    static final Duration DELETE_MARGIN = Duration.ofMinutes(5);

    public final Output<String> stateMachineArn;
    public final Output<String> roleArn;
    /** Empty when {@code workflowLogLevel} is OFF. */
    public final Output<String> logGroupName;

    /**
     * @param answeredBy what answers the state machine's task tokens (the function, its mapping, its grants): the
     *                   state machine depends on them, so `pulumi destroy` deletes it, and waits for its running
     *                   executions, while they can still be answered
     * @param access     the role's path and boundary
     * @param key        the stack's customer-managed key, or null for AWS-owned keys
     */
    public CallbackWorkflow(String name, StackNames names, OrderQueue queue, AwsAccount account,
                            StackConfig.Workflow config, StackConfig.Access access, StackKey key,
                            List<Resource> answeredBy, NameClaim claim) {
        super("inventory-callback:index:CallbackWorkflow", name, null);
        String stateMachineName = names.stateMachine();
        var child = claim.child(this).build();

        Output<String> ownArn = account.stateMachineArn(stateMachineName);
        var role = new Role("workflow-role", Roles.governed(access)
                // IAM role names are global to the account: the region keeps two regions' stacks apart.
                .name(account.regional(stateMachineName))
                .description("Lets " + stateMachineName + " send order checks to its queue")
                .assumeRolePolicy(Output.tuple(account.accountId(), ownArn)
                        .applyValue(t -> Policies.stepFunctionsTrust(t.t1, t.t2)))
                .build(), child);

        Output<String> keyArn = StackKey.arnOrEmpty(key);
        // Step Functions checks the role's permissions when the state machine is created or updated.
        List<Resource> before = new ArrayList<>(answeredBy);
        before.add(new RolePolicy("workflow-policy", RolePolicyArgs.builder()
                .name("send-order-checks")
                .role(role.id())
                .policy(Output.tuple(queue.arn, account.region(), keyArn)
                        .applyValue(t -> Policies.sendOrderChecksPolicy(t.t1, t.t2, t.t3)))
                .build(), child));
        if (key != null) {
            before.add(new RolePolicy("workflow-key-policy", RolePolicyArgs.builder()
                    .name("encrypt-execution-data")
                    .role(role.id())
                    .policy(Output.tuple(key.arn(), ownArn).applyValue(t -> Policies.executionDataKeyPolicy(t.t1, t.t2)))
                    .build(), child));
        }
        if (config.tracing()) {
            before.add(new RolePolicy("workflow-tracing-policy", RolePolicyArgs.builder()
                    .name("write-traces")
                    .role(role.id())
                    .policy(Policies.tracingPolicy())
                    .build(), child));
        }

        var logging = StateMachineLoggingConfigurationArgs.builder()
                .level(config.logLevel())
                .includeExecutionData(config.logExecutionData());
        if (config.logging()) {
            var logs = new LogGroup("workflow-logs",
                    StackKey.logGroup(names.stateMachineLogGroup(), config.logRetentionDays(), key), child);
            before.add(logs);
            before.add(new RolePolicy("workflow-logging-policy", RolePolicyArgs.builder()
                    .name("deliver-execution-logs")
                    .role(role.id())
                    .policy(Output.tuple(account.partition(), account.region(), account.accountId(), keyArn)
                            .applyValue(t -> Policies.logDeliveryPolicy(t.t1, t.t2, t.t3, t.t4)))
                    .build(), child));
            logging.logDestination(logs.arn().applyValue(arn -> arn + ":*"));
            this.logGroupName = logs.name();
        } else {
            this.logGroupName = Output.of("");
        }

        var stateMachine = new StateMachine("InventoryStateMachine", StateMachineArgs.builder()
                .name(stateMachineName)
                // Callbacks (.waitForTaskToken) exist in STANDARD workflows only.
                .type("STANDARD")
                .roleArn(role.arn())
                .definition(queue.url.applyValue(url -> WorkflowDefinition.asl(url, config.taskTimeoutSeconds())))
                // Always sent, OFF included: the provider ignores a removed block, so a stack that once logged would
                // go on logging to a deleted log group.
                .loggingConfiguration(logging.build())
                .tracingConfiguration(StateMachineTracingConfigurationArgs.builder()
                        .enabled(config.tracing())
                        .build())
                // Always sent, for the same reason: back to AWS_OWNED_KEY when the stack's key is turned off.
                .encryptionConfiguration(encryption(key))
                .build(),
                claim.child(this, before)
                        .customTimeouts(CustomTimeouts.builder().delete(deleteTimeout(config)).build())
                        .build());

        this.stateMachineArn = stateMachine.arn();
        this.roleArn = role.arn();
        Map<String, Output<?>> outputs = new HashMap<>();
        outputs.put("stateMachineArn", stateMachineArn);
        outputs.put("roleArn", roleArn);
        outputs.put("logGroupName", logGroupName);
        registerOutputs(outputs);
    }

    private static StateMachineEncryptionConfigurationArgs encryption(StackKey key) {
        if (key == null) {
            return StateMachineEncryptionConfigurationArgs.builder().type("AWS_OWNED_KEY").build();
        }
        return StateMachineEncryptionConfigurationArgs.builder()
                .type("CUSTOMER_MANAGED_KMS_KEY")
                .kmsKeyId(key.arn())
                .kmsDataKeyReusePeriodSeconds(key.dataKeyReuseSeconds())
                .build();
    }

    /** Long enough for the last execution waiting in Check Inventory to end: destroy waits instead of failing. */
    static Duration deleteTimeout(StackConfig.Workflow config) {
        return Duration.ofSeconds(config.taskTimeoutSeconds()).plus(DELETE_MARGIN);
    }
}
