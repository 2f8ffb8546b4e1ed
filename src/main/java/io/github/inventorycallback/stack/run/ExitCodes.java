package io.github.inventorycallback.stack.run;

/** The exit codes of {@code ./orders}, every command's (its {@code --help} lists them). */
final class ExitCodes {
    /** Every execution ended as expected, or the command did what it says. */
    static final int OK = 0;
    /** Some ended otherwise, or AWS refused a call. */
    static final int UNEXPECTED = 1;
    /** Some did not finish (or start) within --timeout. */
    static final int NOT_FINISHED = 2;
    /** Bad arguments (sysexits.h EX_USAGE). */
    static final int USAGE = 64;
    /** Interrupted (Ctrl-C): 128 + SIGINT. */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
