package io.github.inventorycallback.stack.plan;

/** The Pulumi type tokens of the AWS resources this program declares, named once for the mocks, plans and tests. */
public final class AwsTypes {
    public static final String QUEUE = "aws:sqs/queue:Queue";
    public static final String QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
    public static final String REDRIVE_ALLOW_POLICY = "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy";
    public static final String ROLE = "aws:iam/role:Role";
    public static final String POLICY = "aws:iam/policy:Policy";
    public static final String ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    public static final String USER_POLICY_ATTACHMENT = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
    public static final String GROUP_POLICY_ATTACHMENT = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
    public static final String KEY = "aws:kms/key:Key";
    public static final String KEY_ALIAS = "aws:kms/alias:Alias";
    public static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    public static final String LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
    public static final String STATE_MACHINE = "aws:sfn/stateMachine:StateMachine";
    public static final String FUNCTION = "aws:lambda/function:Function";
    public static final String ALIAS = "aws:lambda/alias:Alias";
    public static final String EVENT_SOURCE_MAPPING = "aws:lambda/eventSourceMapping:EventSourceMapping";
    public static final String TOPIC = "aws:sns/topic:Topic";
    public static final String TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
    public static final String TOPIC_SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
    public static final String METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
    public static final String LOG_METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
    public static final String DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

    private AwsTypes() {
    }
}
