package org.polity.server.model;

import java.time.Instant;

/** A Like or Announce of an object by an actor. */
public record Reaction(long id, Kind kind, long actorId, String objectUri, String activityUri, Instant createdAt) {
    public enum Kind {
        LIKE,
        ANNOUNCE
    }
}
