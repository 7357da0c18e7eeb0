package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
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
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM inbox_items WHERE state = 'QUEUED'"
                        + " AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :l")
                .bind("now", now).bind("l", limit).map(JdbiInboxStore::map).list());
    }

    @Override
    public Optional<InboxItem> findInboxItemByActivityUri(String activityUri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM inbox_items WHERE activity_uri = :u")
                .bind("u", activityUri).map(JdbiInboxStore::map).findOne());
    }

    @Override
    public void finish(long id, InboxItem.State state, String outcome, String detail, Instant at) {
        handles.with(h -> h.createUpdate("UPDATE inbox_items SET state = :s, outcome = :o, detail = :d,"
                        + " processed_at = :at, attempts = attempts + 1 WHERE id = :id")
                .bind("s", state.name()).bind("o", outcome).bind("d", truncate(detail)).bind("at", at).bind("id", id)
                .execute());
    }

    @Override
    public void retryLater(long id, Instant nextAttemptAt, String detail) {
        handles.with(h -> h.createUpdate("UPDATE inbox_items SET attempts = attempts + 1, next_attempt_at = :n,"
                        + " detail = :d WHERE id = :id")
                .bind("n", nextAttemptAt).bind("d", truncate(detail)).bind("id", id).execute());
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
}
