package org.polity.server.moderation;

import java.time.Instant;

/**
 * A moderation state of one actor, ours or remote: {@code SUSPENDED} or {@code SILENCED}, why, by whom (a local
 * actor's id, null when unknown) and since when. An actor without one is in good standing.
 */
public record ActorStanding(long actorId, State state, String reason, Long byActorId, Instant at) {
    /** The state as the message keys name it: {@code suspended} or {@code silenced}. */
    public String stateKey() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    public enum State {
        /** Gone: cannot log in or post, its content is served as 410 Gone, its activities are refused. */
        SUSPENDED,
        /** Hidden from public listings, search and directories except to its followers; reachable by link. */
        SILENCED
    }
}
