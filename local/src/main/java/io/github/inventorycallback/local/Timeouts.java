package io.github.inventorycallback.local;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When a deadline comes: the function's timeout and the init limit. A seam, so that tests say when a deadline has
 * come instead of waiting for the machine's clock.
 */
interface Timeouts {
    /** Runs {@code action} after {@code delay}, unless the returned handle is cancelled first. */
    Runnable after(Duration delay, Runnable action);

    /** On a timer thread. */
    static Timeouts real() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "function-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        return (delay, action) -> {
            var future = timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}
