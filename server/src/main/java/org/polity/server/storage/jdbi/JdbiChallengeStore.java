package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.challenges.Challenge;
import org.polity.server.challenges.ChallengeJson;
import org.polity.server.challenges.ChallengeStore;

final class JdbiChallengeStore implements ChallengeStore {
    private static final String COLUMNS = "ch.id, ch.object_uri, ch.local, ch.author_id, ch.document, ch.version,"
            + " ch.created_at, ch.updated_at";
    private static final String RESPONSE_COLUMNS = "r.response_uri, r.challenge_uri, r.responder_id, r.country,"
            + " r.question_id, r.category_id, r.shortlisted, r.featured, r.received_at";
    private final JdbiStorage.Handles handles;
    private final RoleGrants grants;

    JdbiChallengeStore(JdbiStorage.Handles handles) {
        this.handles = handles;
        this.grants = new RoleGrants(handles, "challenge_issuers");
    }

    @Override
    public Entry insert(Entry e, String authorUri) {
        Challenge f = e.fields();
        long id = handles.with(h -> h.inTransaction(t -> {
            long stored = t.createUpdate("INSERT INTO challenges (object_uri, local, author_id, status, title,"
                            + " country, sector, sdgs, deadline, document, version, created_at, updated_at)"
                            + " VALUES (:uri, :local, :author, :status, :title, :country, :sector, :sdgs, :deadline,"
                            + " :doc, 1, :created, :updated)")
                    .bind("uri", e.objectUri()).bind("local", e.local()).bind("author", e.authorId())
                    .bind("status", f.status().name()).bind("title", cut(f.title(), 500))
                    .bind("country", f.country()).bind("sector", cut(f.sector(), 32)).bind("sdgs", joined(f.sdgs()))
                    .bind("deadline", f.deadline()).bind("doc", ChallengeJson.write(f))
                    .bind("created", e.createdAt()).bind("updated", e.updatedAt())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            insertVersion(t, stored, 1, f, authorUri, e.updatedAt());
            return stored;
        }));
        return findById(id).orElseThrow();
    }

    private static void insertVersion(Handle h, long id, int version, Challenge f, String authorUri, Instant at) {
        h.createUpdate("INSERT INTO challenge_versions (challenge_id, version, document, author_uri, created_at)"
                        + " VALUES (:id, :v, :doc, :author, :at)")
                .bind("id", id).bind("v", version).bind("doc", ChallengeJson.write(f)).bind("author", authorUri)
                .bind("at", at).execute();
    }

    @Override
    public boolean updateFields(long id, int expectedVersion, Challenge f, String authorUri, Instant now) {
        return handles.with(h -> h.inTransaction(t -> {
            int changed = t.createUpdate("UPDATE challenges SET status = :status, title = :title,"
                            + " country = :country, sector = :sector, sdgs = :sdgs, deadline = :deadline,"
                            + " document = :doc, version = version + 1, updated_at = :now"
                            + " WHERE id = :id AND version = :expected")
                    .bind("status", f.status().name()).bind("title", cut(f.title(), 500))
                    .bind("country", f.country()).bind("sector", cut(f.sector(), 32)).bind("sdgs", joined(f.sdgs()))
                    .bind("deadline", f.deadline()).bind("doc", ChallengeJson.write(f)).bind("now", now)
                    .bind("id", id).bind("expected", expectedVersion).execute();
            if (changed == 0) {
                return false;
            }
            insertVersion(t, id, expectedVersion + 1, f, authorUri, now);
            return true;
        }));
    }

    @Override
    public void setObjectUri(long id, String objectUri, Instant now) {
        handles.with(h -> h.createUpdate("UPDATE challenges SET object_uri = :uri, updated_at = :now WHERE id = :id")
                .bind("uri", objectUri).bind("now", now).bind("id", id).execute());
    }

    @Override
    public Optional<Entry> findById(long id) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM challenges ch WHERE ch.id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<Entry> findByObjectUri(String objectUri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM challenges ch WHERE ch.object_uri = :u")
                .bind("u", objectUri).map((rs, ctx) -> map(rs)).findOne());
    }

    private static final String DIRECTORY = " FROM objects o LEFT JOIN challenges ch ON ch.object_uri = o.uri"
            + " WHERE o.kind = 'CHALLENGE' AND o.visibility = 'PUBLIC' AND o.deleted_at IS NULL"
            + " AND NOT" + JdbiDomainPolicyStore.AUTHOR_LIMITED;

    @Override
    public List<DirectoryRow> findDirectory(Filter filter, Long beforeObjectId, int limit) {
        String keyset = beforeObjectId == null ? ""
                : " AND (o.published_at < (SELECT c.published_at FROM objects c WHERE c.id = :before)"
                        + " OR (o.published_at = (SELECT c.published_at FROM objects c WHERE c.id = :before)"
                        + " AND o.id < :before))";
        return handles.with(h -> {
            Query q = bind(h.createQuery("SELECT " + JdbiObjectStore.COLUMNS + ", ch.id AS ch_id, ch.object_uri AS"
                    + " ch_object_uri, ch.local AS ch_local, ch.author_id AS ch_author_id, ch.document AS ch_document,"
                    + " ch.version AS ch_version, ch.created_at AS ch_created_at, ch.updated_at AS ch_updated_at"
                    + DIRECTORY + where(filter) + keyset + " ORDER BY o.published_at DESC, o.id DESC LIMIT :limit"),
                    filter).bind("limit", limit);
            if (beforeObjectId != null) {
                q.bind("before", beforeObjectId.longValue());
            }
            return q.map((rs, ctx) -> new DirectoryRow(JdbiObjectStore.map(rs, ctx), rs.getObject("ch_id") == null
                    ? null : new Entry(rs.getLong("ch_id"), rs.getString("ch_object_uri"), rs.getBoolean("ch_local"),
                            rs.getLong("ch_author_id"), ChallengeJson.read(rs.getString("ch_document")),
                            rs.getInt("ch_version"), Rows.instant(rs, "ch_created_at"),
                            Rows.instant(rs, "ch_updated_at")))).list();
        });
    }

    @Override
    public long countDirectory(Filter filter) {
        return handles.with(h -> bind(h.createQuery("SELECT COUNT(*)" + DIRECTORY + where(filter)), filter)
                .mapTo(Long.class).one());
    }

    private static String where(Filter f) {
        StringBuilder sql = new StringBuilder();
        if (f.country() != null) {
            sql.append(" AND ch.country = :country");
        }
        if (f.sector() != null) {
            sql.append(" AND ch.sector = :sector");
        }
        if (f.sdg() > 0) {
            sql.append(" AND ch.sdgs LIKE :sdg");
        }
        if (f.status() != null) {
            sql.append(" AND ch.status = :status");
        }
        if (f.deadlineAfter() != null) {
            sql.append(" AND (ch.deadline IS NULL OR ch.deadline > :deadline)");
        }
        if (f.text() != null) {
            // The stored document holds the title, summary, description and questions: one LIKE on both engines.
            sql.append(" AND LOWER(ch.document) LIKE :text");
        }
        return sql.toString();
    }

    private static Query bind(Query q, Filter f) {
        if (f.country() != null) {
            q.bind("country", f.country());
        }
        if (f.sector() != null) {
            q.bind("sector", f.sector());
        }
        if (f.sdg() > 0) {
            q.bind("sdg", "%," + f.sdg() + ",%");
        }
        if (f.status() != null) {
            q.bind("status", f.status().name());
        }
        if (f.deadlineAfter() != null) {
            q.bind("deadline", f.deadlineAfter());
        }
        if (f.text() != null) {
            q.bind("text", "%" + likeEscaped(f.text().toLowerCase(Locale.ROOT)) + "%");
        }
        return q;
    }

    /** {@code %} and {@code _} in what a reader typed match themselves (the default escape is the backslash). */
    private static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public List<Entry> findByAuthor(long authorId, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM challenges ch WHERE ch.author_id = :a"
                        + " ORDER BY ch.updated_at DESC, ch.id DESC LIMIT :limit")
                .bind("a", authorId).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Version> findVersions(long id) {
        return handles.with(h -> h.createQuery("SELECT challenge_id, version, document, author_uri, created_at"
                        + " FROM challenge_versions WHERE challenge_id = :id ORDER BY version DESC")
                .bind("id", id)
                .map((rs, ctx) -> new Version(rs.getLong("challenge_id"), rs.getInt("version"),
                        ChallengeJson.read(rs.getString("document")), rs.getString("author_uri"),
                        Rows.instant(rs, "created_at")))
                .list());
    }

    @Override
    public boolean insertResponse(Response r) {
        return handles.with(h -> h.createUpdate("INSERT INTO challenge_responses (response_uri, challenge_uri,"
                        + " responder_id, country, question_id, category_id, shortlisted, featured, received_at)"
                        + " VALUES (:uri, :challenge, :responder, :country, :question, :category, :shortlisted,"
                        + " :featured, :at) ON CONFLICT DO NOTHING")
                .bind("uri", r.responseUri()).bind("challenge", r.challengeUri()).bind("responder", r.responderId())
                .bind("country", r.country()).bind("question", r.questionId()).bind("category", r.categoryId())
                .bind("shortlisted", r.shortlisted()).bind("featured", r.featured()).bind("at", r.receivedAt())
                .execute()) > 0;
    }

    @Override
    public Optional<Response> findResponse(String responseUri) {
        return handles.with(h -> h.createQuery("SELECT " + RESPONSE_COLUMNS + " FROM challenge_responses r"
                        + " WHERE r.response_uri = :u")
                .bind("u", responseUri).map((rs, ctx) -> response(rs)).findOne());
    }

    private static final String LIVE_RESPONSES = " FROM challenge_responses r JOIN objects o ON o.uri = r.response_uri"
            + " WHERE r.challenge_uri = :c AND o.deleted_at IS NULL";

    @Override
    public List<Response> findResponses(String challengeUri, int offset, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + RESPONSE_COLUMNS + LIVE_RESPONSES
                        + " ORDER BY r.received_at, r.response_uri LIMIT :limit OFFSET :offset")
                .bind("c", challengeUri).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> response(rs)).list());
    }

    @Override
    public long countResponses(String challengeUri) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*)" + LIVE_RESPONSES).bind("c", challengeUri)
                .mapTo(Long.class).one());
    }

    @Override
    public void setShortlisted(String responseUri, boolean shortlisted) {
        handles.with(h -> h.createUpdate("UPDATE challenge_responses SET shortlisted = :v WHERE response_uri = :u")
                .bind("v", shortlisted).bind("u", responseUri).execute());
    }

    @Override
    public void setFeatured(String responseUri, boolean featured) {
        handles.with(h -> h.createUpdate("UPDATE challenge_responses SET featured = :v WHERE response_uri = :u")
                .bind("v", featured).bind("u", responseUri).execute());
    }

    @Override
    public boolean isIssuer(long accountId) {
        return grants.has(accountId);
    }

    @Override
    public void addIssuer(long accountId, long grantedBy, Instant now) {
        grants.grant(accountId, grantedBy, now);
    }

    @Override
    public void removeIssuer(long accountId) {
        grants.revoke(accountId);
    }

    @Override
    public List<Long> findIssuers() {
        return grants.all();
    }

    @Override
    public void putFollower(Follower f) {
        handles.with(h -> h.inTransaction(t -> {
            t.createUpdate("DELETE FROM challenge_followers WHERE challenge_uri = :c AND follower_id = :f")
                    .bind("c", f.challengeUri()).bind("f", f.followerId()).execute();
            return t.createUpdate("INSERT INTO challenge_followers (challenge_uri, follower_id, activity_uri, state,"
                            + " created_at) VALUES (:c, :f, :a, :s, :at)")
                    .bind("c", f.challengeUri()).bind("f", f.followerId()).bind("a", f.activityUri())
                    .bind("s", f.state()).bind("at", f.createdAt()).execute();
        }));
    }

    @Override
    public void removeFollower(String challengeUri, long followerId) {
        handles.with(h -> h.createUpdate("DELETE FROM challenge_followers WHERE challenge_uri = :c"
                        + " AND follower_id = :f")
                .bind("c", challengeUri).bind("f", followerId).execute());
    }

    private static final String FOLLOWER_COLUMNS = "SELECT challenge_uri, follower_id, activity_uri, state, created_at"
            + " FROM challenge_followers";

    @Override
    public Optional<Follower> findFollower(String challengeUri, long followerId) {
        return handles.with(h -> h.createQuery(FOLLOWER_COLUMNS + " WHERE challenge_uri = :c AND follower_id = :f")
                .bind("c", challengeUri).bind("f", followerId).map((rs, ctx) -> follower(rs)).findOne());
    }

    @Override
    public Optional<Follower> findFollowerByActivity(String activityUri) {
        return handles.with(h -> h.createQuery(FOLLOWER_COLUMNS + " WHERE activity_uri = :a")
                .bind("a", activityUri).map((rs, ctx) -> follower(rs)).findFirst());
    }

    @Override
    public List<Follower> findFollowers(String challengeUri, String state) {
        return handles.with(h -> h.createQuery(FOLLOWER_COLUMNS + " WHERE challenge_uri = :c AND state = :s"
                        + " ORDER BY created_at, follower_id")
                .bind("c", challengeUri).bind("s", state).map((rs, ctx) -> follower(rs)).list());
    }

    private static Follower follower(ResultSet rs) throws SQLException {
        return new Follower(rs.getString("challenge_uri"), rs.getLong("follower_id"), rs.getString("activity_uri"),
                rs.getString("state"), Rows.instant(rs, "created_at"));
    }

    private static Response response(ResultSet rs) throws SQLException {
        return new Response(rs.getString("response_uri"), rs.getString("challenge_uri"), rs.getLong("responder_id"),
                rs.getString("country"), rs.getString("question_id"), rs.getString("category_id"),
                rs.getBoolean("shortlisted"), rs.getBoolean("featured"), Rows.instant(rs, "received_at"));
    }

    private static Entry map(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("object_uri"), rs.getBoolean("local"), rs.getLong("author_id"),
                ChallengeJson.read(rs.getString("document")), rs.getInt("version"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    private static String joined(List<?> values) {
        return values.isEmpty() ? "" : values.stream().map(String::valueOf)
                .collect(Collectors.joining(",", ",", ","));
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
