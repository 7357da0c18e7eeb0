package org.polity.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Counts requests per key in fixed windows: the first request of a key opens a window of the rate's period,
 * and at most {@code requests} are allowed in it. Fixed windows rather than token buckets because the answer
 * to a refused client is then exact and easy to explain ({@code Retry-After} is the end of the window), at
 * the price of a burst of up to twice the rate across a window's edge, which does not matter for a brake.
 *
 * <p>Kept in memory, at most {@code maxKeys} keys (Caffeine evicts the least used beyond that, so a flood of
 * new addresses costs bounded memory and at worst forgets some counts). On one node the counts are the
 * process's own; given {@link SharedWindows} (PostgreSQL, where several nodes may run), the nodes share them,
 * with windows aligned to the epoch so that all count into the same one.
 */
public final class RateLimiter {
    private final Rate rate;
    private final Clock clock;
    private final Cache<String, Window> windows;
    private final SharedWindows shared;
    private final String scope;

    private record Window(Instant start, int count) {}

    public RateLimiter(Rate rate, Clock clock, int maxKeys) {
        this(rate, clock, maxKeys, null, null);
    }

    /** A limiter whose counts the nodes share through {@code shared} (null: this process only). */
    public RateLimiter(Rate rate, Clock clock, int maxKeys, SharedWindows shared, String scope) {
        this.rate = rate;
        this.clock = clock;
        this.shared = shared;
        this.scope = scope;
        // An entry untouched for a whole period has no window left to enforce: let it go.
        this.windows = Caffeine.newBuilder().maximumSize(maxKeys)
                .expireAfterAccess(rate.enabled() ? rate.period() : Duration.ofSeconds(1)).build();
    }

    /** Keys held now (for the memory-bound test). */
    long size() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    public Rate rate() {
        return rate;
    }

    /**
     * Counts one request for {@code key}. Empty when it is allowed; else the seconds until the key's window
     * ends (at least 1), and the request is not counted.
     */
    public OptionalLong acquire(String key) {
        if (!rate.enabled()) {
            return OptionalLong.empty();
        }
        if (shared != null) {
            return shared.acquire(scope, key, rate);
        }
        Instant now = clock.instant();
        boolean[] refused = new boolean[1];
        Window w = windows.asMap().compute(key, (k, old) -> {
            if (old == null || !now.isBefore(old.start().plus(rate.period()))) {
                return new Window(now, 1);
            }
            if (old.count() >= rate.requests()) {
                refused[0] = true;
                return old;
            }
            return new Window(old.start(), old.count() + 1);
        });
        if (!refused[0]) {
            return OptionalLong.empty();
        }
        long millis = Duration.between(now, w.start().plus(rate.period())).toMillis();
        return OptionalLong.of(Math.max(1, (millis + 999) / 1000));
    }
}
