package org.polity.server.audit;

import java.util.List;

/**
 * The audit log's table (V17). Append-only: there is no update and no delete here, and the database refuses both
 * (a trigger on each engine).
 */
public interface AuditStore {
    /** Appends an entry (its {@code id} is ignored) and returns the id it was given. */
    long append(AuditEntry entry);

    /**
     * Entries newest first: those with an id below {@code beforeId} (null: from the newest), of one action or of
     * every action when {@code action} is null, at most {@code limit}.
     */
    List<AuditEntry> findPage(Long beforeId, String action, int limit);

    /** The action names that occur in the log, sorted, for the page's filter. */
    List<String> findActions();
}
