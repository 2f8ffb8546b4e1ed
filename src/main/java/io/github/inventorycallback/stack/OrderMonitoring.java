package io.github.inventorycallback.stack;

import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.aws.cloudwatch.LogMetricFilter;
import com.pulumi.aws.cloudwatch.LogMetricFilterArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.LogMetricFilterMetricTransformationArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryMetricArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alarms on what an operator must act on, all notifying one SNS topic, the metric filters that count orders as the
 * state machine saw them, and a dashboard of the whole flow.
 */
public final class OrderMonitoring extends ComponentResource {
    public final Output<String> topicArn;
    public final Output<String> dashboardUrl;

    /** The stack's parts the signals point at. */
    public record Parts(StackNames names, Output<String> stateMachineArn, Output<String> workflowLogGroupName) {
    }

    /**
     * @param thresholds       when each alarm fires, and the address it mails
     * @param workflowLogLevel the state machine's: which metric filters its log can feed
     * @param key              the stack's customer-managed key for the alarm topic, or null
     */
    public OrderMonitoring(String name, Parts parts, AwsAccount account, StackConfig.Alarms thresholds,
                           String workflowLogLevel, StackKey key, NameClaim claim) {
        super("inventory-callback:index:OrderMonitoring", name, null);
        var child = claim.child(this).build();
        StackNames names = parts.names();
        String namespace = names.metricsNamespace();
        String alarmPrefix = names.alarmPrefix();

        var topicArgs = TopicArgs.builder()
                .name(names.alarmTopic())
                .displayName("Inventory callback alarms");
        if (key != null) {
            // The stack's key admits cloudwatch.amazonaws.com for this stack's alarms (Policies.keyPolicy).
            topicArgs.kmsMasterKeyId(key.arn());
        }
        // Otherwise no server-side encryption: CloudWatch alarms cannot publish to a topic under the AWS managed key
        // alias/aws/sns, and an alarm notification carries the alarm's name and state, no order data.
        var topic = new Topic("alarm-topic", topicArgs.build(), child);
        new TopicPolicy("alarm-topic-policy", TopicPolicyArgs.builder()
                .arn(topic.arn())
                .policy(Output.tuple(topic.arn(), account.accountId(), alarmArnPattern(account, names))
                        .applyValue(t -> Policies.alarmTopicPolicy(t.t1, t.t2, t.t3)))
                .build(), child);
        if (!thresholds.email().isEmpty()) {
            // SNS mails a confirmation link first; until it is followed nothing is delivered to the address.
            new TopicSubscription("alarm-email", TopicSubscriptionArgs.builder()
                    .topic(topic.arn())
                    .protocol("email")
                    .endpoint(thresholds.email())
                    .build(), child);
        }

        List<String> filterMetrics = new ArrayList<>();
        for (Signals.Filter filter : Signals.filtersFor(workflowLogLevel)) {
            new LogMetricFilter(filter.name(), LogMetricFilterArgs.builder()
                    .name(filter.name())
                    .logGroupName(parts.workflowLogGroupName())
                    .pattern(filter.pattern())
                    .metricTransformation(LogMetricFilterMetricTransformationArgs.builder()
                            .name(filter.metric())
                            .namespace(namespace)
                            .value("1")
                            .unit("Count")
                            .build())
                    .build(), child);
            filterMetrics.add(filter.metric());
        }

        List<MetricAlarm> alarms = new ArrayList<>();
        alarms.add(alarm("dead-letters-alarm", alarmPrefix + "dead-letters", topic,
                "Orders the inventory could not answer wait in " + names.deadLetterQueue()
                        + ": `./orders dlq list` says which and why",
                single("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", 60,
                        Output.of(Map.of("QueueName", names.deadLetterQueue()))),
                thresholds.deadLetterMessages(), child));
        alarms.add(alarm("oldest-order-alarm", alarmPrefix + "oldest-order-waiting", topic,
                "The oldest order in " + names.queue() + " has waited this long for the inventory",
                single("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", 60,
                        Output.of(Map.of("QueueName", names.queue()))),
                thresholds.oldestOrderSeconds(), child));
        if (filterMetrics.contains("OrdersTimedOut")) {
            alarms.add(alarm("timed-out-orders-alarm", alarmPrefix + "orders-timed-out", topic,
                    "Orders ended in Notify Failure with States.Timeout: nobody answered within taskTimeoutSeconds",
                    single(namespace, "OrdersTimedOut", "Sum", Signals.PERIOD_SECONDS, null),
                    thresholds.timedOutOrders(), child));
        }
        alarms.add(alarm("function-errors-alarm", alarmPrefix + "function-errors", topic,
                "The inventory function failed or was throttled (errors + throttles)",
                sum("FunctionName", Output.of(names.function()), "AWS/Lambda", List.of("Errors", "Throttles")),
                thresholds.functionErrors(), child));
        alarms.add(alarm("failed-executions-alarm", alarmPrefix + "executions-failed", topic,
                "Executions that failed, timed out or were aborted outright (the Catch turns an order's own"
                        + " failure into a succeeded execution, so these are not orders the inventory refused)",
                sum("StateMachineArn", parts.stateMachineArn(), "AWS/States",
                        List.of("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted")),
                thresholds.failedExecutions(), child));

        var alarmArns = Output.all(alarms.stream().map(MetricAlarm::arn).toList());
        var body = Output.tuple(parts.stateMachineArn(), account.region(), alarmArns).applyValue(t ->
                Signals.dashboardBody(new Signals.Watched(t.t2, namespace, t.t1, names.queue(),
                        names.deadLetterQueue(), names.function(), filterMetrics, t.t3)));
        var dashboard = new Dashboard("dashboard", DashboardArgs.builder()
                .dashboardName(account.regional(names.dashboard()))
                .dashboardBody(body)
                .build(), child);

        this.topicArn = topic.arn();
        this.dashboardUrl = Output.tuple(account.region(), dashboard.dashboardName()).applyValue(t ->
                "https://" + t.t1 + ".console.aws.amazon.com/cloudwatch/home?region=" + t.t1
                        + "#dashboards/dashboard/" + t.t2);
        registerOutputs(Map.of("topicArn", topicArn, "dashboardUrl", dashboardUrl));
    }

    /** The ARNs of the stack's alarms, as one pattern: what may publish to its topic and use its key for it. */
    static Output<String> alarmArnPattern(AwsAccount account, StackNames names) {
        return account.arn("cloudwatch", "alarm:" + names.alarmPrefix() + "*");
    }

    /** What an alarm watches: one metric, or the sum of several. */
    private interface Watch {
        void apply(MetricAlarmArgs.Builder alarm);
    }

    private static Watch single(String namespace, String metric, String statistic, int period,
                                Output<Map<String, String>> dimensions) {
        return alarm -> {
            alarm.namespace(namespace).metricName(metric).statistic(statistic).period(period);
            if (dimensions != null) {
                alarm.dimensions(dimensions);
            }
        };
    }

    private static Watch sum(String dimension, Output<String> value, String namespace, List<String> metrics) {
        return alarm -> {
            List<MetricAlarmMetricQueryArgs> queries = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (String metric : metrics) {
                String id = "m" + (ids.size() + 1);
                ids.add(id);
                queries.add(MetricAlarmMetricQueryArgs.builder()
                        .id(id)
                        .returnData(false)
                        .metric(MetricAlarmMetricQueryMetricArgs.builder()
                                .namespace(namespace)
                                .metricName(metric)
                                .dimensions(value.applyValue(v -> Map.of(dimension, v)))
                                .stat("Sum")
                                .period(Signals.PERIOD_SECONDS)
                                .build())
                        .build());
            }
            queries.add(MetricAlarmMetricQueryArgs.builder()
                    .id("total")
                    .expression(fillSum(ids))
                    .label(String.join(" + ", metrics))
                    .returnData(true)
                    .build());
            alarm.metricQueries(queries);
        };
    }

    /**
     * The sum of counts that are often absent rather than 0 (Throttles, ExecutionsTimedOut): in metric math a plain
     * {@code m1 + m2} has no value where any term has no data point, so one failure beside an absent series would
     * never reach the threshold. {@code FILL(m, 0)} counts a missing point as 0 (CloudWatch guide, "Using metric math").
     */
    static String fillSum(List<String> ids) {
        return String.join(" + ", ids.stream().map(id -> "FILL(" + id + ", 0)").toList());
    }

    private static MetricAlarm alarm(String logicalName, String alarmName, Topic topic, String description,
                                     Watch watch, int threshold, CustomResourceOptions options) {
        var args = MetricAlarmArgs.builder()
                .name(alarmName)
                .alarmDescription(description)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .threshold((double) threshold)
                .evaluationPeriods(1)
                // No data means nothing happened: no orders, no errors, no timed-out orders.
                .treatMissingData("notBreaching")
                .alarmActions(topic.arn().applyValue(List::of))
                .okActions(topic.arn().applyValue(List::of));
        watch.apply(args);
        return new MetricAlarm(logicalName, args.build(), options);
    }
}
