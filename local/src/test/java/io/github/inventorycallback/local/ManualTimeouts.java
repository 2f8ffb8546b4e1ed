package io.github.inventorycallback.local;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deadlines that come only when the test says ({@link #expire}), never by the machine's clock: a slow machine
 * cannot make a function time out, and a test of the timeout does not wait for it.
 */
final class ManualTimeouts implements Timeouts {
    private record Pending(Duration delay, Runnable action, AtomicBoolean cancelled) {
    }

    private final List<Pending> pending = new CopyOnWriteArrayList<>();

    @Override
    public Runnable after(Duration delay, Runnable action) {
        var entry = new Pending(delay, action, new AtomicBoolean());
        pending.add(entry);
        return () -> {
            entry.cancelled().set(true);
            pending.remove(entry);
        };
    }

    /** The deadlines still pending, by their delay. */
    List<Duration> pending() {
        return pending.stream().map(Pending::delay).toList();
    }

    /** Every pending deadline of this delay comes now. */
    void expire(Duration delay) {
        for (Pending entry : pending) {
            if (entry.delay().equals(delay) && !entry.cancelled().getAndSet(true)) {
                pending.remove(entry);
                entry.action().run();
            }
        }
    }
}
