package io.github.inventorycallback.stack.run;

import java.io.PrintStream;
import java.util.List;

/** The run's exit code, and on stderr what the operator must know about executions that did not end as expected. */
final class Verdict {
    private Verdict() {
    }

    static int exitCode(ExecutionRunner.Result result, PrintStream err) {
        if (result.cancelled()) {
            List<String> started = result.outcomes().stream().map(ExecutionRunner.Outcome::executionArn)
                    .filter(java.util.Objects::nonNull).toList();
            err.println("Interrupted. " + started.size() + " executions were started and keep running"
                    + " in Step Functions:");
            started.forEach(arn -> err.println("  " + arn));
            return ExitCodes.INTERRUPTED;
        }
        if (result.timedOut()) {
            List<String> unfinished = result.outcomes().stream().filter(o -> o.status().equals("RUNNING"))
                    .map(ExecutionRunner.Outcome::executionArn).toList();
            List<String> notStarted = result.outcomes().stream().filter(o -> o.executionArn() == null)
                    .map(o -> o.order().name()).toList();
            if (!unfinished.isEmpty()) {
                err.println(unfinished.size() + " executions did not finish within " + result.timeout().toSeconds()
                        + " s (raise --timeout, or look at them with `history`):");
                unfinished.forEach(arn -> err.println("  " + arn));
            }
            if (!notStarted.isEmpty()) {
                err.println(notStarted.size() + " orders were not started within " + result.timeout().toSeconds()
                        + " s (Step Functions kept throttling; raise --timeout):");
                notStarted.forEach(name -> err.println("  " + name));
            }
            return ExitCodes.NOT_FINISHED;
        }
        long unexpected = result.outcomes().stream().filter(o -> !o.asExpected()).count();
        if (unexpected > 0) {
            err.println(unexpected + " executions ended differently from what their orders expect");
            return ExitCodes.UNEXPECTED;
        }
        return ExitCodes.OK;
    }
}
