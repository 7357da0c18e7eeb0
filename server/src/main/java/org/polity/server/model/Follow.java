package org.polity.server.model;

import java.time.Instant;

/** {@code followerId} follows {@code followedId}; PENDING until the followed side accepts. */
public record Follow(long id, long followerId, long followedId, State state, String activityUri, Instant createdAt,
        Instant acceptedAt) {
    public enum State {
        PENDING,
        ACCEPTED
    }
}
