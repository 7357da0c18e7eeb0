package org.polity.server.storage.jdbi;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.Delivery;
import org.polity.server.storage.DeliveryStore;

final class JdbiDeliveryStore implements DeliveryStore {
    private static final String COLUMNS = "d.id, d.activity_id, d.inbox_uri, d.host, d.state, d.attempts,"
            + " d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.finished_at";
    private final JdbiStorage.Handles handles;

    JdbiDeliveryStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    /** The host part of an inbox URI with its port, the unit of per-host limits. */
    static String hostOf(String inboxUri) {
        URI uri = URI.create(inboxUri);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }

    @Override
    public int enqueue(long activityId, Collection<String> inboxUris, Instant at) {
        if (inboxUris.isEmpty()) {
            return 0;
        }
        List<String> inboxes = inboxUris.stream().distinct().toList();
        return handles.with(h -> h.inTransaction(t -> {
            PreparedBatch batch = t.prepareBatch("INSERT INTO deliveries (activity_id, inbox_uri, host, state,"
                    + " next_attempt_at, created_at) VALUES (:a, :i, :h, 'PENDING', :at, :at) ON CONFLICT DO NOTHING");
            for (String inbox : inboxes) {
                batch.bind("a", activityId).bind("i", inbox).bind("h", hostOf(inbox)).bind("at", at).add();
            }
            int total = 0;
            for (int n : batch.execute()) {
                total += n;
            }
            recordHolders(t, activityId, inboxes);
            return total;
        }));
    }

    /**
     * Who holds a copy: the inboxes hold the activity's object (and, when its object is an activity of ours, as a
     * group's Announce of a Create, that activity's object) and know its actor.
     */
    private static void recordHolders(org.jdbi.v3.core.Handle t, long activityId, List<String> inboxes) {
        var activity = t.createQuery("SELECT a.actor_id, a.object_uri, c.object_uri AS inner_uri FROM activities a"
                        + " LEFT JOIN activities c ON c.uri = a.object_uri WHERE a.id = :a")
                .bind("a", activityId)
                .map((rs, ctx) -> new Object[] {rs.getLong("actor_id"), rs.getString("object_uri"),
                        rs.getString("inner_uri")})
                .findFirst();
        if (activity.isEmpty()) {
            return;
        }
        long actorId = (Long) activity.get()[0];
        java.util.Set<String> objects = new java.util.LinkedHashSet<>();
        for (int k = 1; k <= 2; k++) {
            if (activity.get()[k] != null) {
                objects.add((String) activity.get()[k]);
            }
        }
        PreparedBatch actorRows = t.prepareBatch("INSERT INTO actor_holders (actor_id, inbox_uri) VALUES (:a, :i)"
                + " ON CONFLICT DO NOTHING");
        for (String inbox : inboxes) {
            actorRows.bind("a", actorId).bind("i", inbox).add();
        }
        actorRows.execute();
        if (!objects.isEmpty()) {
            PreparedBatch objectRows = t.prepareBatch("INSERT INTO object_holders (object_uri, inbox_uri)"
                    + " VALUES (:o, :i) ON CONFLICT DO NOTHING");
            for (String object : objects) {
                for (String inbox : inboxes) {
                    objectRows.bind("o", object).bind("i", inbox).add();
                }
            }
            objectRows.execute();
        }
    }

    @Override
    public List<Delivery> findDue(Instant now, int perHost, int limit) {
        return handles.with(h -> h.createQuery("SELECT * FROM (SELECT " + COLUMNS + ","
                        + " ROW_NUMBER() OVER (PARTITION BY d.host ORDER BY d.next_attempt_at, d.id) AS host_rank"
                        + " FROM deliveries d LEFT JOIN hosts ho ON ho.host = d.host"
                        + " WHERE d.state = 'PENDING' AND d.next_attempt_at <= :now"
                        + " AND (ho.state IS NULL OR ho.state <> 'UNAVAILABLE')) due"
                        + " WHERE host_rank <= :perHost ORDER BY next_attempt_at, id LIMIT :l")
                .bind("now", now).bind("perHost", perHost).bind("l", limit).map(JdbiDeliveryStore::map).list());
    }

    @Override
    public List<Delivery> claim(List<Delivery> candidates, String node, Instant now, Instant leaseUntil) {
        return QueueClaims.claimRows(handles, "deliveries", "state = 'PENDING'", candidates, Delivery::id, node, now,
                leaseUntil);
    }

    @Override
    public int releaseClaims(String node, Instant now) {
        return QueueClaims.release(handles, "deliveries", "state = 'PENDING'", node, now);
    }

    @Override
    public int postponeHost(String host, Instant until) {
        return handles.with(h -> h.createUpdate("UPDATE deliveries SET next_attempt_at = :u WHERE host = :h"
                        + " AND state = 'PENDING' AND next_attempt_at < :u")
                .bind("u", until).bind("h", host).execute());
    }

    @Override
    public void markDelivered(long id, int status, Instant at) {
        handles.with(h -> h.createUpdate("UPDATE deliveries SET state = 'DELIVERED', attempts = attempts + 1,"
                        + " last_status = :s, last_error = NULL, finished_at = :at, claimed_by = NULL WHERE id = :id")
                .bind("s", status).bind("at", at).bind("id", id).execute());
    }

    @Override
    public void markFailed(long id, Integer status, String error, Instant at) {
        handles.with(h -> h.createUpdate("UPDATE deliveries SET state = 'FAILED', attempts = attempts + 1,"
                        + " last_status = :s, last_error = :e, finished_at = :at, claimed_by = NULL WHERE id = :id")
                .bind("s", status).bind("e", JdbiInboxStore.truncate(error)).bind("at", at).bind("id", id).execute());
    }

    @Override
    public void scheduleRetry(long id, int attempts, Instant nextAttemptAt, Integer status, String error) {
        handles.with(h -> h.createUpdate("UPDATE deliveries SET attempts = :n, next_attempt_at = :next,"
                        + " last_status = :s, last_error = :e, claimed_by = NULL WHERE id = :id")
                .bind("n", attempts).bind("next", nextAttemptAt).bind("s", status)
                .bind("e", JdbiInboxStore.truncate(error)).bind("id", id).execute());
    }

    @Override
    public List<String> findInboxesForObject(String objectUri) {
        return handles.with(h -> h.createQuery("SELECT inbox_uri FROM object_holders WHERE object_uri = :uri"
                        + " ORDER BY inbox_uri")
                .bind("uri", objectUri).mapTo(String.class).list());
    }

    @Override
    public List<String> findInboxesForActor(long actorId) {
        return handles.with(h -> h.createQuery("SELECT inbox_uri FROM actor_holders WHERE actor_id = :actor"
                        + " ORDER BY inbox_uri")
                .bind("actor", actorId).mapTo(String.class).list());
    }

    @Override
    public int pruneFinished(Instant before, int limit) {
        return Pruning.delete(handles, "deliveries", "state IN ('DELIVERED', 'FAILED') AND finished_at < :before",
                before, limit);
    }

    @Override
    public List<Delivery> findDeliveriesByActivityId(long activityId) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM deliveries d WHERE d.activity_id = :a"
                        + " ORDER BY d.id")
                .bind("a", activityId).map(JdbiDeliveryStore::map).list());
    }

    @Override
    public long countByState(Delivery.State state) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM deliveries WHERE state = :s")
                .bind("s", state.name()).mapTo(Long.class).one());
    }

    @Override
    public Depth pendingDepth() {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM deliveries"
                        + " WHERE state = 'PENDING'")
                .map((rs, ctx) -> new Depth(rs.getLong("n"), Rows.instant(rs, "oldest"))).one());
    }

    @Override
    public List<HostQueue> findHostQueues(int limit) {
        // The last error is the one of the host's delivery retried most recently (the one with most attempts).
        return handles.with(h -> h.createQuery("SELECT d.host, COUNT(*) AS n, MIN(d.created_at) AS oldest,"
                        + " MIN(d.next_attempt_at) AS next_at, MAX(d.attempts) AS max_attempts,"
                        + " (SELECT e.last_error FROM deliveries e WHERE e.host = d.host AND e.state = 'PENDING'"
                        + "  AND e.last_error IS NOT NULL ORDER BY e.attempts DESC, e.id DESC LIMIT 1) AS last_error,"
                        + " MAX(hs.state) AS host_state, MAX(hs.failing_since) AS failing_since"
                        + " FROM deliveries d LEFT JOIN hosts hs ON hs.host = d.host WHERE d.state = 'PENDING'"
                        + " GROUP BY d.host ORDER BY n DESC, d.host LIMIT :l")
                .bind("l", limit)
                .map((rs, ctx) -> new HostQueue(rs.getString("host"), rs.getLong("n"), Rows.instant(rs, "oldest"),
                        Rows.instant(rs, "next_at"), rs.getInt("max_attempts"), rs.getString("last_error"),
                        rs.getString("host_state") == null ? org.polity.server.model.RemoteHost.State.AVAILABLE
                                : org.polity.server.model.RemoteHost.State.valueOf(rs.getString("host_state")),
                        Rows.instant(rs, "failing_since")))
                .list());
    }

    private static Delivery map(ResultSet rs, StatementContext ctx) throws SQLException {
        // Columns are read by name: the due query's outer SELECT * keeps the inner names.
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        return new Delivery(rs.getLong("id"), rs.getLong("activity_id"), rs.getString("inbox_uri"),
                rs.getString("host"), Delivery.State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                Rows.instant(rs, "next_attempt_at"), lastStatus, rs.getString("last_error"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "finished_at"));
    }
}
