package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.accounts.Invitation;
import org.polity.server.accounts.InvitationStore;

final class JdbiInvitationStore implements InvitationStore {
    private static final String COLUMNS = "id, token_hash, created_by, note, max_uses, uses, created_at, expires_at,"
            + " revoked_at";

    private final JdbiStorage.Handles handles;

    JdbiInvitationStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public Invitation insert(Invitation i) {
        long id = handles.with(h -> h.createUpdate("INSERT INTO invitations (token_hash, created_by, note, max_uses,"
                        + " uses, created_at, expires_at, revoked_at) VALUES (:hash, :by, :note, :max, :uses, :created,"
                        + " :expires, :revoked)")
                .bind("hash", i.tokenHash()).bind("by", i.createdBy()).bind("note", i.note())
                .bind("max", i.maxUses()).bind("uses", i.uses()).bind("created", i.createdAt())
                .bind("expires", i.expiresAt()).bind("revoked", i.revokedAt())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return findInvitationById(id).orElseThrow();
    }

    @Override
    public Optional<Invitation> findInvitationById(long id) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM invitations WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> invitation(rs)).findOne());
    }

    @Override
    public Optional<Invitation> findInvitationByTokenHash(String tokenHash) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM invitations WHERE token_hash = :hash")
                .bind("hash", tokenHash).map((rs, ctx) -> invitation(rs)).findOne());
    }

    @Override
    public List<Invitation> findInvitations(Long createdBy, int limit) {
        String where = createdBy == null ? "" : " WHERE created_by = :by";
        return handles.with(h -> {
            Query q = h.createQuery("SELECT " + COLUMNS + " FROM invitations" + where + " ORDER BY id DESC LIMIT :limit")
                    .bind("limit", limit);
            if (createdBy != null) {
                q.bind("by", createdBy);
            }
            return q.map((rs, ctx) -> invitation(rs)).list();
        });
    }

    @Override
    public boolean claimUse(long id, Instant now) {
        return handles.with(h -> h.createUpdate("UPDATE invitations SET uses = uses + 1 WHERE id = :id"
                        + " AND revoked_at IS NULL AND uses < max_uses AND expires_at > :now")
                .bind("id", id).bind("now", now).execute()) == 1;
    }

    @Override
    public boolean revoke(long id, Instant at) {
        return handles.with(h -> h.createUpdate("UPDATE invitations SET revoked_at = :at WHERE id = :id"
                        + " AND revoked_at IS NULL")
                .bind("id", id).bind("at", at).execute()) == 1;
    }

    @Override
    public void recordInvitedAccount(long accountId, long invitedBy, long invitationId) {
        handles.with(h -> h.createUpdate("UPDATE accounts SET invited_by = :by, invitation_id = :inv WHERE id = :id")
                .bind("by", invitedBy).bind("inv", invitationId).bind("id", accountId).execute());
    }

    @Override
    public Optional<Long> findInviterOfAccount(long accountId) {
        return handles.with(h -> h.createQuery("SELECT invited_by FROM accounts WHERE id = :id AND invited_by IS NOT NULL")
                .bind("id", accountId).mapTo(Long.class).findOne());
    }

    @Override
    public long countAccountsInvitedWith(long invitationId) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM accounts WHERE invitation_id = :id")
                .bind("id", invitationId).mapTo(Long.class).one());
    }

    private static Invitation invitation(ResultSet rs) throws SQLException {
        return new Invitation(rs.getLong("id"), rs.getString("token_hash"), rs.getLong("created_by"),
                rs.getString("note"), rs.getInt("max_uses"), rs.getInt("uses"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"), Rows.instant(rs, "revoked_at"));
    }
}
