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
        return handles.with(h -> h.createQuery(QueueClaims.dueOnePerActor("inbox_items", COLUMNS))
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
        return handles.with(h -> h.createQuery(QueueClaims.dueOnePerActor("inbox_deferred", DEFERRED_COLUMNS))
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
        handles.with(h -> h.createUpdate("UPDATE inbox_items SET state = :s, outcome = :o, detail = :d,"
                        + " processed_at = :at, attempts = attempts + 1, claimed_by = NULL WHERE id = :id")
                .bind("s", state.name()).bind("o", outcome).bind("d", truncate(detail)).bind("at", at).bind("id", id)
                .execute());
    }

    @Override
    public void retryLater(long id, Instant nextAttemptAt, String detail) {
        handles.with(h -> h.createUpdate("UPDATE inbox_items SET attempts = attempts + 1, next_attempt_at = :n,"
                        + " detail = :d, claimed_by = NULL WHERE id = :id")
                .bind("n", nextAttemptAt).bind("d", truncate(detail)).bind("id", id).execute());
    }

    /**
     * Both sources in one ordered list. Sources sort as 'L' (local) before 'R' (received), so the cursor order
     * (time, source, id) is total. The followers-collection rule requires the collection to belong to the
     * activity's actor, so no one reaches another actor's followers by naming their collection.
     */
    private static final String ADDRESSED_TO = "SELECT 'L' AS src, a.id AS id, a.published_at AS at,"
            + " a.payload AS payload FROM activities a WHERE a.actor_id <> :me AND EXISTS (SELECT 1 FROM addressing ad"
            + "   WHERE ad.subject_uri = a.uri AND (ad.recipient_uri = :meUri OR ad.recipient_uri IN ("
            + "     SELECT fa.followers_uri FROM follows f JOIN actors fa ON fa.id = f.followed_id"
            + "     WHERE f.follower_id = :me AND f.state = 'ACCEPTED' AND fa.id = a.actor_id)))"
            + " UNION ALL"
            + " SELECT 'R' AS src, i.id AS id, i.received_at AS at, i.payload AS payload FROM inbox_items i"
            + " WHERE i.state = 'DONE' AND i.actor_uri <> :meUri AND (i.recipient_id = :me OR EXISTS ("
            + "   SELECT 1 FROM addressing ad WHERE ad.subject_uri = i.activity_uri AND (ad.recipient_uri = :meUri"
            + "     OR ad.recipient_uri IN (SELECT fa.followers_uri FROM follows f JOIN actors fa ON fa.id = f.followed_id"
            + "       WHERE f.follower_id = :me AND f.state = 'ACCEPTED' AND fa.uri = i.actor_uri))))";

    @Override
    public List<InboxEntry> findAddressedTo(long actorId, String actorUri, Instant beforeAt,
            InboxEntry.Source beforeSource, long beforeId, int limit) {
        String src = beforeSource == InboxEntry.Source.LOCAL ? "L" : "R";
        return handles.with(h -> h.createQuery("SELECT e.src, e.id, e.at, e.payload FROM (" + ADDRESSED_TO + ") e"
                        + " WHERE e.at < :at OR (e.at = :at AND (e.src < :src OR (e.src = :src AND e.id < :id)))"
                        + " ORDER BY e.at DESC, e.src DESC, e.id DESC LIMIT :l")
                .bind("me", actorId).bind("meUri", actorUri).bind("at", beforeAt).bind("src", src)
                .bind("id", beforeId).bind("l", limit)
                .map((rs, ctx) -> new InboxEntry("L".equals(rs.getString("src")) ? InboxEntry.Source.LOCAL
                        : InboxEntry.Source.RECEIVED, rs.getLong("id"), Rows.instant(rs, "at"), rs.getString("payload")))
                .list());
    }

    @Override
    public long countAddressedTo(long actorId, String actorUri) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM (" + ADDRESSED_TO + ") e")
                .bind("me", actorId).bind("meUri", actorUri).mapTo(Long.class).one());
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
