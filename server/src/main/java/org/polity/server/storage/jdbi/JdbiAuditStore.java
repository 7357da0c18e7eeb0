package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.audit.AuditEntry;
import org.polity.server.audit.AuditStore;

final class JdbiAuditStore implements AuditStore {
    private final JdbiStorage.Handles handles;

    JdbiAuditStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public long append(AuditEntry e) {
        return handles.with(h -> h.createUpdate("INSERT INTO audit_log (at, actor_id, actor_label, action, target,"
                        + " detail) VALUES (:at, :actor, :label, :action, :target, :detail)")
                .bind("at", e.at()).bind("actor", e.actorId()).bind("label", e.actorLabel())
                .bind("action", e.action()).bind("target", e.target()).bind("detail", e.detail())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    @Override
    public List<AuditEntry> findPage(Long beforeId, String action, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, at, actor_id, actor_label, action, target, detail"
                + " FROM audit_log WHERE 1 = 1");
        if (beforeId != null) {
            sql.append(" AND id < :before");
        }
        if (action != null) {
            sql.append(" AND action = :action");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return handles.with(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (beforeId != null) {
                q.bind("before", beforeId);
            }
            if (action != null) {
                q.bind("action", action);
            }
            return q.map((rs, ctx) -> entry(rs)).list();
        });
    }

    @Override
    public List<String> findActions() {
        return handles.with(h -> h.createQuery("SELECT DISTINCT action FROM audit_log ORDER BY action")
                .mapTo(String.class).list());
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        long actorId = rs.getLong("actor_id");
        Long actor = rs.wasNull() ? null : actorId;
        return new AuditEntry(rs.getLong("id"), Rows.instant(rs, "at"), actor,
                rs.getString("actor_label"), rs.getString("action"), rs.getString("target"), rs.getString("detail"));
    }
}
