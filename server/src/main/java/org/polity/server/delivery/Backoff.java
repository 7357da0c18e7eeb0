package org.polity.server.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When to try a failed delivery again: exponential steps from one minute that add up to about three days
 * (like Mastodon's delivery worker), then give up. A server's Retry-After is honoured when it asks for
 * longer than the step.
 */
public final class Backoff {
    /** Waits after attempt 1, 2, ...: 1m, 5m, 15m, 1h, 3h, 8h, 16h, 24h, 24h — 76h20m in all. */
    static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(8), Duration.ofHours(16), Duration.ofHours(24),
            Duration.ofHours(24));

    private Backoff() {}

    /** How many attempts a delivery gets in all. */
    public static int maxAttempts() {
        return STEPS.size() + 1;
    }

    /** The wait after the {@code attempts}-th failed attempt, or empty when it is time to give up. */
    public static Optional<Duration> after(int attempts, Optional<Duration> retryAfter) {
        if (attempts < 1 || attempts > STEPS.size()) {
            return Optional.empty();
        }
        Duration step = STEPS.get(attempts - 1);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(step) > 0) {
            // Honour the server's wish, within reason (at most a day).
            Duration asked = retryAfter.get();
            return Optional.of(asked.compareTo(Duration.ofHours(24)) > 0 ? Duration.ofHours(24) : asked);
        }
        return Optional.of(step);
    }
}
