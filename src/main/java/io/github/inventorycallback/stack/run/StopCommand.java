package io.github.inventorycallback.stack.run;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop every running execution of the state machine: run it before `pulumi destroy`,"
                + " which otherwise waits for orders still waiting in Check Inventory (up to"
                + " taskTimeoutSeconds)."})
final class StopCommand implements Callable<Integer> {
    @ParentCommand
    RunOrders app;

    @Mixin
    StateMachineOption target;

    @Override
    public Integer call() {
        String stateMachine = app.stateMachine(target);
        try (SfnClient sfn = app.stepFunctions.get()) {
            StopRunning.stopAll(sfn, stateMachine, app.out);
            return ExitCodes.OK;
        }
    }
}
