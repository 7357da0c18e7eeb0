package org.polity.server.model;

import java.time.Instant;

/**
 * A post of any kind (Note, Page, Article, ...), local or remote, with the columns queries need and the
 * full ActivityStreams document in {@code payload}.
 */
public record StoredObject(long id, String uri, String type, long attributedToId, boolean local, String name,
        String contentHtml, String inReplyToUri, String contextUri, String url, Visibility visibility,
        Instant publishedAt, Instant updatedAt, Instant deletedAt, String payload) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
