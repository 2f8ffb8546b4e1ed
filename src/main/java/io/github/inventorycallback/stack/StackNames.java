package io.github.inventorycallback.stack;

/**
 * Every physical name of a stack, derived from its prefix in one place: what the resources are called, and what
 * grants, key policies, alarms and the dashboard name before the resources exist.
 *
 * @param prefix the stack's {@code namePrefix}
 */
public record StackNames(String prefix) {
    public String queue() {
        return prefix + "Orders";
    }

    public String deadLetterQueue() {
        return queue() + "-dlq";
    }

    public String function() {
        return prefix + "Inventory";
    }

    public String stateMachine() {
        return prefix + "InventoryStateMachine";
    }

    /** The log group Lambda writes the function's logs to; created by the stack so destroy removes it. */
    public String functionLogGroup() {
        return "/aws/lambda/" + function();
    }

    /**
     * The state machine's execution log: under /aws/vendedlogs/ so CloudWatch Logs' resource policy for log
     * delivery stays within its 5,120-character limit however many machines log.
     */
    public String stateMachineLogGroup() {
        return "/aws/vendedlogs/states/" + stateMachine();
    }

    /**
     * The log group that claims the prefix in an account and region ({@link NameClaim}): CloudWatch Logs refuses a
     * second one, which SQS and Step Functions would not do for a second queue or state machine of the same name.
     */
    public String claim() {
        return "/inventory-callback/" + prefix + "claim";
    }

    /** The created key's alias, without {@code alias/}. */
    public String keyAlias() {
        return prefix + "inventory-callback";
    }

    /** Every alarm's name starts with this, and the topic's policy and the key's admit exactly these alarms. */
    public String alarmPrefix() {
        return prefix + "InventoryCallback-";
    }

    public String alarmTopic() {
        return alarmPrefix() + "alarms";
    }

    /**
     * The dashboard's name before {@link AwsAccount#regional} makes it unique in the account: dashboards are global to
     * the account (their ARN has no region), and {@code PutDashboard} overwrites one of the same name.
     */
    public String dashboard() {
        return prefix + "InventoryCallback";
    }

    /** The namespace of the stack's own metrics: one per stack, so two stacks in an account never mix. */
    public String metricsNamespace() {
        return "InventoryCallback/" + stateMachine();
    }

    /** The operator policy's name before {@link AwsAccount#regional} makes it unique in the account. */
    public String operatorPolicy() {
        return stateMachine() + "-operator";
    }
}
