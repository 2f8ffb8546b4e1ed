package io.github.inventorycallback.stack.run;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Print one execution's event history, step by step, with each step's input and output.")
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    RunOrders app;

    @Parameters(paramLabel = "EXECUTION_ARN", description = "the execution")
    String execution;

    /** Only where the execution runs: a local stack's endpoints (RunOrders reads them when it is given). */
    @Mixin
    StackOption stack = new StackOption();

    @Override
    public Integer call() {
        app.resource("EXECUTION_ARN", execution, AwsNames.EXECUTION,
                "an execution ARN, arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME");
        try (SfnClient sfn = app.stepFunctions.get()) {
            int events = HistoryPrinter.print(sfn, execution.trim(), app.out);
            app.out.println(events + " events");
            return ExitCodes.OK;
        }
    }
}
