package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.ApiToken;
import org.polity.server.storage.TokenStore;

final class JdbiTokenStore implements TokenStore {
    private final JdbiStorage.Handles handles;

    JdbiTokenStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public ApiToken insert(long accountId, String name, String tokenHash, Instant createdAt) {
        long id = handles.with(h -> h.createUpdate("INSERT INTO api_tokens (account_id, name, token_hash, created_at)"
                        + " VALUES (:a, :n, :t, :c)")
                .bind("a", accountId).bind("n", name).bind("t", tokenHash).bind("c", createdAt)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new ApiToken(id, accountId, name, createdAt, null);
    }

    @Override
    public Optional<ApiToken> findTokenByHash(String tokenHash) {
        return handles.with(h -> h.createQuery("SELECT id, account_id, name, created_at, last_used_at FROM api_tokens"
                        + " WHERE token_hash = :t")
                .bind("t", tokenHash).map(JdbiTokenStore::map).findOne());
    }

    @Override
    public List<ApiToken> findTokensByAccountId(long accountId) {
        return handles.with(h -> h.createQuery("SELECT id, account_id, name, created_at, last_used_at FROM api_tokens"
                        + " WHERE account_id = :a ORDER BY created_at, id")
                .bind("a", accountId).map(JdbiTokenStore::map).list());
    }

    @Override
    public void touch(long id, Instant at) {
        handles.with(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = :at WHERE id = :id")
                .bind("at", at).bind("id", id).execute());
    }

    @Override
    public boolean delete(long accountId, long id) {
        return handles.with(h -> h.createUpdate("DELETE FROM api_tokens WHERE id = :id AND account_id = :a")
                .bind("id", id).bind("a", accountId).execute()) == 1;
    }

    private static ApiToken map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getLong("account_id"), rs.getString("name"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "last_used_at"));
    }
}
