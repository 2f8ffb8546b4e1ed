package io.github.inventorycallback.stack.run;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The runner's table, percentiles and progress, exactly as a person reads them. */
class ReportTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<Duration> millis(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofMillis).toList();
    }

    @Test
    void percentilesAreNearestRank() {
        var sorted = millis(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertEquals(Duration.ofMillis(50), Report.percentile(sorted, 50));
        assertEquals(Duration.ofMillis(100), Report.percentile(sorted, 95));
        assertEquals(Duration.ofMillis(10), Report.percentile(sorted, 1));
        assertEquals(Duration.ofMillis(7), Report.percentile(millis(7), 50));
        assertEquals(Duration.ofMillis(30), Report.percentile(millis(10, 20, 30), 95));
    }

    @Test
    void tableColumnsAreAsWideAsTheirWidestCellAndTheLastIsNotPadded() {
        Report.table(out, List.of(new String[] {"a", "bb", "c"}, new String[] {"long", "x", "end"}));
        assertEquals("a     bb  c\nlong  x   end\n", printed().replace("\r\n", "\n"));
    }

    @Test
    void outcomesPrintTheirRowAndTheLatencyLine() {
        var order = new Order("in-stock", "{}", "Notify Success", null);
        var other = new Order("slow", "{}", null, null);
        Report.print(out, List.of(
                new ExecutionRunner.Outcome(order, "arn:aws:states:r:1:execution:m:e-1", "SUCCEEDED",
                        List.of("Check Inventory", "Notify Success"), null, Duration.ofMillis(300)),
                new ExecutionRunner.Outcome(other, "arn:aws:states:r:1:execution:m:e-2", "FAILED", List.of(),
                        "States.ResultPathMatchFailure", Duration.ofMillis(100)),
                new ExecutionRunner.Outcome(other, null, ExecutionRunner.NOT_STARTED, List.of(), null, null)));
        var lines = printed().lines().toList();
        assertEquals("order     execution  status       path                               error"
                + "                          duration  expected", lines.get(0));
        assertEquals("in-stock  e-1        SUCCEEDED    Check Inventory -> Notify Success  -"
                + "                              300 ms    yes", lines.get(1));
        assertEquals("slow      e-2        FAILED                                          States.ResultPathMatchFailure"
                + "  100 ms    NO: expected SUCCEEDED", lines.get(2));
        assertEquals("slow      -          NOT_STARTED                                     -"
                + "                              -         not started", lines.get(3));
        assertEquals("end-to-end latency over 2 executions: p50 100 ms, p95 300 ms, max 300 ms", lines.get(4));
    }

    @Test
    void onATerminalTheBarRedrawsInPlaceAndEndsWithANewLine() {
        var progress = new Progress(out, true);
        progress.update(0, 4);
        progress.update(0, 4);
        progress.update(2, 4);
        progress.update(4, 4, "moved");
        progress.done();
        assertEquals("\r[..............................] 0/4 finished\r[###############...............] 2/4 finished"
                + "\r[##############################] 4/4 moved\n", printed().replace("\r\n", "\n"));
    }

    @Test
    void elsewhereEachChangeIsOneLine() {
        var progress = new Progress(out, false);
        progress.update(1, 3);
        progress.update(1, 3);
        progress.update(3, 3);
        progress.done();
        progress.update(0, 0);
        assertEquals(List.of("[##########....................] 1/3 finished",
                "[##############################] 3/3 finished", "[##############################] 0/0 finished"),
                printed().lines().toList());
    }
}
