package io.github.inventorycallback.function.log;

import io.github.inventorycallback.contract.Outcome;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The function's log lines: one JSON object per line, with the fields an operator filters on in CloudWatch Logs
 * Insights ({@code messageId}, {@code orderId}, {@code outcome}, {@code error}, {@code attempt}). A message's
 * outcome line is also an embedded-metric-format record: CloudWatch Logs turns it into the {@code Messages} metric
 * by {@code outcome}, in the stack's own namespace, with no PutMetricData call or permission.
 */
public final class LogLine {
    public static final String METRIC = Outcome.METRIC;
    public static final String DIMENSION = Outcome.DIMENSION;

    private final JsonObject json = new JsonObject();

    private LogLine(String level, String message) {
        json.addProperty("level", level);
        json.addProperty("message", message);
    }

    public static LogLine info(String message) {
        return new LogLine("INFO", message);
    }

    public static LogLine warn(String message) {
        return new LogLine("WARN", message);
    }

    /** Adds a field; a null value is left out. */
    public LogLine with(String field, Object value) {
        if (value instanceof Number number) {
            json.add(field, new JsonPrimitive(number));
        } else if (value != null) {
            json.addProperty(field, String.valueOf(value));
        }
        return this;
    }

    /** Makes the line count one message of this outcome in the namespace's {@value #METRIC} metric. */
    public LogLine counted(String namespace, String outcome, long epochMillis) {
        JsonObject metric = new JsonObject();
        metric.addProperty("Name", METRIC);
        metric.addProperty("Unit", "Count");
        JsonArray dimensionSet = new JsonArray();
        dimensionSet.add(DIMENSION);
        JsonArray dimensions = new JsonArray();
        dimensions.add(dimensionSet);
        JsonObject directive = new JsonObject();
        directive.addProperty("Namespace", namespace);
        directive.add("Dimensions", dimensions);
        JsonArray metrics = new JsonArray();
        metrics.add(metric);
        directive.add("Metrics", metrics);
        JsonArray directives = new JsonArray();
        directives.add(directive);
        JsonObject aws = new JsonObject();
        aws.addProperty("Timestamp", epochMillis);
        aws.add("CloudWatchMetrics", directives);
        json.add("_aws", aws);
        json.addProperty(DIMENSION, outcome);
        json.addProperty(METRIC, 1);
        return this;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
