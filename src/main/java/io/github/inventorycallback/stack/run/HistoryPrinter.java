package io.github.inventorycallback.stack.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** One execution's event history, step by step, with each step's input and output, as the console shows it. */
final class HistoryPrinter {
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .create();

    private HistoryPrinter() {
    }

    static int print(SfnClient sfn, String executionArn, PrintStream out) {
        Instant start = null;
        String state = "";
        int count = 0;
        for (HistoryEvent event : sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn)).events()) {
            count++;
            start = start == null ? event.timestamp() : start;
            if (event.stateEnteredEventDetails() != null) {
                state = event.stateEnteredEventDetails().name();
            }
            out.printf("%3d  +%-6s  %-26s %s%n", event.id(), Duration.between(start, event.timestamp()).toMillis() + "ms",
                    event.typeAsString(), state);
            details(event, out);
            if (event.stateExitedEventDetails() != null) {
                state = "";
            }
        }
        return count;
    }

    /** Every field of the event's one details object (input, output, error, cause, resource, ...). */
    private static void details(HistoryEvent event, PrintStream out) {
        for (SdkField<?> field : event.sdkFields()) {
            if (field.getValueOrDefault(event) instanceof SdkPojo details) {
                for (SdkField<?> detail : details.sdkFields()) {
                    Object value = detail.getValueOrDefault(details);
                    boolean empty = value == null || value instanceof Map<?, ?> map && map.isEmpty()
                            || value instanceof Collection<?> list && list.isEmpty();
                    // The state's name already stands in the event's line.
                    if (!empty && !(value instanceof SdkPojo) && !detail.memberName().equals("name")) {
                        String text = pretty(String.valueOf(value)).replace("\n", "\n        ");
                        out.println("        " + detail.memberName() + ": " + text);
                    }
                }
            }
        }
    }

    private static String pretty(String value) {
        String trimmed = value.trim();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return value;
        }
        try {
            return PRETTY.toJson(JsonParser.parseString(trimmed));
        } catch (JsonSyntaxException e) {
            return value;
        }
    }
}
