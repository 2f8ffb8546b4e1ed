package io.github.inventorycallback.function.callback;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The callbacks' backoff: full jitter under a doubling ceiling, drawn so that no two restored snapshots agree. */
class FullJitterBackoffTest {

    @Test
    void backoffDrawsUniformlyUpToADoublingCappedCeiling() {
        var backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(7));
        // Attempts as the SDK numbers them: 2 is the first retry, which waits at most the base.
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), List.of(2, 3, 4, 5, 6, 40).stream()
                .map(a -> backoff.ceiling(a).toMillis()).toList());
        long highest = 0;
        for (int i = 0; i < 2000; i++) {
            long delay = backoff.computeDelay(4).toMillis();
            assertTrue(delay >= 0 && delay <= 400, "delay " + delay);
            highest = Math.max(highest, delay);
        }
        assertTrue(highest > 300, "full jitter reaches near the ceiling: " + highest);
    }

    @Test
    void theCallbackRetriesDrawTheirJitterFromSecureRandom() {
        var backoff = new FullJitterBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(java.security.SecureRandom.class, backoff.random().getClass());
    }
}
