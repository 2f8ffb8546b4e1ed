package io.github.inventorycallback.stack.run;

import java.io.PrintStream;

/** A progress bar on a terminal; on anything else (a pipe, a CI log), one line per change. */
public final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private int lastFinished = -1;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void update(int finished, int total) {
        update(finished, total, "finished");
    }

    void update(int finished, int total, String what) {
        if (finished == lastFinished) {
            return;
        }
        lastFinished = finished;
        int filled = total == 0 ? WIDTH : finished * WIDTH / total;
        String bar = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + finished + "/" + total
                + " " + what;
        if (terminal) {
            out.print("\r" + bar);
        } else {
            out.println(bar);
        }
        out.flush();
    }

    void done() {
        if (terminal) {
            out.println();
        }
    }
}
