package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.List;

/**
 * Deleting old finished queue rows a batch at a time (docs/operations.md, Retention). In one transaction: lock
 * up to {@code limit} rows that match, skipping rows another node locks at this moment ({@code FOR UPDATE SKIP
 * LOCKED}, on PostgreSQL and H2 alike), then delete them by id. Two nodes pruning at once take different rows;
 * a row already deleted by the other is simply not found again.
 */
final class Pruning {
    private Pruning() {}

    /** Deletes at most {@code limit} rows of {@code table} matching {@code where} (with {@code :before}). */
    static int delete(JdbiStorage.Handles handles, String table, String where, Instant before, int limit) {
        return handles.with(h -> h.inTransaction(t -> {
            List<Long> ids = t.createQuery("SELECT id FROM " + table + " WHERE " + where
                            + " ORDER BY id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY FOR UPDATE SKIP LOCKED")
                    .bind("before", before).mapTo(Long.class).list();
            if (ids.isEmpty()) {
                return 0;
            }
            return t.createUpdate("DELETE FROM " + table + " WHERE id IN (<ids>)").bindList("ids", ids).execute();
        }));
    }
}
