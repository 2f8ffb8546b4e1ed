package io.github.inventorycallback.function.fakes;

import io.github.inventorycallback.function.batch.InvocationClock;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An invocation's clock that stands still until the test moves it on: a deadline passes when the test says so,
 * however slow the machine. Waiting for a callback ends when it is done or when this clock has reached the
 * deadline; the machine's own clock only stops a wait that would otherwise never end.
 */
public final class FakeClock implements InvocationClock {
    /** Longer than any callback of these tests takes on a busy machine; reaching it means something hangs. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private final AtomicLong now = new AtomicLong();

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Override
    public <T> T await(Future<T> callback, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        long hang = System.nanoTime() + HANG.toNanos();
        while (true) {
            if (!callback.isDone() && nanoTime() >= deadline) {
                throw new TimeoutException("the invocation's time is up on the test's clock");
            }
            try {
                return callback.get(1, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (System.nanoTime() > hang) {
                    throw new IllegalStateException("a callback neither ended nor ran out of time in " + HANG);
                }
            }
        }
    }
}
