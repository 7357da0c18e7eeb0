package org.polity.server.model;

import java.time.Instant;

/** A bearer token's record. The token itself is shown once and only its SHA-256 hash is kept. */
public record ApiToken(long id, long accountId, String name, Instant createdAt, Instant lastUsedAt) {}
