package org.polity.server.audit;

import java.time.Instant;

/**
 * One line of the audit log: who ({@code actorId}, null for the server itself, e.g. a scheduled refresh of a
 * subscribed block list; {@code actorLabel} is their handle when it was written, kept even if the account goes),
 * did what ({@code action}, one of {@link AuditLog}'s names), to what ({@code target}: a URI, a domain, a handle),
 * and why or with what values ({@code detail}, free text).
 */
public record AuditEntry(long id, Instant at, Long actorId, String actorLabel, String action, String target,
        String detail) {}
