package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.Optional;
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
                .map((rs, ctx) -> new Reaction(rs.getLong("id"), Reaction.Kind.valueOf(rs.getString("kind")),
                        rs.getLong("actor_id"), rs.getString("object_uri"), rs.getString("activity_uri"),
                        Rows.instant(rs, "created_at")))
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
}
