package io.github.inventorycallback.function.batch;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The time an invocation's deadline is kept on, and the waits for its callbacks until that deadline. The function
 * uses the system's monotonic clock ({@link #SYSTEM}); tests use one that moves only when told, so that no verdict
 * depends on how fast the machine runs.
 */
@FunctionalInterface
public interface InvocationClock {
    /** {@link System#nanoTime()}, and {@link Future#get(long, TimeUnit)} for the time left. */
    InvocationClock SYSTEM = System::nanoTime;

    /** Now, in nanoseconds; only differences mean anything. */
    long nanoTime();

    /** The callback's result, waiting for it at most until {@code deadline} on this clock. */
    default <T> T await(Future<T> callback, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return callback.get(Math.max(0, deadline - nanoTime()), TimeUnit.NANOSECONDS);
    }
}
