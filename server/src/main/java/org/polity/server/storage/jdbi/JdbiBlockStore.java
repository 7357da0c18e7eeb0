package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polity.server.blocks.Block;
import org.polity.server.blocks.BlockStore;

final class JdbiBlockStore implements BlockStore {
    private static final String COLUMNS = "id, actor_id, target_id, kind, activity_uri, hide_notifications,"
            + " expires_at, created_at";
    private final JdbiStorage.Handles handles;

    JdbiBlockStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public Block upsert(long actorId, long targetId, Block.Kind kind, String activityUri, boolean hideNotifications,
            Instant expiresAt, Instant at) {
        return handles.with(h -> {
            int updated = h.createUpdate("UPDATE actor_blocks SET activity_uri = :uri, hide_notifications = :hide,"
                            + " expires_at = :expires WHERE actor_id = :a AND target_id = :t AND kind = :k")
                    .bind("uri", activityUri).bind("hide", hideNotifications).bind("expires", expiresAt)
                    .bind("a", actorId).bind("t", targetId).bind("k", kind.name()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO actor_blocks (actor_id, target_id, kind, activity_uri, hide_notifications,"
                                + " expires_at, created_at) VALUES (:a, :t, :k, :uri, :hide, :expires, :at)")
                        .bind("a", actorId).bind("t", targetId).bind("k", kind.name()).bind("uri", activityUri)
                        .bind("hide", hideNotifications).bind("expires", expiresAt).bind("at", at).execute();
            }
            return h.createQuery("SELECT " + COLUMNS + " FROM actor_blocks WHERE actor_id = :a AND target_id = :t"
                            + " AND kind = :k").bind("a", actorId).bind("t", targetId).bind("k", kind.name())
                    .map((rs, ctx) -> map(rs)).one();
        });
    }

    @Override
    public Optional<Block> find(long actorId, long targetId, Block.Kind kind) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM actor_blocks WHERE actor_id = :a"
                        + " AND target_id = :t AND kind = :k").bind("a", actorId).bind("t", targetId)
                .bind("k", kind.name()).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<Block> findByActivityUri(String activityUri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM actor_blocks WHERE activity_uri = :u")
                .bind("u", activityUri).map((rs, ctx) -> map(rs)).findFirst());
    }

    @Override
    public boolean delete(long actorId, long targetId, Block.Kind kind) {
        return handles.with(h -> h.createUpdate("DELETE FROM actor_blocks WHERE actor_id = :a AND target_id = :t"
                        + " AND kind = :k").bind("a", actorId).bind("t", targetId).bind("k", kind.name())
                .execute() > 0);
    }

    @Override
    public List<Block> findByActor(long actorId, Block.Kind kind, long beforeId, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM actor_blocks WHERE actor_id = :a"
                        + " AND kind = :k AND id < :before ORDER BY id DESC LIMIT :l").bind("a", actorId)
                .bind("k", kind.name()).bind("before", beforeId).bind("l", limit).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public boolean blockedEitherWay(long a, long b) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM actor_blocks WHERE kind = 'BLOCK'"
                        + " AND ((actor_id = :a AND target_id = :b) OR (actor_id = :b AND target_id = :a))")
                .bind("a", a).bind("b", b).mapTo(Long.class).one() > 0);
    }

    @Override
    public Set<Long> hiddenFrom(long viewerId, Instant now) {
        return handles.with(h -> new HashSet<>(h.createQuery("SELECT target_id FROM actor_blocks WHERE actor_id = :v"
                        + " AND (expires_at IS NULL OR expires_at > :now)"
                        + " UNION SELECT actor_id FROM actor_blocks WHERE target_id = :v AND kind = 'BLOCK'")
                .bind("v", viewerId).bind("now", now).mapTo(Long.class).list()));
    }

    @Override
    public boolean silences(long recipientId, long fromId, Instant now) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM actor_blocks WHERE"
                        + " (kind = 'BLOCK' AND ((actor_id = :r AND target_id = :f) OR (actor_id = :f AND target_id = :r)))"
                        + " OR (kind = 'MUTE' AND actor_id = :r AND target_id = :f AND hide_notifications"
                        + "     AND (expires_at IS NULL OR expires_at > :now))")
                .bind("r", recipientId).bind("f", fromId).bind("now", now).mapTo(Long.class).one() > 0);
    }

    @Override
    public int deleteExpired(Instant now) {
        return handles.with(h -> h.createUpdate("DELETE FROM actor_blocks WHERE expires_at IS NOT NULL"
                + " AND expires_at <= :now").bind("now", now).execute());
    }

    private static Block map(ResultSet rs) throws SQLException {
        return new Block(rs.getLong("id"), rs.getLong("actor_id"), rs.getLong("target_id"),
                Block.Kind.valueOf(rs.getString("kind")), rs.getString("activity_uri"),
                rs.getBoolean("hide_notifications"), Rows.instant(rs, "expires_at"), Rows.instant(rs, "created_at"));
    }
}
