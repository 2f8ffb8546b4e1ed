package io.github.inventorycallback.stack.run;

import picocli.CommandLine.Option;

/** {@code --stack}: the stack whose outputs name what a command works on (a picocli mixin, shared by every command). */
final class StackOption {
    @Option(names = "--stack", paramLabel = "NAME",
            description = "the stack whose outputs name the resources (default: the selected stack)")
    String name;
}
