package org.polity.server.model;

import java.time.Instant;

/** What we know of a remote server's health. */
public record RemoteHost(String host, State state, Instant failingSince, Instant lastSuccessAt, Instant lastSeenAt) {
    public enum State {
        AVAILABLE,
        /** Failing for seven days: no deliveries until it contacts us again. */
        UNAVAILABLE
    }
}
