package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.Follow;
import org.polity.server.storage.FollowStore;

final class JdbiFollowStore implements FollowStore {
    private static final String COLUMNS = "id, follower_id, followed_id, state, activity_uri, created_at, accepted_at";
    private final JdbiStorage.Handles handles;

    JdbiFollowStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public Follow insertOrGet(long followerId, long followedId, Follow.State state, String activityUri, Instant at) {
        Optional<Follow> existing = findFollow(followerId, followedId);
        if (existing.isPresent()) {
            return existing.get();
        }
        handles.with(h -> h.createUpdate("INSERT INTO follows (follower_id, followed_id, state, activity_uri,"
                        + " created_at, accepted_at) VALUES (:f, :t, :s, :u, :at, :acc) ON CONFLICT DO NOTHING")
                .bind("f", followerId).bind("t", followedId).bind("s", state.name()).bind("u", activityUri)
                .bind("at", at).bind("acc", state == Follow.State.ACCEPTED ? at : null).execute());
        return findFollow(followerId, followedId).orElseThrow();
    }

    @Override
    public Optional<Follow> findFollow(long followerId, long followedId) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM follows WHERE follower_id = :f"
                        + " AND followed_id = :t")
                .bind("f", followerId).bind("t", followedId).map(JdbiFollowStore::map).findOne());
    }

    @Override
    public Optional<Follow> findFollowByActivityUri(String activityUri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM follows WHERE activity_uri = :u")
                .bind("u", activityUri).map(JdbiFollowStore::map).findFirst());
    }

    @Override
    public boolean accept(long id, Instant at) {
        return handles.with(h -> h.createUpdate("UPDATE follows SET state = 'ACCEPTED', accepted_at = :at"
                        + " WHERE id = :id AND state = 'PENDING'")
                .bind("at", at).bind("id", id).execute()) == 1;
    }

    @Override
    public boolean delete(long id) {
        return handles.with(h -> h.createUpdate("DELETE FROM follows WHERE id = :id").bind("id", id).execute()) == 1;
    }

    @Override
    public List<Follow> findFollowers(long followedId, Follow.State state, long afterId, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM follows WHERE followed_id = :t"
                        + " AND state = :s AND id > :after ORDER BY id LIMIT :l")
                .bind("t", followedId).bind("s", state.name()).bind("after", afterId).bind("l", limit)
                .map(JdbiFollowStore::map).list());
    }

    @Override
    public List<Follow> findFollowing(long followerId, Follow.State state, long afterId, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM follows WHERE follower_id = :f"
                        + " AND state = :s AND id > :after ORDER BY id LIMIT :l")
                .bind("f", followerId).bind("s", state.name()).bind("after", afterId).bind("l", limit)
                .map(JdbiFollowStore::map).list());
    }

    @Override
    public long countFollowers(long followedId, Follow.State state) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM follows WHERE followed_id = :t AND state = :s")
                .bind("t", followedId).bind("s", state.name()).mapTo(Long.class).one());
    }

    @Override
    public long countFollowing(long followerId, Follow.State state) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM follows WHERE follower_id = :f AND state = :s")
                .bind("f", followerId).bind("s", state.name()).mapTo(Long.class).one());
    }

    @Override
    public List<String> findFollowerInboxes(long followedId) {
        return handles.with(h -> h.createQuery("SELECT DISTINCT COALESCE(a.shared_inbox_uri, a.inbox_uri) AS inbox"
                        + " FROM follows f JOIN actors a ON a.id = f.follower_id"
                        + " WHERE f.followed_id = :t AND f.state = 'ACCEPTED' AND a.local = FALSE"
                        + " AND COALESCE(a.shared_inbox_uri, a.inbox_uri) IS NOT NULL ORDER BY inbox")
                .bind("t", followedId).mapTo(String.class).list());
    }

    @Override
    public boolean hasLocalFollower(long followedId) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM follows f JOIN actors a ON a.id = f.follower_id"
                        + " WHERE f.followed_id = :t AND f.state = 'ACCEPTED' AND a.local = TRUE")
                .bind("t", followedId).mapTo(Long.class).one()) > 0;
    }

    @Override
    public void setMessage(long followId, String message) {
        handles.with(h -> h.createUpdate("UPDATE follows SET message = :m WHERE id = :id")
                .bind("m", message).bind("id", followId).execute());
    }

    @Override
    public Optional<String> findMessage(long followId) {
        return handles.with(h -> h.createQuery("SELECT message FROM follows WHERE id = :id AND message IS NOT NULL")
                .bind("id", followId).mapTo(String.class).findOne());
    }

    @Override
    public boolean followsAnyCollection(long followerId, List<String> followersUris) {
        if (followersUris.isEmpty()) {
            return false;
        }
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM follows f JOIN actors a ON a.id = f.followed_id"
                        + " WHERE f.follower_id = :f AND f.state = 'ACCEPTED' AND a.followers_uri IN (<uris>)")
                .bind("f", followerId).bindList("uris", followersUris).mapTo(Long.class).one()) > 0;
    }

    @Override
    public boolean domainFollowsAnyCollection(String domain, List<String> followersUris) {
        if (followersUris.isEmpty()) {
            return false;
        }
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM follows f JOIN actors a ON a.id = f.followed_id"
                        + " JOIN actors r ON r.id = f.follower_id WHERE r.domain = :d AND r.local = FALSE"
                        + " AND f.state = 'ACCEPTED' AND a.followers_uri IN (<uris>)")
                .bind("d", domain).bindList("uris", followersUris).mapTo(Long.class).one()) > 0;
    }

    private static Follow map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Follow(rs.getLong("id"), rs.getLong("follower_id"), rs.getLong("followed_id"),
                Follow.State.valueOf(rs.getString("state")), rs.getString("activity_uri"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "accepted_at"));
    }
}
