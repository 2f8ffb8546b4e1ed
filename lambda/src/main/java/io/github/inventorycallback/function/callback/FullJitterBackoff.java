package io.github.inventorycallback.function.callback;

import software.amazon.awssdk.retries.api.BackoffStrategy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with full jitter, as the SDK's {@code BackoffStrategy.exponentialDelay}: before attempt
 * {@code n} of a call, a delay drawn uniformly from 0 to {@code min(max, base × 2^(n−2))}. The SDK numbers a call's
 * attempts from 1 and asks for the delay before the attempt about to be made, so the first retry (attempt 2) waits
 * up to {@code base}, as in the SDK's own strategy. It draws from a
 * {@link SecureRandom} instead of the SDK's {@code ThreadLocalRandom}, whose per-thread seeds come from a static
 * counter: a SnapStart snapshot copies that counter into every instance restored from it, and they would all back
 * off by the same delays and retry in lockstep. The JDK's SecureRandom reads the operating system's entropy on each
 * draw, so every restored instance draws its own (Lambda's guide, "Handling uniqueness with Lambda SnapStart").
 */
public record FullJitterBackoff(Duration base, Duration max, Random random) implements BackoffStrategy {
    private static final Random ENTROPY = new SecureRandom();

    public FullJitterBackoff(Duration base, Duration max) {
        this(base, max, ENTROPY);
    }

    /** The same backoff, drawing its delays from {@code jitter}. */
    public FullJitterBackoff drawingFrom(Random jitter) {
        return new FullJitterBackoff(base, max, jitter);
    }

    /** The longest delay before attempt {@code attempt}, as the SDK numbers them: 2 is the first retry. */
    public Duration ceiling(int attempt) {
        int doublings = Math.min(Math.max(attempt, 2) - 2, 30);
        long millis = base.toMillis() << doublings;
        return Duration.ofMillis(millis <= 0 ? max.toMillis() : Math.min(millis, max.toMillis()));
    }

    @Override
    public Duration computeDelay(int attempt) {
        return Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
    }
}
