package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;
import org.polity.server.storage.ActivityStore;

final class JdbiActivityStore implements ActivityStore {
    private static final String COLUMNS = "id, uri, activity_type, actor_id, object_uri, visibility, published_at,"
            + " payload";
    private final JdbiStorage.Handles handles;

    JdbiActivityStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public StoredActivity insert(StoredActivity a) {
        long id = handles.with(h -> h.createUpdate("INSERT INTO activities (uri, activity_type, actor_id, object_uri,"
                        + " visibility, published_at, payload) VALUES (:uri, :type, :actorId, :objectUri, :visibility,"
                        + " :publishedAt, :payload)")
                .bindMethods(a)
                .bind("visibility", a.visibility().name())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return findActivityById(id).orElseThrow();
    }

    @Override
    public Optional<StoredActivity> findActivityByUri(String uri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM activities WHERE uri = :u")
                .bind("u", uri).map(JdbiActivityStore::map).findOne());
    }

    @Override
    public Optional<StoredActivity> findActivityById(long id) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM activities WHERE id = :id")
                .bind("id", id).map(JdbiActivityStore::map).findOne());
    }

    @Override
    public List<StoredActivity> findByActor(long actorId, List<Visibility> visibilities, long beforeId, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM activities WHERE actor_id = :a"
                        + " AND visibility IN (<v>) AND id < :before ORDER BY id DESC LIMIT :l")
                .bind("a", actorId).bindList("v", visibilities.stream().map(Enum::name).toList())
                .bind("before", beforeId).bind("l", limit).map(JdbiActivityStore::map).list());
    }

    @Override
    public long countByActor(long actorId, List<Visibility> visibilities) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM activities WHERE actor_id = :a"
                        + " AND visibility IN (<v>)")
                .bind("a", actorId).bindList("v", visibilities.stream().map(Enum::name).toList())
                .mapTo(Long.class).one());
    }

    private static StoredActivity map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredActivity(rs.getLong("id"), rs.getString("uri"), rs.getString("activity_type"),
                rs.getLong("actor_id"), rs.getString("object_uri"), Visibility.valueOf(rs.getString("visibility")),
                Rows.instant(rs, "published_at"), rs.getString("payload"));
    }
}
