package org.polity.server.model;

import java.time.Instant;

/** An activity one of our actors performed: what its outbox lists and its deliveries carry. */
public record StoredActivity(long id, String uri, String type, long actorId, String objectUri, Visibility visibility,
        Instant publishedAt, String payload) {}
