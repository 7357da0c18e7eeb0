package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.Reaction;
import org.polity.server.storage.ReactionStore;

final class JdbiReactionStore implements ReactionStore {
    private final JdbiStorage.Handles handles;

    JdbiReactionStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public boolean insertIfNew(Reaction.Kind kind, long actorId, String objectUri, String activityUri, Instant at) {
        return handles.with(h -> h.createUpdate("INSERT INTO reactions (kind, actor_id, object_uri, activity_uri,"
                        + " created_at) VALUES (:k, :a, :o, :u, :at) ON CONFLICT DO NOTHING")
                .bind("k", kind.name()).bind("a", actorId).bind("o", objectUri).bind("u", activityUri).bind("at", at)
                .execute()) == 1;
    }

    @Override
    public Optional<Reaction> findReactionByActivityUri(String activityUri) {
        return handles.with(h -> h.createQuery("SELECT id, kind, actor_id, object_uri, activity_uri, created_at"
                        + " FROM reactions WHERE activity_uri = :u")
                .bind("u", activityUri)
                .map(JdbiReactionStore::map)
                .findOne());
    }

    @Override
    public boolean delete(long id) {
        return handles.with(h -> h.createUpdate("DELETE FROM reactions WHERE id = :id").bind("id", id).execute()) == 1;
    }

    @Override
    public long count(String objectUri, Reaction.Kind kind) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM reactions WHERE object_uri = :o AND kind = :k")
                .bind("o", objectUri).bind("k", kind.name()).mapTo(Long.class).one());
    }

    @Override
    public java.util.Map<String, Long> countByObjects(java.util.Collection<String> objectUris, Reaction.Kind kind) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        if (objectUris.isEmpty()) {
            return out;
        }
        handles.with(h -> h.createQuery("SELECT object_uri, COUNT(*) AS n FROM reactions WHERE kind = :k"
                        + " AND object_uri IN (<uris>) GROUP BY object_uri")
                .bind("k", kind.name())
                .bindList("uris", new java.util.ArrayList<>(new java.util.LinkedHashSet<>(objectUris)))
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("object_uri"), rs.getLong("n"))).list())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public List<Reaction> findByObject(String objectUri, Reaction.Kind kind, long beforeId, int limit) {
        return handles.with(h -> h.createQuery("SELECT id, kind, actor_id, object_uri, activity_uri, created_at"
                        + " FROM reactions WHERE object_uri = :o AND kind = :k AND id < :before"
                        + " ORDER BY id DESC LIMIT :l")
                .bind("o", objectUri).bind("k", kind.name()).bind("before", beforeId).bind("l", limit)
                .map(JdbiReactionStore::map).list());
    }

    /** Likes joined to the objects we hold (a like of something we never stored has no known audience). */
    private static final String LIKED_BY = " FROM reactions r JOIN objects o ON o.uri = r.object_uri"
            + " WHERE r.actor_id = :a AND r.kind = 'LIKE' AND o.deleted_at IS NULL";
    private static final String LISTED = " AND o.visibility IN ('PUBLIC', 'UNLISTED')";

    @Override
    public List<Reaction> findLikedBy(long actorId, boolean listedOnly, long beforeId, int limit) {
        return handles.with(h -> h.createQuery("SELECT r.id, r.kind, r.actor_id, r.object_uri, r.activity_uri,"
                        + " r.created_at" + LIKED_BY + (listedOnly ? LISTED : "") + " AND r.id < :before"
                        + " ORDER BY r.id DESC LIMIT :l")
                .bind("a", actorId).bind("before", beforeId).bind("l", limit)
                .map(JdbiReactionStore::map).list());
    }

    @Override
    public long countLikedBy(long actorId, boolean listedOnly) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*)" + LIKED_BY + (listedOnly ? LISTED : ""))
                .bind("a", actorId).mapTo(Long.class).one());
    }

    private static Reaction map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Reaction(rs.getLong("id"), Reaction.Kind.valueOf(rs.getString("kind")), rs.getLong("actor_id"),
                rs.getString("object_uri"), rs.getString("activity_uri"), Rows.instant(rs, "created_at"));
    }
}
