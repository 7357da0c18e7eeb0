package org.polity.server.storage.jdbi;

import org.polity.server.storage.DeliveryStore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.InboxEntry;
import org.polity.server.model.InboxItem;
import org.polity.server.storage.InboxStore;

final class JdbiInboxStore implements InboxStore {
    private static final String COLUMNS = "id, activity_uri, activity_type, actor_uri, recipient_id, payload,"
            + " received_at, state, attempts, next_attempt_at, outcome, detail";
    private final JdbiStorage.Handles handles;

    JdbiInboxStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public boolean insertIfNew(String activityUri, String activityType, String actorUri, Long recipientId,
            String payload, Instant receivedAt) {
        return handles.with(h -> h.createUpdate("INSERT INTO inbox_items (activity_uri, activity_type, actor_uri,"
                        + " recipient_id, payload, received_at, state, next_attempt_at) VALUES (:u, :t, :a, :r, :p,"
                        + " :at, 'QUEUED', :at) ON CONFLICT DO NOTHING")
                .bind("u", activityUri).bind("t", activityType).bind("a", actorUri).bind("r", recipientId)
                .bind("p", payload).bind("at", receivedAt).execute()) == 1;
    }

    @Override
    public List<InboxItem> findDue(Instant now, int limit) {
        return handles.with(h -> h.createQuery(QueueClaims.dueOnePerActor("inbox_items", COLUMNS,
                        "NOT EXISTS (SELECT 1 FROM inbox_deferred d WHERE d.actor_uri = i.actor_uri"
                        + " AND d.state = 'QUEUED' AND d.received_at <= i.received_at)"))
                .bind("now", now).bind("l", limit).map(JdbiInboxStore::map).list());
    }

    @Override
    public List<InboxItem> claim(List<InboxItem> candidates, String node, Instant now, Instant leaseUntil) {
        return QueueClaims.claimRows(handles, "inbox_items", "state = 'QUEUED'", candidates, InboxItem::id, node, now,
                leaseUntil);
    }

    @Override
    public int releaseClaims(String node, Instant now) {
        return QueueClaims.release(handles, "inbox_items", "state = 'QUEUED'", node, now)
                + QueueClaims.release(handles, "inbox_deferred", "state = 'QUEUED'", node, now);
    }

    private static final String DEFERRED_COLUMNS = "id, activity_uri, actor_uri, recipient_id, request, body,"
            + " received_at, attempts";

    @Override
    public void defer(String activityUri, String actorUri, Long recipientId, String request, byte[] body,
            Instant receivedAt) {
        handles.with(h -> h.createUpdate("INSERT INTO inbox_deferred (activity_uri, actor_uri, recipient_id, request,"
                        + " body, received_at, state, next_attempt_at) VALUES (:u, :a, :r, :q, :b, :at, 'QUEUED', :at)")
                .bind("u", activityUri).bind("a", actorUri).bind("r", recipientId).bind("q", request).bind("b", body)
                .bind("at", receivedAt).execute());
    }

    @Override
    public long countDeferredWaiting() {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM inbox_deferred WHERE state = 'QUEUED'")
                .mapTo(Long.class).one());
    }

    @Override
    public boolean hasDeferredWaiting(String actorUri) {
        return handles.with(h -> h.createQuery("SELECT 1 FROM inbox_deferred WHERE actor_uri = :a"
                        + " AND state = 'QUEUED' FETCH FIRST 1 ROWS ONLY")
                .bind("a", actorUri).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public List<Deferred> findDeferredDue(Instant now, int limit) {
        return handles.with(h -> h.createQuery(QueueClaims.dueOnePerActor("inbox_deferred", DEFERRED_COLUMNS, null))
                .bind("now", now).bind("l", limit)
                .map((rs, ctx) -> new Deferred(rs.getLong("id"), rs.getString("activity_uri"),
                        rs.getString("actor_uri"), (Long) rs.getObject("recipient_id", Long.class),
                        rs.getString("request"), rs.getBytes("body"),
                        Rows.instant(rs, "received_at"), rs.getInt("attempts")))
                .list());
    }

    @Override
    public List<Deferred> claimDeferred(List<Deferred> candidates, String node, Instant now, Instant leaseUntil) {
        return QueueClaims.claimRows(handles, "inbox_deferred", "state = 'QUEUED'", candidates, Deferred::id, node,
                now, leaseUntil);
    }

    @Override
    public void finishDeferred(long id, String outcome, String detail, Instant at) {
        handles.with(h -> h.createUpdate("UPDATE inbox_deferred SET state = 'DONE', outcome = :o, detail = :d,"
                        + " processed_at = :at, attempts = attempts + 1, claimed_by = NULL WHERE id = :id")
                .bind("o", outcome).bind("d", truncate(detail)).bind("at", at).bind("id", id).execute());
    }

    @Override
    public Optional<DeferredOutcome> findDeferredOutcome(String activityUri) {
        return handles.with(h -> h.createQuery("SELECT state, outcome, detail FROM inbox_deferred"
                        + " WHERE activity_uri = :u ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .bind("u", activityUri)
                .map((rs, ctx) -> new DeferredOutcome(rs.getString("state"), rs.getString("outcome"),
                        rs.getString("detail")))
                .findOne());
    }

    @Override
    public void retryDeferredLater(long id, Instant nextAttemptAt, String detail) {
        handles.with(h -> h.createUpdate("UPDATE inbox_deferred SET attempts = attempts + 1, next_attempt_at = :n,"
                        + " detail = :d, claimed_by = NULL WHERE id = :id")
                .bind("n", nextAttemptAt).bind("d", truncate(detail)).bind("id", id).execute());
    }

    @Override
    public Optional<InboxItem> findInboxItemByActivityUri(String activityUri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM inbox_items WHERE activity_uri = :u")
                .bind("u", activityUri).map(JdbiInboxStore::map).findOne());
    }

    @Override
    public void finish(long id, InboxItem.State state, String outcome, String detail, Instant at) {
        handles.with(h -> h.inTransaction(t -> {
            t.createUpdate("UPDATE inbox_items SET state = :s, outcome = :o, detail = :d,"
                            + " processed_at = :at, attempts = attempts + 1, claimed_by = NULL WHERE id = :id")
                    .bind("s", state.name()).bind("o", outcome).bind("d", truncate(detail)).bind("at", at).bind("id", id)
                    .execute();
            if (state == InboxItem.State.DONE) {
                List<Long> owners = t.createQuery(RECEIVED_FOR).bind("id", id).mapTo(Long.class).list();
                index(t, owners, "R", id);
            }
            return null;
        }));
    }

    @Override
    public int indexActivity(long activityId) {
        return handles.with(h -> h.inTransaction(t -> index(t,
                t.createQuery(OURS_FOR).bind("id", activityId).mapTo(Long.class).list(), "L", activityId)));
    }

    /**
     * The local actors a received item is for: its personal inbox's owner, the local actors its addressing names,
     * and the local followers (accepted) of its actor when it is addressed to that actor's followers collection;
     * never its own actor. Three lookups by key (the item, the addressing's primary key, the actor's uri and
     * follows by followed actor), not a pass over every local actor.
     */
    private static final String RECEIVED_FOR = "SELECT e.id FROM ("
            + " SELECT i.recipient_id AS id FROM inbox_items i WHERE i.id = :id AND i.recipient_id IS NOT NULL"
            + " UNION SELECT ac.id FROM inbox_items i JOIN addressing ad ON ad.subject_uri = i.activity_uri"
            + "   JOIN actors ac ON ac.uri = ad.recipient_uri AND ac.local = TRUE WHERE i.id = :id"
            + " UNION SELECT f.follower_id FROM inbox_items i JOIN actors fa ON fa.uri = i.actor_uri"
            + "   JOIN addressing ad ON ad.subject_uri = i.activity_uri AND ad.recipient_uri = fa.followers_uri"
            + "   JOIN follows f ON f.followed_id = fa.id AND f.state = 'ACCEPTED'"
            + "   JOIN actors ac ON ac.id = f.follower_id AND ac.local = TRUE WHERE i.id = :id) e"
            + " JOIN actors me ON me.id = e.id JOIN inbox_items i ON i.id = :id"
            + " WHERE me.local = TRUE AND me.uri <> i.actor_uri";

    /** The local actors an activity of ours is for, by the same rules (no personal inbox: it was not received). */
    private static final String OURS_FOR = "SELECT e.id FROM ("
            + " SELECT ac.id FROM activities a JOIN addressing ad ON ad.subject_uri = a.uri"
            + "   JOIN actors ac ON ac.uri = ad.recipient_uri AND ac.local = TRUE WHERE a.id = :id"
            + " UNION SELECT f.follower_id FROM activities a JOIN actors fa ON fa.id = a.actor_id"
            + "   JOIN addressing ad ON ad.subject_uri = a.uri AND ad.recipient_uri = fa.followers_uri"
            + "   JOIN follows f ON f.followed_id = fa.id AND f.state = 'ACCEPTED'"
            + "   JOIN actors ac ON ac.id = f.follower_id AND ac.local = TRUE WHERE a.id = :id) e"
            + " JOIN activities a ON a.id = :id WHERE e.id <> a.actor_id";

    /** Adds the entry to each owner's inbox index and counter (an entry indexed before is not counted twice). */
    private static int index(org.jdbi.v3.core.Handle t, List<Long> owners, String src, long entryId) {
        int added = 0;
        for (long owner : owners) {
            int n = t.createUpdate("INSERT INTO inbox_index (actor_id, entry_at, src, entry_id, activity_id, item_id)"
                            + " SELECT :a, " + ("L".equals(src) ? "published_at" : "received_at") + ", :src, id, "
                            + ("L".equals(src) ? "id, NULL" : "NULL, id") + " FROM "
                            + ("L".equals(src) ? "activities" : "inbox_items") + " WHERE id = :id"
                            + " ON CONFLICT DO NOTHING")
                    .bind("a", owner).bind("src", src).bind("id", entryId).execute();
            if (n == 0) {
                continue;
            }
            added++;
            // The counter row: raised if there, made if not (a concurrent maker wins, and then we raise it).
            if (t.createUpdate("UPDATE inbox_counts SET entries = entries + 1 WHERE actor_id = :a").bind("a", owner)
                    .execute() == 0
                    && t.createUpdate("INSERT INTO inbox_counts (actor_id, entries) VALUES (:a, 1) ON CONFLICT DO NOTHING")
                            .bind("a", owner).execute() == 0) {
                t.createUpdate("UPDATE inbox_counts SET entries = entries + 1 WHERE actor_id = :a").bind("a", owner)
                        .execute();
            }
        }
        return added;
    }

    @Override
    public void retryLater(long id, Instant nextAttemptAt, String detail) {
        handles.with(h -> h.createUpdate("UPDATE inbox_items SET attempts = attempts + 1, next_attempt_at = :n,"
                        + " detail = :d, claimed_by = NULL WHERE id = :id")
                .bind("n", nextAttemptAt).bind("d", truncate(detail)).bind("id", id).execute());
    }

    /**
     * A page of the inbox index, backwards from the cursor along its primary key (actor, time, source, id): a row
     * comparison, which both engines read as a range of that index; the payloads are joined from the entries' own
     * rows, for the page only. Sources sort as 'L' (local) before 'R' (received), so the
     * cursor order is total.
     */
    @Override
    public List<InboxEntry> findAddressedTo(long actorId, String actorUri, Instant beforeAt,
            InboxEntry.Source beforeSource, long beforeId, int limit) {
        String src = beforeSource == InboxEntry.Source.LOCAL ? "L" : "R";
        return handles.with(h -> h.createQuery("SELECT x.src, x.entry_id, x.entry_at,"
                        + " COALESCE(a.payload, i.payload) AS payload FROM (SELECT src, entry_id, entry_at, activity_id,"
                        + "   item_id FROM inbox_index WHERE actor_id = :me AND (entry_at, src, entry_id) < (:at, :src, :id)"
                        + "   ORDER BY entry_at DESC, src DESC, entry_id DESC LIMIT :l) x"
                        + " LEFT JOIN activities a ON a.id = x.activity_id LEFT JOIN inbox_items i ON i.id = x.item_id"
                        + " ORDER BY x.entry_at DESC, x.src DESC, x.entry_id DESC")
                .bind("me", actorId).bind("at", beforeAt).bind("src", src).bind("id", beforeId).bind("l", limit)
                .map((rs, ctx) -> new InboxEntry("L".equals(rs.getString("src")) ? InboxEntry.Source.LOCAL
                        : InboxEntry.Source.RECEIVED, rs.getLong("entry_id"), Rows.instant(rs, "entry_at"),
                        rs.getString("payload")))
                .list());
    }

    /** The actor's counter, kept as entries are indexed. */
    @Override
    public long countAddressedTo(long actorId, String actorUri) {
        return handles.with(h -> h.createQuery("SELECT entries FROM inbox_counts WHERE actor_id = :me")
                .bind("me", actorId).mapTo(Long.class).findOne().orElse(0L));
    }

    @Override
    public int pruneFinished(Instant before, int limit) {
        return Pruning.delete(handles, "inbox_items", "state IN ('DONE', 'FAILED') AND processed_at < :before"
                + " AND NOT EXISTS (SELECT 1 FROM inbox_index x WHERE x.item_id = inbox_items.id)", before, limit);
    }

    @Override
    public int pruneDeferred(Instant before, int limit) {
        return Pruning.delete(handles, "inbox_deferred", "state = 'DONE' AND processed_at < :before", before, limit);
    }

    static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static InboxItem map(ResultSet rs, StatementContext ctx) throws SQLException {
        long recipient = rs.getLong("recipient_id");
        return new InboxItem(rs.getLong("id"), rs.getString("activity_uri"), rs.getString("activity_type"),
                rs.getString("actor_uri"), rs.wasNull() ? null : recipient, rs.getString("payload"),
                Rows.instant(rs, "received_at"), InboxItem.State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                Rows.instant(rs, "next_attempt_at"), rs.getString("outcome"), rs.getString("detail"));
    }

    @Override
    public DeliveryStore.Depth queuedDepth() {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM inbox_items"
                        + " WHERE state = 'QUEUED'")
                .map((rs, ctx) -> new DeliveryStore.Depth(rs.getLong("n"), Rows.instant(rs, "oldest"))).one());
    }
}
