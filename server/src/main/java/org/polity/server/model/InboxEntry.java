package org.polity.server.model;

import java.time.Instant;

/**
 * One entry of a local actor's inbox collection: an activity another local actor performed
 * ({@link Source#LOCAL}, a row of {@code activities}) or one received from another server
 * ({@link Source#RECEIVED}, a row of {@code inbox_items}).
 */
public record InboxEntry(Source source, long id, Instant at, String payload) {
    public enum Source {
        LOCAL,
        RECEIVED
    }
}
