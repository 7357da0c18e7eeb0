package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.List;

/**
 * Claiming queued rows (deliveries, received activities) so that several nodes can share one queue. In one
 * transaction: lock the candidates that are still waiting and due, skipping rows another node's claim holds
 * locked at this moment ({@code FOR UPDATE SKIP LOCKED}, on PostgreSQL and H2 alike), then move their next
 * attempt to the lease's end and name the node. A claimed row is no longer due, so no node takes it again
 * until the lease ends; when the claiming node dies, that is when another takes it. A row that another node
 * claimed and committed between our read and our lock fails the "due" test when PostgreSQL re-reads it under
 * the lock, so it is skipped too.
 */
final class QueueClaims {
    private QueueClaims() {}

    static List<Long> claim(JdbiStorage.Handles handles, String table, String waiting, List<Long> ids, String node,
            Instant now, Instant leaseUntil) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return handles.with(h -> h.inTransaction(t -> {
            List<Long> locked = t.createQuery("SELECT id FROM " + table + " WHERE id IN (<ids>) AND " + waiting
                            + " AND next_attempt_at <= :now ORDER BY id FOR UPDATE SKIP LOCKED")
                    .bindList("ids", ids).bind("now", now).mapTo(Long.class).list();
            if (!locked.isEmpty()) {
                t.createUpdate("UPDATE " + table + " SET next_attempt_at = :until, claimed_by = :node"
                                + " WHERE id IN (<ids>)")
                        .bindList("ids", locked).bind("until", leaseUntil).bind("node", node).execute();
            }
            return locked;
        }));
    }

    static int release(JdbiStorage.Handles handles, String table, String waiting, String node, Instant now) {
        return handles.with(h -> h.createUpdate("UPDATE " + table + " SET next_attempt_at = :now, claimed_by = NULL"
                        + " WHERE claimed_by = :node AND " + waiting)
                .bind("now", now).bind("node", node).execute());
    }
}
