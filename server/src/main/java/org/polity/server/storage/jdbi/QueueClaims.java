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

    /** {@link #claim} of rows given as objects: those of {@code candidates} claimed, in their order. */
    static <T> List<T> claimRows(JdbiStorage.Handles handles, String table, String waiting, List<T> candidates,
            java.util.function.ToLongFunction<T> idOf, String node, Instant now, Instant leaseUntil) {
        java.util.Set<Long> claimed = new java.util.HashSet<>(claim(handles, table, waiting,
                candidates.stream().map(idOf::applyAsLong).toList(), node, now, leaseUntil));
        return candidates.stream().filter(c -> claimed.contains(idOf.applyAsLong(c))).toList();
    }

    /**
     * The due rows of {@code table} (QUEUED, {@code next_attempt_at <= :now}), oldest first, of each actor only
     * the first, and none while an earlier row of its actor (by the time it was received, then the id) is due or
     * claimed: one actor's rows are taken one at a time in arrival order. {@code alsoWaitFor}, when not null, is
     * a further condition on the row {@code i} (the received activities also wait for their actor's earlier
     * deferred requests). Binds {@code :now} and {@code :l}.
     */
    static String dueOnePerActor(String table, String columns, String alsoWaitFor) {
        return "SELECT " + columns + " FROM " + table + " i WHERE i.state = 'QUEUED' AND i.next_attempt_at <= :now"
                + " AND NOT EXISTS (SELECT 1 FROM " + table + " e WHERE e.actor_uri = i.actor_uri"
                + "   AND e.state = 'QUEUED' AND (e.received_at < i.received_at"
                + "     OR e.received_at = i.received_at AND e.id < i.id)"
                + "   AND (e.next_attempt_at <= :now OR e.claimed_by IS NOT NULL))"
                + (alsoWaitFor == null ? "" : " AND " + alsoWaitFor)
                // state (one value here) leads the ORDER BY so that H2 reads the index (state, next_attempt_at, id)
                // in order and stops after :l rows; without it H2 gathered and sorted every due row on each poll,
                // the largest cost of the server under scripts/bench inbox (with the count below).
                + " ORDER BY i.state, i.next_attempt_at, i.id LIMIT :l";
    }

    /** Gives back {@code node}'s claims (null: every node's) on rows still waiting: due at {@code now}. */
    static int release(JdbiStorage.Handles handles, String table, String waiting, String node, Instant now) {
        return handles.with(h -> h.createUpdate("UPDATE " + table + " SET next_attempt_at = :now, claimed_by = NULL"
                        + " WHERE " + (node == null ? "claimed_by IS NOT NULL" : "claimed_by = :node") + " AND "
                        + waiting)
                .bind("now", now).bind("node", node).execute());
    }
}
