package org.polity.server.model;

import java.time.Instant;

/** A backfill waiting to run (or to run again): whose recent posts to fetch, and how it has gone so far. */
public record BackfillJob(String actorUri, Instant requestedAt, int attempts, Instant nextAttemptAt, String lastError) {}
