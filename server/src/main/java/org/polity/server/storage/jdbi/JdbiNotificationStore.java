package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.Notification;
import org.polity.server.storage.NotificationStore;

final class JdbiNotificationStore implements NotificationStore {
    private static final String COLUMNS = "id, recipient_id, kind, from_actor_id, object_uri, created_at, read_at";
    private final JdbiStorage.Handles handles;

    JdbiNotificationStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public Notification insert(long recipientId, Notification.Kind kind, Long fromActorId, String objectUri,
            Instant at) {
        long id = handles.with(h -> h.createUpdate("INSERT INTO notifications (recipient_id, kind, from_actor_id,"
                        + " object_uri, created_at) VALUES (:r, :k, :f, :o, :at)")
                .bind("r", recipientId).bind("k", kind.name()).bind("f", fromActorId).bind("o", objectUri)
                .bind("at", at).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new Notification(id, recipientId, kind, fromActorId, objectUri, at, null);
    }

    @Override
    public List<Notification> findNotifications(long recipientId, long beforeId, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM notifications WHERE recipient_id = :r"
                        + " AND id < :before ORDER BY id DESC LIMIT :l")
                .bind("r", recipientId).bind("before", beforeId).bind("l", limit)
                .map(JdbiNotificationStore::map).list());
    }

    @Override
    public long countUnread(long recipientId) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM notifications WHERE recipient_id = :r"
                        + " AND read_at IS NULL")
                .bind("r", recipientId).mapTo(Long.class).one());
    }

    @Override
    public int markRead(long recipientId, long upToId, Instant at) {
        return handles.with(h -> h.createUpdate("UPDATE notifications SET read_at = :at WHERE recipient_id = :r"
                        + " AND id <= :upTo AND read_at IS NULL")
                .bind("at", at).bind("r", recipientId).bind("upTo", upToId).execute());
    }

    private static Notification map(ResultSet rs, StatementContext ctx) throws SQLException {
        long from = rs.getLong("from_actor_id");
        Long fromId = rs.wasNull() ? null : from;
        return new Notification(rs.getLong("id"), rs.getLong("recipient_id"),
                Notification.Kind.valueOf(rs.getString("kind")), fromId, rs.getString("object_uri"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "read_at"));
    }
}
