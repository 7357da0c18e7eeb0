package org.polity.server.model;

import java.time.Instant;

/** A post (thread or comment) that belongs to a group, and the thread it is in (itself, for a thread). */
public record GroupPost(String objectUri, String groupUri, String threadUri, Instant createdAt) {
    public boolean isThread() {
        return objectUri.equals(threadUri);
    }
}
