package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.casestudies.CaseStudy;
import org.polity.server.casestudies.CaseStudyJson;
import org.polity.server.casestudies.CaseStudyStore;

final class JdbiCaseStudyStore implements CaseStudyStore {
    private static final String COLUMNS = "id, object_uri, local, author_id, status, document, version, created_at,"
            + " updated_at";
    private final JdbiStorage.Handles handles;
    private final RoleGrants grants;

    JdbiCaseStudyStore(JdbiStorage.Handles handles) {
        this.handles = handles;
        this.grants = new RoleGrants(handles, "case_study_editors");
    }

    @Override
    public Entry insert(Entry e, String authorUri) {
        CaseStudy f = e.fields();
        long id = handles.with(h -> h.inTransaction(t -> {
            long stored = t.createUpdate("INSERT INTO case_studies (object_uri, local, author_id, status, title,"
                            + " country, organisation, level_of_government, sector, lifecycle_stage, launch_year,"
                            + " facets, sdgs, document, version, created_at, updated_at) VALUES (:uri, :local,"
                            + " :author, :status, :title, :country, :org, :level, :sector, :stage, :year, :facets,"
                            + " :sdgs, :doc, 1, :created, :updated)")
                    .bind("uri", e.objectUri()).bind("local", e.local()).bind("author", e.authorId())
                    .bind("status", e.status().name()).bind("title", f.title()).bind("country", f.country())
                    .bind("org", f.organisation()).bind("level", f.levelOfGovernment()).bind("sector", f.sector())
                    .bind("stage", f.lifecycleStage()).bind("year", f.launchYear())
                    .bind("facets", joined(f.innovationFacets())).bind("sdgs", joined(f.sdgs()))
                    .bind("doc", CaseStudyJson.write(f)).bind("created", e.createdAt()).bind("updated", e.updatedAt())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            insertVersion(t, stored, 1, f, authorUri, e.updatedAt());
            return stored;
        }));
        return findById(id).orElseThrow();
    }

    private static void insertVersion(org.jdbi.v3.core.Handle h, long id, int version, CaseStudy f, String authorUri,
            Instant at) {
        h.createUpdate("INSERT INTO case_study_versions (case_study_id, version, document, author_uri, created_at)"
                        + " VALUES (:id, :v, :doc, :author, :at)")
                .bind("id", id).bind("v", version).bind("doc", CaseStudyJson.write(f)).bind("author", authorUri)
                .bind("at", at).execute();
    }

    @Override
    public boolean updateFields(long id, int expectedVersion, CaseStudy f, String authorUri, Instant now) {
        return handles.with(h -> h.inTransaction(t -> {
            int changed = t.createUpdate("UPDATE case_studies SET title = :title, country = :country,"
                            + " organisation = :org, level_of_government = :level, sector = :sector,"
                            + " lifecycle_stage = :stage, launch_year = :year, facets = :facets, sdgs = :sdgs,"
                            + " document = :doc, version = version + 1, updated_at = :now"
                            + " WHERE id = :id AND version = :expected")
                    .bind("title", f.title()).bind("country", f.country()).bind("org", f.organisation())
                    .bind("level", f.levelOfGovernment()).bind("sector", f.sector()).bind("stage", f.lifecycleStage())
                    .bind("year", f.launchYear()).bind("facets", joined(f.innovationFacets()))
                    .bind("sdgs", joined(f.sdgs())).bind("doc", CaseStudyJson.write(f)).bind("now", now)
                    .bind("id", id).bind("expected", expectedVersion).execute();
            if (changed == 0) {
                return false;
            }
            insertVersion(t, id, expectedVersion + 1, f, authorUri, now);
            return true;
        }));
    }

    @Override
    public void setStatus(long id, CaseStudy.Status status, String objectUri, Instant now) {
        handles.with(h -> h.createUpdate("UPDATE case_studies SET status = :s, object_uri = COALESCE(:uri, object_uri),"
                        + " updated_at = :now WHERE id = :id")
                .bind("s", status.name()).bind("uri", objectUri).bind("now", now).bind("id", id).execute());
    }

    @Override
    public void insertTransition(long id, Transition t) {
        handles.with(h -> h.createUpdate("INSERT INTO case_study_transitions (case_study_id, from_status, to_status,"
                        + " actor_id, comment, created_at) VALUES (:id, :from, :to, :actor, :comment, :at)")
                .bind("id", id).bind("from", t.from().name()).bind("to", t.to().name()).bind("actor", t.actorId())
                .bind("comment", t.comment()).bind("at", t.at()).execute());
    }

    @Override
    public List<Transition> findTransitions(long id) {
        return handles.with(h -> h.createQuery("SELECT from_status, to_status, actor_id, comment, created_at"
                        + " FROM case_study_transitions WHERE case_study_id = :id ORDER BY id")
                .bind("id", id)
                .map((rs, ctx) -> new Transition(CaseStudy.Status.valueOf(rs.getString("from_status")),
                        CaseStudy.Status.valueOf(rs.getString("to_status")), rs.getLong("actor_id"),
                        rs.getString("comment"), Rows.instant(rs, "created_at")))
                .list());
    }

    @Override
    public Optional<Entry> findById(long id) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM case_studies WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> map(rs)).findOne());
    }

    @Override
    public Optional<Entry> findByObjectUri(String objectUri) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM case_studies WHERE object_uri = :u")
                .bind("u", objectUri).map((rs, ctx) -> map(rs)).findOne());
    }

    private static final String LIBRARY = " FROM objects o LEFT JOIN case_studies cs ON cs.object_uri = o.uri"
            + " WHERE o.kind = 'CASE_STUDY' AND o.visibility = 'PUBLIC' AND o.deleted_at IS NULL"
            + " AND NOT" + JdbiDomainPolicyStore.AUTHOR_LIMITED;

    @Override
    public List<LibraryRow> findLibrary(Filter filter, Long beforeObjectId, int limit) {
        String keyset = beforeObjectId == null ? ""
                : " AND (o.published_at < (SELECT c.published_at FROM objects c WHERE c.id = :before)"
                        + " OR (o.published_at = (SELECT c.published_at FROM objects c WHERE c.id = :before)"
                        + " AND o.id < :before))";
        return handles.with(h -> {
            Query q = bind(h.createQuery("SELECT o.id AS o_id, o.uri AS o_uri, o.url AS o_url, o.name AS o_name,"
                    + " o.published_at AS o_published, o.attributed_to_id AS o_author, cs.id, cs.object_uri, cs.local,"
                    + " cs.author_id, cs.status, cs.document, cs.version, cs.created_at, cs.updated_at" + LIBRARY
                    + where(filter) + keyset + " ORDER BY o.published_at DESC, o.id DESC LIMIT :limit"), filter)
                    .bind("limit", limit);
            if (beforeObjectId != null) {
                q.bind("before", beforeObjectId.longValue());
            }
            return q.map((rs, ctx) -> new LibraryRow(rs.getLong("o_id"), rs.getString("o_uri"), rs.getString("o_url"),
                    rs.getString("o_name"), Rows.instant(rs, "o_published"), rs.getLong("o_author"),
                    rs.getObject("id") == null ? null : map(rs))).list();
        });
    }

    @Override
    public long countLibrary(Filter filter) {
        return handles.with(h -> bind(h.createQuery("SELECT COUNT(*)" + LIBRARY + where(filter)), filter)
                .mapTo(Long.class).one());
    }

    /** The filters on the case study's columns; a filtered library lists only case studies that have them. */
    private static String where(Filter f) {
        StringBuilder sql = new StringBuilder();
        if (f.country() != null) {
            sql.append(" AND cs.country = :country");
        }
        if (f.sector() != null) {
            sql.append(" AND cs.sector = :sector");
        }
        if (f.stage() != null) {
            sql.append(" AND cs.lifecycle_stage = :stage");
        }
        if (f.level() != null) {
            sql.append(" AND cs.level_of_government = :level");
        }
        if (f.facet() != null) {
            sql.append(" AND cs.facets LIKE :facet");
        }
        if (f.sdg() > 0) {
            sql.append(" AND cs.sdgs LIKE :sdg");
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
        if (f.stage() != null) {
            q.bind("stage", f.stage());
        }
        if (f.level() != null) {
            q.bind("level", f.level());
        }
        if (f.facet() != null) {
            q.bind("facet", "%," + f.facet() + ",%");
        }
        if (f.sdg() > 0) {
            q.bind("sdg", "%," + f.sdg() + ",%");
        }
        return q;
    }

    @Override
    public List<Entry> findByStatus(CaseStudy.Status status, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM case_studies WHERE status = :s"
                        + " AND local = TRUE ORDER BY updated_at, id LIMIT :limit")
                .bind("s", status.name()).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Entry> findByAuthor(long authorId, int limit) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM case_studies WHERE author_id = :a"
                        + " ORDER BY updated_at DESC, id DESC LIMIT :limit")
                .bind("a", authorId).bind("limit", limit).map((rs, ctx) -> map(rs)).list());
    }

    @Override
    public List<Version> findVersions(long id) {
        return handles.with(h -> h.createQuery("SELECT case_study_id, version, document, author_uri, created_at"
                        + " FROM case_study_versions WHERE case_study_id = :id ORDER BY version DESC")
                .bind("id", id).map((rs, ctx) -> version(rs)).list());
    }

    @Override
    public Optional<Version> findVersion(long id, int version) {
        return handles.with(h -> h.createQuery("SELECT case_study_id, version, document, author_uri, created_at"
                        + " FROM case_study_versions WHERE case_study_id = :id AND version = :v")
                .bind("id", id).bind("v", version).map((rs, ctx) -> version(rs)).findOne());
    }

    @Override
    public void insertLink(LinkRow link) {
        handles.with(h -> h.createUpdate("INSERT INTO case_study_links (from_uri, to_uri, relation, source,"
                        + " created_at) VALUES (:from, :to, :relation, :source, :at) ON CONFLICT DO NOTHING")
                .bind("from", link.fromUri()).bind("to", link.toUri()).bind("relation", link.relation())
                .bind("source", link.source()).bind("at", link.createdAt()).execute());
    }

    @Override
    public void deleteLinksFrom(String fromUri) {
        handles.with(h -> h.createUpdate("DELETE FROM case_study_links WHERE from_uri = :u").bind("u", fromUri)
                .execute());
    }

    @Override
    public List<LinkRow> findLinksFrom(String fromUri) {
        return links("from_uri", fromUri);
    }

    @Override
    public List<LinkRow> findLinksTo(String toUri) {
        return links("to_uri", toUri);
    }

    private List<LinkRow> links(String column, String uri) {
        return handles.with(h -> h.createQuery("SELECT from_uri, to_uri, relation, source, created_at"
                        + " FROM case_study_links WHERE " + column + " = :u ORDER BY created_at, from_uri, to_uri")
                .bind("u", uri)
                .map((rs, ctx) -> new LinkRow(rs.getString("from_uri"), rs.getString("to_uri"),
                        rs.getString("relation"), rs.getString("source"), Rows.instant(rs, "created_at")))
                .list());
    }

    @Override
    public boolean isEditor(long accountId) {
        return grants.has(accountId);
    }

    @Override
    public void addEditor(long accountId, long grantedBy, Instant now) {
        grants.grant(accountId, grantedBy, now);
    }

    @Override
    public void removeEditor(long accountId) {
        grants.revoke(accountId);
    }

    @Override
    public List<Long> findEditors() {
        return grants.all();
    }

    private static Entry map(ResultSet rs) throws SQLException {
        String uri = rs.getString("object_uri");
        return new Entry(rs.getLong("id"), uri, rs.getBoolean("local"), rs.getLong("author_id"),
                CaseStudy.Status.valueOf(rs.getString("status")), CaseStudyJson.read(rs.getString("document")),
                rs.getInt("version"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(rs.getLong("case_study_id"), rs.getInt("version"),
                CaseStudyJson.read(rs.getString("document")), rs.getString("author_uri"),
                Rows.instant(rs, "created_at"));
    }

    private static String joined(List<?> values) {
        return values.isEmpty() ? "" : values.stream().map(String::valueOf)
                .collect(Collectors.joining(",", ",", ","));
    }
}
