package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.Optional;
import org.polity.server.model.WebSession;
import org.polity.server.storage.SessionStore;

final class JdbiSessionStore implements SessionStore {
    private final JdbiStorage.Handles handles;

    JdbiSessionStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public void insert(WebSession s, String userAgent) {
        handles.with(h -> h.createUpdate("INSERT INTO web_sessions (id_hash, account_id, created_at, expires_at,"
                        + " user_agent) VALUES (:i, :a, :c, :e, :u)")
                .bind("i", s.idHash()).bind("a", s.accountId()).bind("c", s.createdAt()).bind("e", s.expiresAt())
                .bind("u", userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent).execute());
    }

    @Override
    public Optional<WebSession> findSessionByIdHash(String idHash) {
        return handles.with(h -> h.createQuery("SELECT id_hash, account_id, created_at, expires_at FROM web_sessions"
                        + " WHERE id_hash = :i")
                .bind("i", idHash)
                .map((rs, ctx) -> new WebSession(rs.getString("id_hash"), rs.getLong("account_id"),
                        Rows.instant(rs, "created_at"), Rows.instant(rs, "expires_at")))
                .findOne());
    }

    @Override
    public void extend(String idHash, Instant expiresAt) {
        handles.with(h -> h.createUpdate("UPDATE web_sessions SET expires_at = :e WHERE id_hash = :i")
                .bind("e", expiresAt).bind("i", idHash).execute());
    }

    @Override
    public void delete(String idHash) {
        handles.with(h -> h.createUpdate("DELETE FROM web_sessions WHERE id_hash = :i").bind("i", idHash).execute());
    }

    @Override
    public int deleteByAccountId(long accountId) {
        return handles.with(h -> h.createUpdate("DELETE FROM web_sessions WHERE account_id = :a")
                .bind("a", accountId).execute());
    }

    @Override
    public int deleteExpired(Instant now) {
        return handles.with(h -> h.createUpdate("DELETE FROM web_sessions WHERE expires_at < :n")
                .bind("n", now).execute());
    }
}
