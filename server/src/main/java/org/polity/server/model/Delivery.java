package org.polity.server.model;

import java.time.Instant;

/** One activity on its way to one inbox. */
public record Delivery(long id, long activityId, String inboxUri, String host, State state, int attempts,
        Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt, Instant finishedAt) {
    public enum State {
        /** Waiting for its next attempt. */
        PENDING,
        /** The inbox answered 2xx. */
        DELIVERED,
        /** A permanent refusal (4xx other than 429) or retries exhausted. */
        FAILED
    }
}
