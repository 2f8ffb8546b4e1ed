package io.github.inventorycallback.stack.run;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.io.PrintStream;
import java.util.List;

/**
 * Stops every running execution of a state machine: what `pulumi destroy` needs first when orders are in flight.
 * Step Functions deletes a Standard state machine only once its running executions have ended, and one waiting in
 * Check Inventory for a lost message waits until its task timeout.
 */
final class StopRunning {
    static final String ERROR = "StackTeardown";
    static final String CAUSE = "Stopped by the order runner's stop command before the stack is destroyed";

    private StopRunning() {
    }

    /** @return how many executions were stopped */
    static int stopAll(SfnClient sfn, String stateMachineArn, PrintStream out) {
        // Every page first, then the stops: stopping while paging would change the list being paged.
        List<String> running = sfn.listExecutionsPaginator(r -> r.stateMachineArn(stateMachineArn)
                .statusFilter(ExecutionStatus.RUNNING)).executions().stream()
                .map(ExecutionListItem::executionArn).toList();
        int stopped = 0;
        for (String arn : running) {
            // The SDK retries throttled calls.
            sfn.stopExecution(r -> r.executionArn(arn).error(ERROR).cause(CAUSE));
            out.println("stopped " + arn);
            stopped++;
        }
        out.println(stopped == 0 ? "No running executions of " + stateMachineArn
                : "Stopped " + stopped + " running executions of " + stateMachineArn + "; it can be deleted now");
        return stopped;
    }
}
