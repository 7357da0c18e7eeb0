package org.polity.server.model;

import java.time.Instant;

/** A logged-in browser. Identified by the SHA-256 hash of its cookie value. */
public record WebSession(String idHash, long accountId, Instant createdAt, Instant expiresAt) {}
