package org.polity.server.domains;

import java.time.Instant;

/**
 * A list of domains this instance follows at a URL (a row of {@code domain_subscriptions}, V18), in Mastodon's CSV
 * or one domain per line; refreshed every {@code refreshMinutes}.
 *
 * @param severity   what a line without a severity of its own means (a plain list of domains)
 * @param lastStatus {@code ok}, {@code unchanged} (304) or {@code failed}; null before the first refresh
 * @param lastError  why the last refresh failed (the previous entries stay in force)
 * @param etag       the list's ETag, sent back as {@code If-None-Match}
 */
public record DomainSubscription(long id, String url, Severity severity, int refreshMinutes, Instant lastFetchedAt,
        String lastStatus, String lastError, String etag, String lastModified, int entryCount, Instant createdAt,
        Long createdBy) {

    public static final String OK = "ok";
    public static final String UNCHANGED = "unchanged";
    public static final String FAILED = "failed";

    /** Whether it is time to fetch it again at {@code now}. */
    public boolean due(Instant now) {
        return lastFetchedAt == null || !lastFetchedAt.plusSeconds(60L * refreshMinutes).isAfter(now);
    }
}
