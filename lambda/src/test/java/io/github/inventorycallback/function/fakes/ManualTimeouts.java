package io.github.inventorycallback.function.fakes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The SDK client's timer ({@code ClientOverrideConfiguration.scheduledExecutorService}), on which it schedules each
 * call's {@code apiCallTimeout}: here a timeout is recorded, with its delay, and fires only when the test says the
 * deadline has come ({@link #expire()}), never by the machine's clock.
 */
public final class ManualTimeouts extends ScheduledThreadPoolExecutor {
    private record Timeout(Runnable task, Duration delay, ScheduledFuture<?> future) {
    }

    private final List<Timeout> timeouts = new CopyOnWriteArrayList<>();

    public ManualTimeouts() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        // A future that never comes due by itself; the SDK cancels it when the call ends in time.
        ScheduledFuture<?> future = super.schedule(() -> { }, 365, TimeUnit.DAYS);
        timeouts.add(new Timeout(task, Duration.ofNanos(unit.toNanos(delay)), future));
        return future;
    }

    /** The delay of every timeout scheduled so far, in order: one per call made with an {@code apiCallTimeout}. */
    public List<Duration> delays() {
        return timeouts.stream().map(Timeout::delay).toList();
    }

    /** The deadline has come: runs every timeout still pending (those of calls in flight), once, as the timer would. */
    public void expire() {
        for (Timeout timeout : timeouts) {
            if (timeout.future().cancel(false)) {
                timeout.task().run();
            }
        }
    }
}
