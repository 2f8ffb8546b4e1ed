package io.github.inventorycallback.stack.run;

import java.io.PrintStream;

/**
 * The stack one command works on: its outputs, and where its AWS is, read once, with the first output the command
 * reads or when the command is given {@code --stack}. The operator is told when that is a local stack's endpoints.
 */
final class CommandStack implements RunOrders.StackOutputs {
    private final RunOrders.StackOutputs cli;
    private final PrintStream err;
    private volatile StackEndpoints endpoints;

    CommandStack(RunOrders.StackOutputs cli, PrintStream err) {
        this.cli = cli;
        this.err = err;
    }

    @Override
    public String get(String stack, String name) {
        String value = cli.get(stack, name);
        endpointsOf(stack);
        return value;
    }

    @Override
    public synchronized StackEndpoints endpointsOf(String stack) {
        if (endpoints == null) {
            endpoints = cli.endpoints(stack);
            if (endpoints.local()) {
                err.println(endpoints.describe(stack));
            }
        }
        return endpoints;
    }

    /** The endpoints read so far, or null before any output was read. */
    StackEndpoints endpoints() {
        return endpoints;
    }
}
