package org.polity.server.model;

import java.time.Instant;

/**
 * A post of any kind (Note, Page, Article, ...), local or remote, with the columns queries need and the
 * full ActivityStreams document in {@code payload}. {@code kind} is the directory it is listed in (null for
 * none), computed from the full type list by {@link ObjectKind#of}.
 */
public record StoredObject(long id, String uri, String type, long attributedToId, boolean local, String name,
        String contentHtml, String inReplyToUri, String contextUri, String url, Visibility visibility,
        Instant publishedAt, Instant updatedAt, Instant deletedAt, String payload, ObjectKind kind) {

    /** An object of no directory (kind null). */
    public StoredObject(long id, String uri, String type, long attributedToId, boolean local, String name,
            String contentHtml, String inReplyToUri, String contextUri, String url, Visibility visibility,
            Instant publishedAt, Instant updatedAt, Instant deletedAt, String payload) {
        this(id, uri, type, attributedToId, local, name, contentHtml, inReplyToUri, contextUri, url, visibility,
                publishedAt, updatedAt, deletedAt, payload, null);
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
