package io.github.inventorycallback.stack;

import io.github.inventorycallback.contract.FunctionContract;

import com.pulumi.asset.FileArchive;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Alias;
import com.pulumi.aws.lambda.AliasArgs;
import com.pulumi.aws.lambda.EventSourceMapping;
import com.pulumi.aws.lambda.EventSourceMappingArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.lambda.inputs.EventSourceMappingScalingConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionEnvironmentArgs;
import com.pulumi.aws.lambda.inputs.FunctionLoggingConfigArgs;
import com.pulumi.aws.lambda.inputs.FunctionSnapStartArgs;
import com.pulumi.aws.lambda.inputs.FunctionTracingConfigArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code Inventory} function with its role, its log group and its event source mapping from {@code Orders}. */
public final class InventoryFunction extends ComponentResource {
    public static final String HANDLER = FunctionContract.HANDLER;
    /** The handler runs at most this many callbacks of one batch at once. */
    static final int MAX_CALLBACK_CONCURRENCY = FunctionContract.MAX_CALLBACK_CONCURRENCY;

    public final Output<String> functionArn;
    public final Output<String> roleArn;
    public final Output<String> logGroupName;
    public final Output<String> eventSourceMappingId;
    /** The {@code live} alias the queue invokes when SnapStart is on; empty otherwise. */
    public final Output<String> aliasArn;
    /** Everything that answers task tokens: what the state machine must outlive neither on create nor on destroy. */
    public final List<Resource> answering;

    /**
     * @param stateMachineArn the ARN the state machine will have, derived from its name rather than read from the
     *                        resource: the function must not depend on the state machine, which depends on it
     * @param config          the function's settings and its mapping's
     * @param access          the role's path and boundary
     * @param key             the stack's customer-managed key, or null for AWS-owned keys
     */
    public InventoryFunction(String name, StackNames names, String jarPath, OrderQueue queue,
                             Output<String> stateMachineArn, AwsAccount account, StackConfig.Function config,
                             StackConfig.Access access, StackKey key, NameClaim claim) {
        super("inventory-callback:index:InventoryFunction", name, null);
        String functionName = names.function();
        String metricsNamespace = names.metricsNamespace();
        var child = claim.child(this).build();

        // Created here, not by Lambda on first write, so it has a retention and `pulumi destroy` removes it.
        var logs = new LogGroup("inventory-logs",
                StackKey.logGroup(names.functionLogGroup(), config.logRetentionDays(), key), child);

        var role = new Role("inventory-role", Roles.governed(access)
                // IAM role names are global to the account: the region keeps two regions' stacks apart.
                .name(account.regional(functionName))
                .description("Lets " + functionName + " consume its queue and answer inventory checks")
                .assumeRolePolicy(Policies.lambdaTrust())
                .build(), child);

        Output<String> callbackResource = config.callbackScope() == StackConfig.CallbackScope.ANY
                ? Output.of("*")
                : stateMachineArn;
        var policy = new RolePolicy("inventory-policy", RolePolicyArgs.builder()
                .name("consume-orders-and-answer")
                .role(role.id())
                .policy(Output.tuple(queue.arn, queue.deadLetterArn, callbackResource, logs.arn(), account.region(),
                                stateMachineArn, StackKey.arnOrEmpty(key))
                        .applyValue(t -> Policies.functionPolicy(t.t1, t.t2, t.t3, t.t4, t.t5, t.t6, t.t7)))
                .build(), child);

        // Granted before the function is created or updated, each a policy of its own: turning tracing or the key on
        // grants first and updates the function after; turning either off updates the function first (PassThrough,
        // Lambda's own key) and deletes the grant after it (Pulumi deletes last), so no execution environment starts
        // in between without the permission its configuration needs.
        List<Resource> grants = new ArrayList<>(List.of(policy));
        if (config.tracing()) {
            grants.add(new RolePolicy("inventory-tracing-policy", RolePolicyArgs.builder()
                    .name("write-traces")
                    .role(role.id())
                    .policy(Policies.functionTracingPolicy())
                    .build(), child));
        }
        if (key != null) {
            grants.add(new RolePolicy("inventory-key-policy", RolePolicyArgs.builder()
                    .name("decrypt-environment")
                    .role(role.id())
                    .policy(Output.tuple(key.arn(), account.functionArn(functionName))
                            .applyValue(t -> Policies.environmentKeyPolicy(t.t1, t.t2)))
                    .build(), child));
        }

        var functionArgs = FunctionArgs.builder()
                .name(functionName)
                .description("Mock inventory microservice: checks orders from the queue and answers Step Functions")
                .role(role.arn())
                .runtime("java21")
                .handler(HANDLER)
                .code(new FileArchive(jarPath))
                .architectures(config.architecture())
                .memorySize(config.memoryMb())
                .timeout(config.timeoutSeconds())
                // The function writes each line as a JSON object itself (its fields and its embedded metric): Lambda's
                // JSON format would wrap it as the string "message" of another object, which is no metric.
                .loggingConfig(FunctionLoggingConfigArgs.builder().logFormat("Text").logGroup(logs.name()).build())
                .environment(FunctionEnvironmentArgs.builder()
                        .variables(Map.of(
                                FunctionContract.METRICS_NAMESPACE, metricsNamespace,
                                FunctionContract.STOCK, config.stock(),
                                FunctionContract.CALLBACK_CONCURRENCY,
                                String.valueOf(Math.min(config.batchSize(), MAX_CALLBACK_CONCURRENCY))))
                        .build())
                // Always sent, PassThrough included: the provider ignores a removed tracingConfig block (Optional and
                // Computed), so a function that once traced would go on tracing without its X-Ray permissions.
                .tracingConfig(FunctionTracingConfigArgs.builder()
                        .mode(config.tracing() ? "Active" : "PassThrough")
                        .build());
        if (key != null) {
            // The environment (and, with SnapStart, the snapshots) under the stack's key instead of Lambda's own.
            // Without a key nothing is sent: the provider then sends an empty KMSKeyArn, Lambda's own key.
            functionArgs.kmsKeyArn(key.arn());
        }
        if (config.snapStart()) {
            // SnapStart restores published versions only: publish one per change and invoke it through an alias.
            functionArgs.publish(true)
                    .snapStart(FunctionSnapStartArgs.builder().applyOn("PublishedVersions").build());
        }
        var function = new Function("Inventory", functionArgs.build(),
                claim.child(this, concat(List.of(logs), grants)).build());

        Output<String> invoked = function.arn();
        Alias alias = null;
        if (config.snapStart()) {
            var live = new Alias("inventory-live", AliasArgs.builder()
                    .name("live")
                    .description("The latest published version, restored from its SnapStart snapshot")
                    .functionName(function.name())
                    .functionVersion(function.version())
                    .build(), child);
            invoked = live.arn();
            alias = live;
            this.aliasArn = live.arn();
        } else {
            this.aliasArn = Output.of("");
        }

        var mapping = EventSourceMappingArgs.builder()
                .eventSourceArn(queue.arn)
                .functionName(invoked)
                .batchSize(config.batchSize())
                .maximumBatchingWindowInSeconds(config.batchingWindowSeconds())
                // Only the records the handler reports are retried; the rest of the batch is deleted.
                .functionResponseTypes("ReportBatchItemFailures")
                .scalingConfig(EventSourceMappingScalingConfigArgs.builder()
                        .maximumConcurrency(config.maximumConcurrency())
                        .build())
                .build();
        // Lambda checks the role's SQS permissions when the mapping is created.
        var eventSource = new EventSourceMapping("inventory-orders", mapping,
                claim.child(this, List.of(policy)).build());

        this.answering = concat(grants, alias == null ? List.of(function, eventSource)
                : List.of(function, eventSource, alias));
        this.functionArn = function.arn();
        this.roleArn = role.arn();
        this.logGroupName = logs.name();
        this.eventSourceMappingId = eventSource.uuid();
        registerOutputs(Map.of("functionArn", functionArn, "roleArn", roleArn, "logGroupName", logGroupName,
                "eventSourceMappingId", eventSourceMappingId, "aliasArn", aliasArn));
    }

    private static List<Resource> concat(List<? extends Resource> first, List<? extends Resource> second) {
        List<Resource> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
