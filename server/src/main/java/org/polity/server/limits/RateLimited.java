package org.polity.server.limits;

/**
 * Thrown by a route when a rate limit refuses the request; the server answers 429 with {@code Retry-After}
 * (problem details for API clients, a page in the reader's language for browsers). Nothing has been stored.
 */
public final class RateLimited extends RuntimeException {
    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
        super("Too many requests. Wait " + retryAfterSeconds + " seconds and try again.", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** "Too many requests; wait N seconds" (or minutes, past two) "and try again", in the reader's language. */
    public String localized(org.polity.server.web.Messages m) {
        return localized(m, retryAfterSeconds);
    }

    public static String localized(org.polity.server.web.Messages m, long seconds) {
        return seconds < 120 ? m.t("site.error.rateLimited.seconds", seconds)
                : m.t("site.error.rateLimited.minutes", (seconds + 59) / 60);
    }
}
