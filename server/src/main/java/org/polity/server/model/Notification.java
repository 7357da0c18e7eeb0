package org.polity.server.model;

import java.time.Instant;

/**
 * Something a local actor is told about: {@code fromActorId} followed them, asked to follow them, accepted
 * their follow, replied to or mentioned them in {@code objectUri}. Unread while {@code readAt} is null.
 */
public record Notification(long id, long recipientId, Kind kind, Long fromActorId, String objectUri,
        Instant createdAt, Instant readAt) {

    public enum Kind {
        FOLLOW,
        FOLLOW_REQUEST,
        FOLLOW_ACCEPTED,
        REPLY,
        MENTION
    }

    public boolean unread() {
        return readAt == null;
    }
}
