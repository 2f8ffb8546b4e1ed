package io.github.inventorycallback.stack.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The table of outcomes and the end-to-end latency percentiles. */
final class Report {
    private Report() {
    }

    static void print(PrintStream out, List<ExecutionRunner.Outcome> outcomes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"order", "execution", "status", "path", "error", "duration", "expected"});
        for (var outcome : outcomes) {
            String arn = outcome.executionArn();
            rows.add(new String[] {
                    outcome.order().name(),
                    arn == null ? "-" : arn.substring(arn.lastIndexOf(':') + 1),
                    outcome.status(),
                    String.join(" -> ", outcome.path()),
                    Objects.toString(outcome.error(), "-"),
                    outcome.duration() == null ? "-" : outcome.duration().toMillis() + " ms",
                    verdict(outcome)});
        }
        table(out, rows);
        List<Duration> durations = new ArrayList<>(outcomes.stream().map(ExecutionRunner.Outcome::duration)
                .filter(Objects::nonNull).toList());
        if (!durations.isEmpty()) {
            Collections.sort(durations);
            out.printf("end-to-end latency over %d executions: p50 %d ms, p95 %d ms, max %d ms%n", durations.size(),
                    percentile(durations, 50).toMillis(), percentile(durations, 95).toMillis(),
                    durations.get(durations.size() - 1).toMillis());
        }
    }

    /** Rows in columns as wide as their widest cell; the first row is the header. */
    static void table(PrintStream out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : pad(row[i], widths[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String verdict(ExecutionRunner.Outcome outcome) {
        if (outcome.status().equals("RUNNING")) {
            return "not finished";
        }
        if (outcome.status().equals(ExecutionRunner.NOT_STARTED)) {
            return "not started";
        }
        return outcome.asExpected() ? "yes" : "NO: expected " + expectation(outcome.order());
    }

    private static String expectation(Order order) {
        if (order.expectedState() == null) {
            return "SUCCEEDED";
        }
        return order.expectedState() + (order.expectedError() == null ? "" : " with " + order.expectedError());
    }

    /** Nearest-rank percentile of sorted values. */
    static Duration percentile(List<Duration> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
