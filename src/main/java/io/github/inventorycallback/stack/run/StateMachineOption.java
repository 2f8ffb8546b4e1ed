package io.github.inventorycallback.stack.run;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the stack's resources come from: the options that name them, else {@code pulumi stack output}. */
final class StateMachineOption {
    @Mixin
    StackOption stack = new StackOption();

    @Option(names = "--state-machine", paramLabel = "ARN",
            description = "the state machine (default: `pulumi stack output stateMachineArn`)")
    String stateMachine;
}
