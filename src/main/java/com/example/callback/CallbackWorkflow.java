package com.example.callback;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.sfn.StateMachine;
import com.pulumi.aws.sfn.StateMachineArgs;
import com.pulumi.aws.sfn.inputs.StateMachineLoggingConfigurationArgs;
import com.pulumi.aws.sfn.inputs.StateMachineTracingConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code InventoryStateMachine} with its role and, when logging is on, its log group. */
public final class CallbackWorkflow extends ComponentResource {
    public final Output<String> stateMachineArn;
    public final Output<String> roleArn;
    /** Empty when {@code workflowLogLevel} is OFF. */
    public final Output<String> logGroupName;

    public CallbackWorkflow(String name, String stateMachineName, OrderQueue queue, AwsAccount account,
                            StackConfig config, ComponentResourceOptions options) {
        super("inventory-callback:index:CallbackWorkflow", name, options);
        var child = CustomResourceOptions.builder().parent(this).build();

        var role = new Role("workflow-role", RoleArgs.builder()
                .name(stateMachineName + "-role")
                .description("Lets " + stateMachineName + " send order checks to its queue")
                .assumeRolePolicy(Output.tuple(account.accountId(), account.stateMachineArn(stateMachineName))
                        .applyValue(t -> Policies.stepFunctionsTrust(t.t1, t.t2)))
                .build(), child);

        var policy = new RolePolicy("workflow-policy", RolePolicyArgs.builder()
                .name("send-order-checks")
                .role(role.id())
                .policy(queue.arn.applyValue(arn ->
                        Policies.workflowPolicy(arn, config.workflowLogging(), config.tracing())))
                .build(), child);

        List<com.pulumi.resources.Resource> before = new ArrayList<>(List.of(policy));
        var machine = StateMachineArgs.builder()
                .name(stateMachineName)
                // Callbacks (.waitForTaskToken) exist in STANDARD workflows only.
                .type("STANDARD")
                .roleArn(role.arn())
                .definition(queue.url.applyValue(url -> WorkflowDefinition.asl(url, config.taskTimeoutSeconds())))
                .tracingConfiguration(StateMachineTracingConfigurationArgs.builder()
                        .enabled(config.tracing())
                        .build());
        if (config.workflowLogging()) {
            // Under /aws/vendedlogs/ so CloudWatch Logs' 5,120-character resource policy does not fill up.
            var logs = new LogGroup("workflow-logs", LogGroupArgs.builder()
                    .name("/aws/vendedlogs/states/" + stateMachineName)
                    .retentionInDays(config.logRetentionDays())
                    .build(), child);
            before.add(logs);
            machine.loggingConfiguration(StateMachineLoggingConfigurationArgs.builder()
                    .level(config.workflowLogLevel())
                    .includeExecutionData(true)
                    .logDestination(logs.arn().applyValue(arn -> arn + ":*"))
                    .build());
            this.logGroupName = logs.name();
        } else {
            this.logGroupName = Output.of("");
        }

        // Step Functions checks the role's log-delivery permissions when the state machine is created.
        var stateMachine = new StateMachine("InventoryStateMachine", machine.build(),
                CustomResourceOptions.builder().parent(this).dependsOn(before).build());

        this.stateMachineArn = stateMachine.arn();
        this.roleArn = role.arn();
        Map<String, Output<?>> outputs = new HashMap<>();
        outputs.put("stateMachineArn", stateMachineArn);
        outputs.put("roleArn", roleArn);
        outputs.put("logGroupName", logGroupName);
        registerOutputs(outputs);
    }
}
