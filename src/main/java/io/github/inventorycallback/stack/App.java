package io.github.inventorycallback.stack;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Deploys the Step Functions + SQS callback pattern: Orders queue, InventoryStateMachine, Inventory function. */
public final class App {
    /** Built by the pom's package-function step before every compile. */
    public static final String FUNCTION_JAR = "lambda/target/inventory-function.jar";

    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    public static void stack(Context ctx) {
        stack(ctx, ConfigKeys.fromEnvironment(), NameClaim.newOwnerId(ctx.stackName(), Instant.now()));
    }

    /**
     * @param configKeys every key the stack's config sets, with its namespace: a key no setting reads is refused
     * @param claimOwner the tag this run would give the stack's {@link NameClaim} if it creates it
     */
    public static void stack(Context ctx, Set<String> configKeys, String claimOwner) {
        // Read and validated before anything is registered: a bad value or an unknown key stops here, naming it.
        StackConfig config = StackConfig.from(ctx.config()::get, configKeys, ctx.stackName(),
                ctx.config("aws").get("region"));
        deploy(ctx, config, AwsAccount.current(), claimOwner);
    }

    /** Registers every resource of the stack for an already validated config. */
    public static void deploy(Context ctx, StackConfig config, AwsAccount account, String claimOwner) {
        if (!Files.isRegularFile(Path.of(FUNCTION_JAR))) {
            throw new IllegalStateException(FUNCTION_JAR + " is missing: build it with "
                    + "`./mvnw -f lambda/pom.xml package` (every `./mvnw compile` of this project does)");
        }
        var names = new StackNames(config.namePrefix());
        // First of all: everything else waits for the stack's claim on its names.
        var claim = new NameClaim("names", names, claimOwner);
        StackKey key = stackKey(config, account, names, claim);

        var queue = new OrderQueue("orders", names, config.queue().visibilityTimeoutSeconds(), config.queue().maxReceiveCount(),
                key, claim);
        // The function first, the state machine after it: `pulumi destroy` goes the other way, so the function still
        // answers the orders in flight while the state machine's deletion waits for them.
        var inventory = new InventoryFunction("inventory", names, FUNCTION_JAR, queue,
                account.stateMachineArn(names.stateMachine()), account, config.function(), config.access(), key, claim);
        var workflow = new CallbackWorkflow("workflow", names, queue, account, config.workflow(), config.access(), key,
                inventory.answering, claim);
        var operator = new OperatorPolicy("operator", names, workflow.stateMachineArn, queue,
                config.function().snapStart() ? inventory.functionArn : null, key, account, config.access(), claim);
        var monitoring = new OrderMonitoring("monitoring", new OrderMonitoring.Parts(names, workflow.stateMachineArn,
                workflow.logGroupName), account, config.alarms(), config.workflow().logLevel(), key, claim);

        ctx.export("queueUrl", queue.url);
        ctx.export("queueArn", queue.arn);
        ctx.export("deadLetterQueueUrl", queue.deadLetterUrl);
        ctx.export("deadLetterQueueArn", queue.deadLetterArn);
        ctx.export("stateMachineArn", workflow.stateMachineArn);
        ctx.export("stateMachineRoleArn", workflow.roleArn);
        ctx.export("stateMachineLogGroup", workflow.logGroupName);
        ctx.export("functionArn", inventory.functionArn);
        ctx.export("functionRoleArn", inventory.roleArn);
        ctx.export("functionLogGroup", inventory.logGroupName);
        ctx.export("functionAliasArn", inventory.aliasArn);
        ctx.export("eventSourceMappingId", inventory.eventSourceMappingId);
        ctx.export("operatorPolicyArn", operator.arn);
        ctx.export("kmsKeyArn", StackKey.arnOrEmpty(key));
        ctx.export("alarmTopicArn", monitoring.topicArn);
        ctx.export("dashboardUrl", monitoring.dashboardUrl);
    }

    /** The key of the stack's data: one the stack creates, the one {@code kmsKey} names, or null for AWS-owned keys. */
    private static StackKey stackKey(StackConfig config, AwsAccount account, StackNames names, NameClaim claim) {
        if (!config.encryption().createsKey()) {
            return config.encryption().customerManagedKey()
                    ? new StackKey(Output.of(config.encryption().kmsKey()), config.encryption().dataKeyReuseSeconds())
                    : null;
        }
        List<Output<String>> logGroups = new ArrayList<>();
        logGroups.add(logGroupArn(account, names.functionLogGroup()));
        if (config.workflow().logging()) {
            logGroups.add(logGroupArn(account, names.stateMachineLogGroup()));
        }
        // Every ARN the key's policy names is derived from a name: the key comes first, everything it protects
        // after it, and `pulumi destroy` deletes the key last.
        var scope = Output.tuple(account.partition(), account.region(), account.accountId(),
                account.stateMachineArn(names.stateMachine()),
                Output.all(account.arn("sqs", names.queue()), account.arn("sqs", names.deadLetterQueue())),
                Output.all(logGroups), OrderMonitoring.alarmArnPattern(account, names),
                account.functionArn(names.function()))
                .applyValue(t -> new Policies.KeyScope(t.t1, t.t2, t.t3, t.t4, t.t5, t.t6, t.t7,
                        config.workflow().logging(), t.t8));
        return new StackKey(new DataKey("key", names.keyAlias(), scope, claim).arn,
                config.encryption().dataKeyReuseSeconds());
    }

    private static Output<String> logGroupArn(AwsAccount account, String logGroupName) {
        return account.arn("logs", "log-group:" + logGroupName);
    }
}
