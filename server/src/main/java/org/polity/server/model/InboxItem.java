package org.polity.server.model;

import java.time.Instant;

/**
 * An activity received in an inbox, stored before the answer and processed by the inbox worker.
 *
 * @param recipientId the local actor whose personal inbox received it; null for the shared inbox
 */
public record InboxItem(long id, String activityUri, String activityType, String actorUri, Long recipientId,
        String payload, Instant receivedAt, State state, int attempts, Instant nextAttemptAt, String outcome,
        String detail) {
    public enum State {
        QUEUED,
        DONE,
        FAILED
    }
}
