package org.polity.server.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A brute-force brake on password logins: after {@code limit} failures from one IP address for one login
 * name within {@code window}, further attempts are refused until the window that began with the first
 * failure has passed. An address that fails ten times that often across all names (password spraying) is
 * refused for every name. Kept in memory (Caffeine, bounded); a restart forgets it, which is acceptable for a
 * brake whose job is to make guessing slow, not impossible to retry.
 */
public final class LoginThrottle {
    private static final String ANY_NAME = "\u0000any";
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Failures> failures;

    private record Failures(Instant since, int count) {}

    public LoginThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(window).build();
    }

    /** True when this IP address may not try this login name again yet. */
    public boolean blocked(String ip, String login) {
        return over(key(ip, login), limit) || over(key(ip, ANY_NAME), limit * 10);
    }

    /** Seconds until {@code blocked} turns false (at least 1). */
    public long retryAfterSeconds(String ip, String login) {
        long seconds = 1;
        for (String key : new String[] {key(ip, login), key(ip, ANY_NAME)}) {
            Failures f = failures.getIfPresent(key);
            if (f != null) {
                seconds = Math.max(seconds, Duration.between(clock.instant(), f.since().plus(window)).toSeconds());
            }
        }
        return seconds;
    }

    public void failed(String ip, String login) {
        count(key(ip, login));
        count(key(ip, ANY_NAME));
    }

    private boolean over(String key, int max) {
        Failures f = failures.getIfPresent(key);
        return f != null && f.count() >= max && clock.instant().isBefore(f.since().plus(window));
    }

    private void count(String key) {
        Instant now = clock.instant();
        failures.asMap().compute(key, (k, f) -> f == null || !now.isBefore(f.since().plus(window))
                ? new Failures(now, 1)
                : new Failures(f.since(), f.count() + 1));
    }

    public void succeeded(String ip, String login) {
        failures.invalidate(key(ip, login));
    }

    private static String key(String ip, String login) {
        String name = login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
        return ip + "\n" + name;
    }
}
