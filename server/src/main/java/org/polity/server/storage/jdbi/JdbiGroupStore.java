package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;
import org.polity.server.storage.GroupStore;

final class JdbiGroupStore implements GroupStore {
    private static final String GROUP_COLUMNS = "actor_id, membership, members_only, about_source, rules_source,"
            + " created_by, created_at";
    private static final String THREAD_COLUMNS = "object_uri, group_uri, kind, pinned, locked, accepted_answer_uri,"
            + " reply_count, last_activity_at";
    private final JdbiStorage.Handles handles;

    JdbiGroupStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public void insertGroup(GroupInfo g) {
        handles.with(h -> h.createUpdate("INSERT INTO group_settings (" + GROUP_COLUMNS + ") VALUES (:a, :m, :p, :ab,"
                        + " :r, :by, :at)")
                .bind("a", g.actorId()).bind("m", g.membership().name()).bind("p", g.membersOnly())
                .bind("ab", g.aboutSource()).bind("r", g.rulesSource()).bind("by", g.createdBy()).bind("at", g.createdAt()).execute());
    }

    @Override
    public Optional<GroupInfo> findGroup(long actorId) {
        return handles.with(h -> h.createQuery("SELECT " + GROUP_COLUMNS + " FROM group_settings WHERE actor_id = :a")
                .bind("a", actorId).map(JdbiGroupStore::mapGroup).findOne());
    }

    @Override
    public boolean updateGroup(long actorId, GroupInfo.Membership membership, boolean membersOnly, String about,
            String rules) {
        return handles.with(h -> h.createUpdate("UPDATE group_settings SET membership = :m, members_only = :p,"
                        + " about_source = :ab, rules_source = :r WHERE actor_id = :a")
                .bind("m", membership.name()).bind("p", membersOnly).bind("ab", about).bind("r", rules)
                .bind("a", actorId)
                .execute()) == 1;
    }

    @Override
    public List<Long> findLocalGroupIds(int limit) {
        return handles.with(h -> h.createQuery("SELECT g.actor_id FROM group_settings g JOIN actors a"
                        + " ON a.id = g.actor_id ORDER BY a.username LIMIT :l")
                .bind("l", limit).mapTo(Long.class).list());
    }

    @Override
    public void setRole(long groupId, long actorId, GroupInfo.Role role) {
        handles.with(h -> {
            int changed = h.createUpdate("UPDATE group_roles SET role = :r WHERE group_id = :g AND actor_id = :a")
                    .bind("r", role.name()).bind("g", groupId).bind("a", actorId).execute();
            if (changed == 0) {
                h.createUpdate("INSERT INTO group_roles (group_id, actor_id, role) VALUES (:g, :a, :r)"
                                + " ON CONFLICT DO NOTHING")
                        .bind("r", role.name()).bind("g", groupId).bind("a", actorId).execute();
            }
            return null;
        });
    }

    @Override
    public boolean removeRole(long groupId, long actorId) {
        return handles.with(h -> h.createUpdate("DELETE FROM group_roles WHERE group_id = :g AND actor_id = :a")
                .bind("g", groupId).bind("a", actorId).execute()) == 1;
    }

    @Override
    public Optional<GroupInfo.Role> findRole(long groupId, long actorId) {
        return handles.with(h -> h.createQuery("SELECT role FROM group_roles WHERE group_id = :g AND actor_id = :a")
                .bind("g", groupId).bind("a", actorId).mapTo(String.class).findOne().map(GroupInfo.Role::valueOf));
    }

    @Override
    public List<RoleRow> findRoles(long groupId) {
        return handles.with(h -> h.createQuery("SELECT actor_id, role FROM group_roles WHERE group_id = :g"
                        + " ORDER BY CASE role WHEN 'ADMIN' THEN 0 ELSE 1 END, actor_id")
                .bind("g", groupId)
                .map((rs, ctx) -> new RoleRow(rs.getLong("actor_id"), GroupInfo.Role.valueOf(rs.getString("role"))))
                .list());
    }

    @Override
    public boolean insertInvitation(long groupId, long actorId, Long invitedBy, Instant at) {
        return handles.with(h -> h.createUpdate("INSERT INTO group_invitations (group_id, actor_id, invited_by,"
                        + " created_at) VALUES (:g, :a, :by, :at) ON CONFLICT DO NOTHING")
                .bind("g", groupId).bind("a", actorId).bind("by", invitedBy).bind("at", at).execute()) == 1;
    }

    @Override
    public boolean hasInvitation(long groupId, long actorId) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM group_invitations WHERE group_id = :g"
                        + " AND actor_id = :a")
                .bind("g", groupId).bind("a", actorId).mapTo(Long.class).one()) > 0;
    }

    @Override
    public boolean deleteInvitation(long groupId, long actorId) {
        return handles.with(h -> h.createUpdate("DELETE FROM group_invitations WHERE group_id = :g AND actor_id = :a")
                .bind("g", groupId).bind("a", actorId).execute()) == 1;
    }

    @Override
    public List<Long> findInvitationsFor(long actorId) {
        return handles.with(h -> h.createQuery("SELECT group_id FROM group_invitations WHERE actor_id = :a"
                        + " ORDER BY created_at DESC")
                .bind("a", actorId).mapTo(Long.class).list());
    }

    @Override
    public boolean insertBan(long groupId, long actorId, Long bannedBy, Instant at) {
        return insertBan(groupId, actorId, bannedBy, at, null);
    }

    @Override
    public boolean insertBan(long groupId, long actorId, Long bannedBy, Instant at, Instant expiresAt) {
        // An expired ban of the same pair gives way to the new one.
        handles.with(h -> h.createUpdate("DELETE FROM group_bans WHERE group_id = :g AND actor_id = :a"
                        + " AND expires_at IS NOT NULL AND expires_at <= CURRENT_TIMESTAMP")
                .bind("g", groupId).bind("a", actorId).execute());
        return handles.with(h -> h.createUpdate("INSERT INTO group_bans (group_id, actor_id, banned_by, created_at,"
                        + " expires_at) VALUES (:g, :a, :by, :at, :exp) ON CONFLICT DO NOTHING")
                .bind("g", groupId).bind("a", actorId).bind("by", bannedBy).bind("at", at).bind("exp", expiresAt)
                .execute()) == 1;
    }

    @Override
    public boolean isBanned(long groupId, long actorId) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM group_bans WHERE group_id = :g AND actor_id = :a"
                        + " AND (expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP)")
                .bind("g", groupId).bind("a", actorId).mapTo(Long.class).one()) > 0;
    }

    @Override
    public boolean deleteBan(long groupId, long actorId) {
        return handles.with(h -> h.createUpdate("DELETE FROM group_bans WHERE group_id = :g AND actor_id = :a")
                .bind("g", groupId).bind("a", actorId).execute()) == 1;
    }

    @Override
    public List<Long> findBans(long groupId, int limit) {
        return handles.with(h -> h.createQuery("SELECT actor_id FROM group_bans WHERE group_id = :g"
                        + " AND (expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP) ORDER BY created_at DESC, actor_id LIMIT :l")
                .bind("g", groupId).bind("l", limit).mapTo(Long.class).list());
    }

    // --- posts and threads ------------------------------------------------------------------------------------

    @Override
    public boolean insertPost(GroupPost p) {
        return handles.with(h -> h.createUpdate("INSERT INTO group_posts (object_uri, group_uri, thread_uri, created_at)"
                        + " VALUES (:o, :g, :t, :at) ON CONFLICT DO NOTHING")
                .bind("o", p.objectUri()).bind("g", p.groupUri()).bind("t", p.threadUri()).bind("at", p.createdAt())
                .execute()) == 1;
    }

    @Override
    public Optional<GroupPost> findPost(String objectUri) {
        return handles.with(h -> h.createQuery("SELECT object_uri, group_uri, thread_uri, created_at FROM group_posts"
                        + " WHERE object_uri = :o")
                .bind("o", objectUri)
                .map((rs, ctx) -> new GroupPost(rs.getString("object_uri"), rs.getString("group_uri"),
                        rs.getString("thread_uri"), Rows.instant(rs, "created_at")))
                .findOne());
    }

    @Override
    public boolean deletePost(String objectUri) {
        return handles.with(h -> h.createUpdate("DELETE FROM group_posts WHERE object_uri = :o")
                .bind("o", objectUri).execute()) == 1;
    }

    @Override
    public List<String> findThreadPosts(String threadUri, int limit) {
        return handles.with(h -> h.createQuery("SELECT object_uri FROM group_posts WHERE thread_uri = :t"
                        + " ORDER BY CASE WHEN object_uri = :t THEN 0 ELSE 1 END, created_at, object_uri LIMIT :l")
                .bind("t", threadUri).bind("l", limit).mapTo(String.class).list());
    }

    @Override
    public boolean insertThread(GroupThread t) {
        return handles.with(h -> h.createUpdate("INSERT INTO threads (" + THREAD_COLUMNS + ") VALUES (:o, :g, :k, :p,"
                        + " :l, :a, :n, :at) ON CONFLICT DO NOTHING")
                .bind("o", t.objectUri()).bind("g", t.groupUri()).bind("k", t.kind().name()).bind("p", t.pinned())
                .bind("l", t.locked()).bind("a", t.acceptedAnswerUri()).bind("n", t.replyCount())
                .bind("at", t.lastActivityAt()).execute()) == 1;
    }

    @Override
    public Optional<GroupThread> findThread(String objectUri) {
        return handles.with(h -> h.createQuery("SELECT " + THREAD_COLUMNS + " FROM threads WHERE object_uri = :o")
                .bind("o", objectUri).map(JdbiGroupStore::mapThread).findOne());
    }

    @Override
    public List<GroupThread> findThreads(String groupUri, int offset, int limit) {
        return handles.with(h -> h.createQuery("SELECT t." + THREAD_COLUMNS.replace(", ", ", t.") + " FROM threads t"
                        + " JOIN objects o ON o.uri = t.object_uri"
                        + " WHERE t.group_uri = :g AND o.deleted_at IS NULL"
                        + " ORDER BY t.pinned DESC, t.last_activity_at DESC, t.object_uri LIMIT :l OFFSET :off")
                .bind("g", groupUri).bind("l", limit).bind("off", offset).map(JdbiGroupStore::mapThread).list());
    }

    @Override
    public long countThreads(String groupUri) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM threads t JOIN objects o ON o.uri = t.object_uri"
                        + " WHERE t.group_uri = :g AND o.deleted_at IS NULL")
                .bind("g", groupUri).mapTo(Long.class).one());
    }

    @Override
    public boolean setPinned(String threadUri, boolean pinned) {
        return flag("pinned", threadUri, pinned);
    }

    @Override
    public boolean setLocked(String threadUri, boolean locked) {
        return flag("locked", threadUri, locked);
    }

    private boolean flag(String column, String threadUri, boolean value) {
        return handles.with(h -> h.createUpdate("UPDATE threads SET " + column + " = :v WHERE object_uri = :o")
                .bind("v", value).bind("o", threadUri).execute()) == 1;
    }

    @Override
    public boolean setAcceptedAnswer(String threadUri, String answerUri) {
        return handles.with(h -> h.createUpdate("UPDATE threads SET accepted_answer_uri = :a WHERE object_uri = :o")
                .bind("a", answerUri).bind("o", threadUri).execute()) == 1;
    }

    @Override
    public void touchThread(String threadUri, int replyDelta, Instant at) {
        handles.with(h -> h.createUpdate("UPDATE threads SET reply_count = GREATEST(0, reply_count + :d),"
                        + " last_activity_at = CASE WHEN :d > 0 AND last_activity_at < :at THEN :at"
                        + " ELSE last_activity_at END WHERE object_uri = :o")
                .bind("d", replyDelta).bind("at", at).bind("o", threadUri).execute());
    }

    // --- hashtags ---------------------------------------------------------------------------------------------

    @Override
    public void insertTags(String objectUri, List<String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        handles.with(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO object_tags (object_uri, tag) VALUES (:o, :t)"
                    + " ON CONFLICT DO NOTHING");
            for (String tag : tags) {
                batch.bind("o", objectUri).bind("t", tag).add();
            }
            return batch.execute();
        });
    }

    @Override
    public List<String> findTagged(String tag, int limit) {
        return handles.with(h -> h.createQuery("SELECT t.object_uri FROM object_tags t JOIN objects o"
                        + " ON o.uri = t.object_uri WHERE t.tag = :t AND o.deleted_at IS NULL"
                        + " ORDER BY o.published_at DESC, o.id DESC LIMIT :l")
                .bind("t", tag).bind("l", limit).mapTo(String.class).list());
    }

    private static GroupInfo mapGroup(ResultSet rs, StatementContext ctx) throws SQLException {
        long createdBy = rs.getLong("created_by");
        Long creator = rs.wasNull() ? null : createdBy;
        return new GroupInfo(rs.getLong("actor_id"), GroupInfo.Membership.valueOf(rs.getString("membership")),
                rs.getBoolean("members_only"), rs.getString("about_source"), rs.getString("rules_source"), creator,
                Rows.instant(rs, "created_at"));
    }

    private static GroupThread mapThread(ResultSet rs, StatementContext ctx) throws SQLException {
        return new GroupThread(rs.getString("object_uri"), rs.getString("group_uri"),
                GroupThread.Kind.valueOf(rs.getString("kind")), rs.getBoolean("pinned"), rs.getBoolean("locked"),
                rs.getString("accepted_answer_uri"), rs.getInt("reply_count"), Rows.instant(rs, "last_activity_at"));
    }
}
