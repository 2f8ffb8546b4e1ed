package io.github.inventorycallback.stack;

import io.github.inventorycallback.contract.Outcome;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What the stack measures, as pure data and documents: the metric filters on the state machine's log group, the
 * function's embedded metric, and the dashboard that shows them with the AWS metrics of the stack's resources.
 * Every custom metric lives in the stack's own namespace, so two stacks in one account never mix.
 */
public final class Signals {
    /** The function's embedded metric (see the function's LogLine): one per message, by outcome. */
    public static final String MESSAGES_METRIC = Outcome.METRIC;
    public static final String OUTCOME_DIMENSION = Outcome.DIMENSION;
    /** The outcomes the function logs, in the order the dashboard shows them. */
    public static final List<String> OUTCOMES = java.util.Arrays.stream(Outcome.values()).map(Enum::name).toList();
    /** Alarms, metric filters and the dashboard are evaluated over five minutes. */
    public static final int PERIOD_SECONDS = 300;

    /**
     * A metric filter on the state machine's execution log: one count per event of a type.
     *
     * @param levels the workflowLogLevel values that log this event type (Step Functions' log levels)
     */
    public record Filter(String name, String metric, String eventType, List<String> levels) {
        /** CloudWatch Logs' filter pattern for the event's JSON line. */
        public String pattern() {
            return "{ $.type = \"" + eventType + "\" }";
        }
    }

    /** Orders as the state machine saw them, whatever the function thinks. */
    public static final List<Filter> FILTERS = List.of(
            new Filter("orders-started", "OrdersStarted", "ExecutionStarted", List.of("ALL")),
            new Filter("orders-answered", "OrdersAnswered", "TaskSucceeded", List.of("ALL")),
            new Filter("orders-rejected", "OrdersRejected", "TaskFailed", List.of("ALL", "ERROR")),
            new Filter("orders-timed-out", "OrdersTimedOut", "TaskTimedOut", List.of("ALL", "ERROR")));

    private Signals() {
    }

    /** The filters a log level can feed: the others would count nothing. */
    public static List<Filter> filtersFor(String logLevel) {
        return FILTERS.stream().filter(f -> f.levels().contains(logLevel)).toList();
    }

    /** The resources a dashboard or alarm points at. */
    public record Watched(String region, String namespace, String stateMachineArn, String ordersQueueName,
                          String deadLetterQueueName, String functionName, List<String> filterMetrics,
                          List<String> alarmArns) {
    }

    /**
     * The dashboard's body: the flow from left to right (orders in, waiting, answered by outcome, dead-lettered),
     * then the function's health, the latency from start to answer, and the alarms.
     */
    public static String dashboardBody(Watched w) {
        JsonArray widgets = new JsonArray();
        widgets.add(graph(0, 0, 4, "Orders in", w.region(), false, List.of(
                metric("AWS/States", "ExecutionsStarted", "Sum", "StateMachineArn", w.stateMachineArn(), "started"))));
        widgets.add(graph(4, 0, 5, "Waiting in Orders", w.region(), false, List.of(
                metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", "QueueName", w.ordersQueueName(),
                        "waiting"),
                metric("AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "Maximum", "QueueName",
                        w.ordersQueueName(), "being checked"),
                rightAxis(metric("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", "QueueName",
                        w.ordersQueueName(), "oldest (s)")))));
        List<JsonArray> outcomes = new ArrayList<>();
        for (String outcome : OUTCOMES) {
            outcomes.add(metric(w.namespace(), MESSAGES_METRIC, "Sum", OUTCOME_DIMENSION, outcome,
                    outcome.toLowerCase().replace('_', ' ')));
        }
        widgets.add(graph(9, 0, 5, "Answered, by the inventory's outcome", w.region(), true, outcomes));
        List<JsonArray> machine = new ArrayList<>();
        for (String name : w.filterMetrics()) {
            machine.add(metric(w.namespace(), name, "Sum", null, null, name));
        }
        for (String name : List.of("ExecutionsFailed", "ExecutionsAborted", "ExecutionsTimedOut")) {
            machine.add(metric("AWS/States", name, "Sum", "StateMachineArn", w.stateMachineArn(), name));
        }
        widgets.add(graph(14, 0, 5, "As the state machine saw them", w.region(), true, machine));
        widgets.add(graph(19, 0, 5, "Dead-lettered", w.region(), false, List.of(
                metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", "QueueName",
                        w.deadLetterQueueName(), "in the dead-letter queue"))));
        widgets.add(graph(0, 6, 8, "Inventory function", w.region(), false, List.of(
                metric("AWS/Lambda", "Errors", "Sum", "FunctionName", w.functionName(), "errors"),
                metric("AWS/Lambda", "Throttles", "Sum", "FunctionName", w.functionName(), "throttles"),
                metric("AWS/Lambda", "ConcurrentExecutions", "Maximum", "FunctionName", w.functionName(),
                        "concurrent"),
                rightAxis(metric("AWS/Lambda", "Duration", "p95", "FunctionName", w.functionName(),
                        "duration p95 (ms)")))));
        widgets.add(graph(8, 6, 8, "From start to answer (ms)", w.region(), false, List.of(
                metric("AWS/States", "ExecutionTime", "p50", "StateMachineArn", w.stateMachineArn(), "p50"),
                metric("AWS/States", "ExecutionTime", "p95", "StateMachineArn", w.stateMachineArn(), "p95"))));
        JsonObject alarms = new JsonObject();
        alarms.addProperty("type", "alarm");
        alarms.addProperty("x", 16);
        alarms.addProperty("y", 6);
        alarms.addProperty("width", 8);
        alarms.addProperty("height", 6);
        JsonObject alarmProperties = new JsonObject();
        alarmProperties.addProperty("title", "Alarms");
        JsonArray arns = new JsonArray();
        w.alarmArns().forEach(arns::add);
        alarmProperties.add("alarms", arns);
        alarms.add("properties", alarmProperties);
        widgets.add(alarms);

        JsonObject body = new JsonObject();
        body.add("widgets", widgets);
        return new GsonBuilder().disableHtmlEscaping().create().toJson(body);
    }

    /** A dashboard metric: [namespace, name, dimension, value, {stat, label}]. */
    private static JsonArray metric(String namespace, String name, String stat, String dimension, String value,
                                    String label) {
        JsonArray metric = new JsonArray();
        metric.add(namespace);
        metric.add(name);
        if (dimension != null) {
            metric.add(dimension);
            metric.add(value);
        }
        JsonObject options = new JsonObject();
        options.addProperty("stat", stat);
        options.addProperty("label", label);
        metric.add(options);
        return metric;
    }

    private static JsonArray rightAxis(JsonArray metric) {
        metric.get(metric.size() - 1).getAsJsonObject().addProperty("yAxis", "right");
        return metric;
    }

    private static JsonObject graph(int x, int y, int width, String title, String region, boolean stacked,
                                    List<JsonArray> metrics) {
        JsonObject properties = new JsonObject();
        properties.addProperty("title", title);
        properties.addProperty("region", region);
        properties.addProperty("view", "timeSeries");
        properties.addProperty("stacked", stacked);
        properties.addProperty("period", PERIOD_SECONDS);
        JsonArray list = new JsonArray();
        metrics.forEach(list::add);
        properties.add("metrics", list);
        JsonObject widget = new JsonObject();
        widget.addProperty("type", "metric");
        widget.addProperty("x", x);
        widget.addProperty("y", y);
        widget.addProperty("width", width);
        widget.addProperty("height", 6);
        widget.add("properties", properties);
        return widget;
    }
}
