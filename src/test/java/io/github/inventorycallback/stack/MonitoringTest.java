package io.github.inventorycallback.stack;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.github.inventorycallback.stack.DeployedStack.STATE_MACHINE_ARN;
import static io.github.inventorycallback.stack.DeployedStack.ACCOUNT;
import static io.github.inventorycallback.stack.DeployedStack.REGION;
import static io.github.inventorycallback.stack.DeployedStack.number;
import static io.github.inventorycallback.stack.plan.AwsTypes.DASHBOARD;
import static io.github.inventorycallback.stack.plan.AwsTypes.FUNCTION;
import static io.github.inventorycallback.stack.plan.AwsTypes.LOG_METRIC_FILTER;
import static io.github.inventorycallback.stack.plan.AwsTypes.METRIC_ALARM;
import static io.github.inventorycallback.stack.plan.AwsTypes.TOPIC;
import static io.github.inventorycallback.stack.plan.AwsTypes.TOPIC_POLICY;
import static io.github.inventorycallback.stack.plan.AwsTypes.TOPIC_SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stack's alarms, metric filters, topic and dashboard, read as an on-call engineer would review them. */
class MonitoringTest {
    static final String TOPIC_ARN = "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":dev-InventoryCallback-alarms";
    static final String NAMESPACE = "InventoryCallback/dev-InventoryStateMachine";
    /** This stack's resources, by the dimension CloudWatch names them with. */
    static final Map<String, Set<String>> OWN = Map.of(
            "QueueName", Set.of("dev-Orders", "dev-Orders-dlq"),
            "FunctionName", Set.of("dev-Inventory"),
            "StateMachineArn", Set.of(STATE_MACHINE_ARN),
            "outcome", Set.copyOf(Signals.OUTCOMES));
    /** The AWS metrics the dashboard and alarms may use: namespace/metric with the dimension it is read by. */
    static final Set<String> AWS_METRICS = Set.of(
            "AWS/States/ExecutionsStarted/StateMachineArn", "AWS/States/ExecutionsFailed/StateMachineArn",
            "AWS/States/ExecutionsAborted/StateMachineArn", "AWS/States/ExecutionsTimedOut/StateMachineArn",
            "AWS/States/ExecutionTime/StateMachineArn",
            "AWS/SQS/ApproximateNumberOfMessagesVisible/QueueName",
            "AWS/SQS/ApproximateNumberOfMessagesNotVisible/QueueName",
            "AWS/SQS/ApproximateAgeOfOldestMessage/QueueName",
            "AWS/Lambda/Errors/FunctionName", "AWS/Lambda/Throttles/FunctionName",
            "AWS/Lambda/Duration/FunctionName", "AWS/Lambda/ConcurrentExecutions/FunctionName");

    private final DeployedStack stack = DeployedStack.forClass(MonitoringTest.class, Map.of());

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** Every metric an alarm reads, as "namespace/metric/dimension=value". */
    private static List<String> metricsOf(Map<String, Object> alarm) {
        List<String> metrics = new ArrayList<>();
        if (alarm.get("metricName") != null) {
            metrics.add(alarm.get("namespace") + "/" + alarm.get("metricName") + dimensions(alarm.get("dimensions")));
        }
        if (alarm.get("metricQueries") instanceof List<?> queries) {
            for (Object query : queries) {
                if (map(query).get("metric") != null) {
                    var metric = map(map(query).get("metric"));
                    metrics.add(metric.get("namespace") + "/" + metric.get("metricName") + dimensions(metric.get("dimensions")));
                }
            }
        }
        return metrics;
    }

    private static String dimensions(Object dimensions) {
        if (dimensions == null) {
            return "";
        }
        var entries = new TreeSet<String>();
        map(dimensions).forEach((k, v) -> entries.add(k + "=" + v));
        return "/" + String.join(",", entries);
    }

    @Test
    void everyAlarmNotifiesTheStacksTopicWhenItFiresAndWhenItClears() {
        var alarms = stack.all(METRIC_ALARM);
        assertEquals(Set.of("dead-letters-alarm", "oldest-order-alarm", "timed-out-orders-alarm", "function-errors-alarm",
                "failed-executions-alarm"), new TreeSet<>(alarms.stream().map(a -> a.name()).toList()));
        for (var alarm : alarms) {
            assertEquals(List.of(TOPIC_ARN), alarm.inputs().get("alarmActions"), alarm.name());
            assertEquals(List.of(TOPIC_ARN), alarm.inputs().get("okActions"), alarm.name());
            assertEquals("notBreaching", alarm.inputs().get("treatMissingData"), alarm.name());
            assertEquals("GreaterThanOrEqualToThreshold", alarm.inputs().get("comparisonOperator"), alarm.name());
            assertTrue(((String) alarm.inputs().get("name")).startsWith("dev-InventoryCallback-"), alarm.name());
        }
        assertEquals(TOPIC_ARN, stack.output("alarmTopicArn"));
    }

    @Test
    void everyAlarmWatchesThisStacksResourcesOnly() {
        Map<String, List<String>> watched = new java.util.TreeMap<>();
        for (var alarm : stack.all(METRIC_ALARM)) {
            watched.put(alarm.name(), metricsOf(alarm.inputs()));
        }
        assertEquals(Map.of(
                "dead-letters-alarm", List.of("AWS/SQS/ApproximateNumberOfMessagesVisible/QueueName=dev-Orders-dlq"),
                "oldest-order-alarm", List.of("AWS/SQS/ApproximateAgeOfOldestMessage/QueueName=dev-Orders"),
                "timed-out-orders-alarm", List.of(NAMESPACE + "/OrdersTimedOut"),
                "function-errors-alarm", List.of("AWS/Lambda/Errors/FunctionName=dev-Inventory",
                        "AWS/Lambda/Throttles/FunctionName=dev-Inventory"),
                "failed-executions-alarm", List.of(
                        "AWS/States/ExecutionsFailed/StateMachineArn=" + STATE_MACHINE_ARN,
                        "AWS/States/ExecutionsTimedOut/StateMachineArn=" + STATE_MACHINE_ARN,
                        "AWS/States/ExecutionsAborted/StateMachineArn=" + STATE_MACHINE_ARN)), watched);
        var sum = map(((List<?>) stack.input(METRIC_ALARM, "function-errors-alarm", "metricQueries")).get(2));
        assertEquals("FILL(m1, 0) + FILL(m2, 0)", sum.get("expression"));
        assertEquals(true, sum.get("returnData"));
    }

    /**
     * One failure, every other series absent (as Throttles, ExecutionsTimedOut and ExecutionsAborted usually are):
     * each summing alarm must still see 1. A plain {@code m1 + m2} has no value there and would stay OK.
     */
    @Test
    void theFirstFailureFiresItsAlarmWhileTheOtherSeriesHaveNoData() {
        for (String name : List.of("function-errors-alarm", "failed-executions-alarm")) {
            List<?> queries = (List<?>) stack.input(METRIC_ALARM, name, "metricQueries");
            String expression = (String) map(queries.get(queries.size() - 1)).get("expression");
            for (int failing = 1; failing < queries.size(); failing++) {
                Map<String, Double> points = Map.of("m" + failing, 1.0);
                assertEquals(1.0, MetricMath.sum(expression, points), name + " with only m" + failing + " reporting");
            }
        }
        assertNull(MetricMath.sum("m1 + m2", Map.of("m1", 1.0)), "a plain sum has no value where a term is missing");
    }

    /** CloudWatch metric math at one timestamp, for sums of terms {@code mN} or {@code FILL(mN, 0)}. */
    static final class MetricMath {
        /** @return the expression's value, or null where CloudWatch would have no data point */
        static Double sum(String expression, Map<String, Double> points) {
            double total = 0;
            for (String term : expression.split("\\+")) {
                String t = term.trim();
                var fill = java.util.regex.Pattern.compile("FILL\\((m\\d+), *0\\)").matcher(t);
                Double value = fill.matches() ? points.getOrDefault(fill.group(1), 0.0) : points.get(t);
                if (value == null) {
                    return null;
                }
                total += value;
            }
            return total;
        }
    }

    @Test
    void thresholdsComeFromTheStackConfig() {
        var defaults = Map.of("dead-letters-alarm", 1, "oldest-order-alarm", 120, "timed-out-orders-alarm", 1,
                "function-errors-alarm", 1, "failed-executions-alarm", 1);
        defaults.forEach((name, threshold) ->
                assertEquals(threshold, number(stack.input(METRIC_ALARM, name, "threshold")), name));
        var custom = DeployedStack.deployOk(Map.of("alarmDeadLetterMessages", "10", "alarmOldestOrderSeconds", "900",
                "alarmTimedOutOrders", "3", "alarmFunctionErrors", "5", "alarmFailedExecutions", "2"));
        Map.of("dead-letters-alarm", 10, "oldest-order-alarm", 900, "timed-out-orders-alarm", 3,
                "function-errors-alarm", 5, "failed-executions-alarm", 2).forEach((name, threshold) ->
                assertEquals(threshold, number(custom.input(METRIC_ALARM, name, "threshold")), name));
    }

    @Test
    void onlyThisStacksAlarmsMayPublishToTheTopicAndOnlyOverTls() {
        var policy = stack.jsonInput(TOPIC_POLICY, "alarm-topic-policy", "policy");
        assertEquals(TOPIC_ARN, stack.input(TOPIC_POLICY, "alarm-topic-policy", "arn"));
        var statements = policy.getAsJsonArray("Statement");
        assertEquals(2, statements.size());
        var publish = statements.get(0).getAsJsonObject();
        assertEquals("Allow", publish.get("Effect").getAsString());
        assertEquals("{\"Service\":\"cloudwatch.amazonaws.com\"}", publish.get("Principal").toString());
        assertEquals("sns:Publish", publish.get("Action").getAsString());
        assertEquals(TOPIC_ARN, publish.get("Resource").getAsString());
        assertEquals("{\"StringEquals\":{\"aws:SourceAccount\":\"" + ACCOUNT + "\"},\"ArnLike\":{\"aws:SourceArn\":"
                + "\"arn:aws:cloudwatch:" + REGION + ":" + ACCOUNT + ":alarm:dev-InventoryCallback-*\"}}",
                publish.get("Condition").toString());
        var tls = statements.get(1).getAsJsonObject();
        assertEquals("Deny", tls.get("Effect").getAsString());
        assertEquals("*", tls.get("Principal").getAsString());
        assertEquals("sns:Publish", tls.get("Action").getAsString());
        assertEquals("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", tls.get("Condition").toString());
        // Every alarm name matches the pattern the policy allows.
        for (var alarm : stack.all(METRIC_ALARM)) {
            assertTrue(((String) alarm.inputs().get("name")).startsWith("dev-InventoryCallback-"), alarm.name());
        }
    }

    @Test
    void theTopicIsNotUnderTheAwsManagedKeyWhichAlarmsCannotUse() {
        var topic = stack.resource(TOPIC, "alarm-topic").inputs();
        assertEquals("dev-InventoryCallback-alarms", topic.get("name"));
        assertEquals(null, topic.get("kmsMasterKeyId"));
    }

    @Test
    void anEmailAddressIsSubscribedOnlyWhenConfigured() {
        assertTrue(stack.all(TOPIC_SUBSCRIPTION).isEmpty());
        var mailed = DeployedStack.deployOk(Map.of("alarmEmail", "oncall@example.com"));
        var subscription = mailed.resource(TOPIC_SUBSCRIPTION, "alarm-email").inputs();
        assertEquals("email", subscription.get("protocol"));
        assertEquals("oncall@example.com", subscription.get("endpoint"));
        assertEquals(TOPIC_ARN, subscription.get("topic"));
        String bad = DeployedStack.rejected(Map.of("alarmEmail", "oncall at example"), DeployedStack.REGION);
        assertTrue(bad.contains("inventory-callback:alarmEmail = 'oncall at example' is invalid: must be an"
                + " e-mail address, or empty for none"), bad);
    }

    @ParameterizedTest(name = "workflowLogLevel {0}")
    @CsvSource({"ALL,orders-answered orders-rejected orders-started orders-timed-out",
            "ERROR,orders-rejected orders-timed-out", "FATAL,''", "OFF,''"})
    void metricFiltersExistOnlyForTheEventsTheLogLevelWrites(String level, String filters) {
        var deployed = DeployedStack.deployOk(Map.of("workflowLogLevel", level));
        var names = new TreeSet<>(deployed.all(LOG_METRIC_FILTER).stream().map(f -> f.name()).toList());
        assertEquals(filters.isEmpty() ? Set.of() : Set.of(filters.split(" ")), names);
        boolean timedOutAlarm = deployed.all(METRIC_ALARM).stream().anyMatch(a -> a.name().equals("timed-out-orders-alarm"));
        assertEquals(names.contains("orders-timed-out"), timedOutAlarm);
        for (var filter : deployed.all(LOG_METRIC_FILTER)) {
            assertEquals("/aws/vendedlogs/states/dev-InventoryStateMachine", filter.inputs().get("logGroupName"));
            assertEquals(NAMESPACE, map(filter.inputs().get("metricTransformation")).get("namespace"));
        }
    }

    @Test
    void everyFilterPatternCountsExactlyItsEventTypeInTheStateMachinesLog() throws IOException {
        List<String> events = Files.readAllLines(Path.of("src/test/resources/state-machine-log-events.jsonl"));
        for (var filter : stack.all(LOG_METRIC_FILTER)) {
            String pattern = (String) filter.inputs().get("pattern");
            String metric = (String) map(filter.inputs().get("metricTransformation")).get("name");
            String type = Signals.FILTERS.stream().filter(f -> f.metric().equals(metric)).findFirst().orElseThrow()
                    .eventType();
            List<String> matched = events.stream().filter(e -> FilterPatterns.matches(pattern, e))
                    .map(e -> JsonParser.parseString(e).getAsJsonObject().get("type").getAsString()).toList();
            assertEquals(List.of(type), matched, filter.name() + " " + pattern);
            assertEquals("1", map(filter.inputs().get("metricTransformation")).get("value"));
        }
        // The function's own lines are not state machine events.
        assertFalse(FilterPatterns.matches("{ $.type = \"TaskFailed\" }", "{\"level\":\"INFO\",\"outcome\":\"OUT_OF_STOCK\"}"));
    }

    @Test
    void theFunctionCountsOutcomesInTheSameNamespaceAsTheFilters() {
        var function = stack.resource(FUNCTION, "Inventory").inputs();
        assertEquals(NAMESPACE, map(map(function.get("environment")).get("variables")).get("METRICS_NAMESPACE"));
        assertEquals("Text", map(function.get("loggingConfig")).get("logFormat"));
        assertEquals("/aws/lambda/dev-Inventory", map(function.get("loggingConfig")).get("logGroup"));
    }

    @Test
    void theDashboardShowsTheFlowLeftToRightAndNamesOnlyMetricsThatExist() {
        var dashboard = stack.resource(DASHBOARD, "dashboard").inputs();
        // Dashboards are global to the account: the region keeps two regions' stacks from overwriting each other's.
        assertEquals("dev-InventoryCallback-" + DeployedStack.REGION, dashboard.get("dashboardName"));
        JsonArray widgets = JsonParser.parseString((String) dashboard.get("dashboardBody")).getAsJsonObject()
                .getAsJsonArray("widgets");
        List<String> firstRow = new ArrayList<>();
        int lastX = -1;
        Set<String> filterMetrics = new TreeSet<>();
        stack.all(LOG_METRIC_FILTER).forEach(f -> filterMetrics.add((String) map(f.inputs().get("metricTransformation")).get("name")));
        for (JsonElement element : widgets) {
            JsonObject widget = element.getAsJsonObject();
            JsonObject properties = widget.getAsJsonObject("properties");
            if (widget.get("y").getAsInt() == 0) {
                assertTrue(widget.get("x").getAsInt() > lastX, "left to right");
                lastX = widget.get("x").getAsInt();
                firstRow.add(properties.get("title").getAsString());
            }
            assertTrue(widget.get("x").getAsInt() + widget.get("width").getAsInt() <= 24, widget.toString());
            if (!widget.get("type").getAsString().equals("metric")) {
                continue;
            }
            assertEquals(REGION, properties.get("region").getAsString());
            // A graph over time at the alarms' period; only outcomes, which add up to a whole, are stacked.
            assertEquals("timeSeries", properties.get("view").getAsString(), widget.toString());
            assertEquals(Signals.PERIOD_SECONDS, properties.get("period").getAsInt(), widget.toString());
            assertEquals(Set.of("Answered, by the inventory's outcome", "As the state machine saw them")
                            .contains(properties.get("title").getAsString()),
                    properties.get("stacked").getAsBoolean(), widget.toString());
            for (JsonElement metricElement : properties.getAsJsonArray("metrics")) {
                JsonArray metric = metricElement.getAsJsonArray();
                JsonObject options = metric.get(metric.size() - 1).getAsJsonObject();
                assertTrue(options.get("stat").getAsString().matches("Sum|Maximum|Average|p\\d\\d"), metric.toString());
                assertFalse(options.get("label").getAsString().isBlank(), metric.toString());
                // Durations and ages on their own axis, so that they do not flatten the counts beside them.
                assertEquals(Set.of("Duration", "ApproximateAgeOfOldestMessage").contains(metric.get(1).getAsString())
                                ? "right" : null,
                        options.has("yAxis") ? options.get("yAxis").getAsString() : null, metric.toString());
                String namespace = metric.get(0).getAsString();
                String name = metric.get(1).getAsString();
                if (namespace.equals(NAMESPACE)) {
                    assertTrue(name.equals(Signals.MESSAGES_METRIC) || filterMetrics.contains(name), name);
                } else {
                    String dimension = metric.get(2).getAsString();
                    assertTrue(AWS_METRICS.contains(namespace + "/" + name + "/" + dimension), namespace + "/" + name);
                }
                if (metric.size() == 5) {
                    String dimension = metric.get(2).getAsString();
                    assertTrue(OWN.get(dimension).contains(metric.get(3).getAsString()), metric.toString());
                }
            }
        }
        assertEquals(List.of("Orders in", "Waiting in Orders", "Answered, by the inventory's outcome",
                "As the state machine saw them", "Dead-lettered"), firstRow);
        assertEquals(List.of("Inventory function", "From start to answer (ms)", "Alarms"), widgets.asList().stream()
                .map(JsonElement::getAsJsonObject).filter(w -> w.get("y").getAsInt() == 6)
                .map(w -> w.getAsJsonObject("properties").get("title").getAsString()).toList());
        JsonObject alarmWidget = widgets.asList().stream().map(JsonElement::getAsJsonObject)
                .filter(w -> w.get("type").getAsString().equals("alarm")).findFirst().orElseThrow();
        Set<String> alarmArns = new TreeSet<>();
        stack.all(METRIC_ALARM).forEach(a -> alarmArns.add((String) a.state().get("arn")));
        Set<String> shown = new TreeSet<>();
        alarmWidget.getAsJsonObject("properties").getAsJsonArray("alarms").forEach(a -> shown.add(a.getAsString()));
        assertEquals(alarmArns, shown);
        assertEquals("https://" + REGION + ".console.aws.amazon.com/cloudwatch/home?region=" + REGION
                + "#dashboards/dashboard/dev-InventoryCallback-" + REGION, stack.output("dashboardUrl"));
    }

    @Test
    void theDashboardShowsEveryOutcomeTheFunctionLogs() {
        // The outcomes are the contract's (contract/), which the function logs by name.
        assertEquals(java.util.Arrays.stream(io.github.inventorycallback.contract.Outcome.values()).map(Enum::name).toList(),
                Signals.OUTCOMES);
        assertEquals(List.of("IN_STOCK", "OUT_OF_STOCK", "INVALID_ORDER", "TOKEN_REFUSED", "RETRY", "UNANSWERABLE"),
                Signals.OUTCOMES);
    }
}
