package org.polity.server.model;

import java.time.Instant;

/** An ActivityPub actor as this instance stores it: one of ours ({@code local}) or a remote one. */
public record Actor(
        long id,
        String uri,
        ActorType type,
        String username,
        String domain,
        boolean local,
        String displayName,
        String summaryHtml,
        String inboxUri,
        String sharedInboxUri,
        String outboxUri,
        String followersUri,
        String followingUri,
        String profileUrl,
        String publicKeyId,
        String publicKeyPem,
        boolean manuallyApprovesFollowers,
        Instant createdAt,
        Instant updatedAt) {

    /** {@code name@domain}, the handle without the leading at-sign. */
    public String acct() {
        return username + "@" + domain;
    }
}
