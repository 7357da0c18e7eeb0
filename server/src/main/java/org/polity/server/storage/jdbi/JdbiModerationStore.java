package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.moderation.ActorStanding;
import org.polity.server.moderation.ModerationStore;
import org.polity.server.moderation.Report;

final class JdbiModerationStore implements ModerationStore {
    private static final String COLUMNS = "id, uri, reporter_actor_id, reporter_uri, target_actor_id,"
            + " target_actor_uri, group_uri, category, comment, forwarded_from, forwarded, status, resolution_note,"
            + " assigned_to, resolved_by, resolved_at, created_at";

    private final JdbiStorage.Handles handles;

    JdbiModerationStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public Optional<Report> insertReport(Report r) {
        if (findReportByUri(r.uri()).isPresent()) {
            return Optional.empty();
        }
        try {
            // The report and its objects together: a reader never sees a report without its objects.
            return handles.with(h -> h.inTransaction(tx -> {
                long id = tx.createUpdate("INSERT INTO reports (uri, reporter_actor_id, reporter_uri, target_actor_id,"
                                + " target_actor_uri, group_uri, category, comment, forwarded_from, forwarded, status,"
                                + " created_at) VALUES (:uri, :reporter, :reporterUri, :target, :targetUri, :group,"
                                + " :category, :comment, :from, :forwarded, :status, :at)")
                        .bind("uri", r.uri()).bind("reporter", r.reporterActorId())
                        .bind("reporterUri", r.reporterUri()).bind("target", r.targetActorId())
                        .bind("targetUri", r.targetActorUri()).bind("group", r.groupUri())
                        .bind("category", r.category().name()).bind("comment", r.comment())
                        .bind("from", r.forwardedFrom()).bind("forwarded", r.forwarded())
                        .bind("status", r.status().name()).bind("at", r.createdAt())
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                int position = 0;
                for (String uri : new java.util.LinkedHashSet<>(r.objectUris())) {
                    tx.createUpdate("INSERT INTO report_objects (report_id, position, object_uri)"
                                    + " VALUES (:id, :p, :uri)")
                            .bind("id", id).bind("p", position++).bind("uri", uri).execute();
                }
                return byId(tx, id);
            }));
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            // Two copies of one Flag at once: the unique uri lets one win; the other finds it stored.
            if (findReportByUri(r.uri()).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Report> findReportById(long id) {
        return handles.with(h -> byId(h, id));
    }

    @Override
    public Optional<Report> findReportByUri(String uri) {
        return handles.with(h -> byUri(h, uri));
    }

    @Override
    public List<Report> findReports(Report.Status status, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM reports WHERE 1 = 1");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (beforeId != null) {
            sql.append(" AND id < :before");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return handles.with(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (status != null) {
                q.bind("status", status.name());
            }
            if (beforeId != null) {
                q.bind("before", beforeId);
            }
            return withObjects(h, q.map((rs, ctx) -> report(rs, List.of())).list());
        });
    }

    @Override
    public List<Report> findReportsByTarget(long targetActorId, int limit) {
        return handles.with(h -> withObjects(h, h.createQuery("SELECT " + COLUMNS + " FROM reports"
                        + " WHERE target_actor_id = :t ORDER BY id DESC LIMIT :limit")
                .bind("t", targetActorId).bind("limit", limit).map((rs, ctx) -> report(rs, List.of())).list()));
    }

    @Override
    public long countReports(Report.Status status) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM reports WHERE status = :s")
                .bind("s", status.name()).mapTo(Long.class).one());
    }

    @Override
    public boolean closeReport(long id, Report.Status status, String note, long byActorId, Instant at) {
        if (status == Report.Status.OPEN) {
            throw new IllegalArgumentException("closing needs RESOLVED or DISMISSED");
        }
        return handles.with(h -> h.createUpdate("UPDATE reports SET status = :status, resolution_note = :note,"
                        + " resolved_by = :by, resolved_at = :at WHERE id = :id AND status = 'OPEN'")
                .bind("status", status.name()).bind("note", note).bind("by", byActorId).bind("at", at)
                .bind("id", id).execute() == 1);
    }

    @Override
    public void assignReport(long id, Long actorId) {
        handles.with(h -> h.createUpdate("UPDATE reports SET assigned_to = :a WHERE id = :id")
                .bind("a", actorId).bind("id", id).execute());
    }

    @Override
    public void putStanding(ActorStanding s) {
        handles.with(h -> {
            int updated = h.createUpdate("UPDATE actor_moderation SET state = :state, reason = :reason, by_actor_id"
                            + " = :by, at = :at WHERE actor_id = :actor")
                    .bind("state", s.state().name()).bind("reason", s.reason()).bind("by", s.byActorId())
                    .bind("at", s.at()).bind("actor", s.actorId()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO actor_moderation (actor_id, state, reason, by_actor_id, at)"
                                + " VALUES (:actor, :state, :reason, :by, :at)")
                        .bind("state", s.state().name()).bind("reason", s.reason()).bind("by", s.byActorId())
                        .bind("at", s.at()).bind("actor", s.actorId()).execute();
            }
            return null;
        });
    }

    @Override
    public boolean clearStanding(long actorId) {
        return handles.with(h -> h.createUpdate("DELETE FROM actor_moderation WHERE actor_id = :a")
                .bind("a", actorId).execute() == 1);
    }

    @Override
    public Optional<ActorStanding> findStanding(long actorId) {
        return handles.with(h -> h.createQuery("SELECT actor_id, state, reason, by_actor_id, at FROM actor_moderation"
                        + " WHERE actor_id = :a").bind("a", actorId).map((rs, ctx) -> standing(rs)).findOne());
    }

    @Override
    public List<ActorStanding> findStandings() {
        return handles.with(h -> h.createQuery("SELECT actor_id, state, reason, by_actor_id, at FROM actor_moderation"
                + " ORDER BY at DESC, actor_id").map((rs, ctx) -> standing(rs)).list());
    }

    private static Optional<Report> byId(Handle h, long id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM reports WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> report(rs, List.of())).findOne().map(r -> withObjects(h, List.of(r)).get(0));
    }

    private static Optional<Report> byUri(Handle h, String uri) {
        return h.createQuery("SELECT " + COLUMNS + " FROM reports WHERE uri = :uri").bind("uri", uri)
                .map((rs, ctx) -> report(rs, List.of())).findOne().map(r -> withObjects(h, List.of(r)).get(0));
    }

    /** The reports with their objects, read in one query. */
    private static List<Report> withObjects(Handle h, List<Report> reports) {
        if (reports.isEmpty()) {
            return reports;
        }
        Map<Long, List<String>> objects = new LinkedHashMap<>();
        h.createQuery("SELECT report_id, object_uri FROM report_objects WHERE report_id IN (<ids>)"
                        + " ORDER BY report_id, position")
                .bindList("ids", reports.stream().map(Report::id).toList())
                .map((rs, ctx) -> {
                    objects.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                    return null;
                }).list();
        List<Report> out = new ArrayList<>(reports.size());
        for (Report r : reports) {
            out.add(new Report(r.id(), r.uri(), r.reporterActorId(), r.reporterUri(), r.targetActorId(),
                    r.targetActorUri(), r.groupUri(), r.category(), r.comment(), r.forwardedFrom(), r.forwarded(),
                    r.status(), r.resolutionNote(), r.assignedTo(), r.resolvedBy(), r.resolvedAt(), r.createdAt(),
                    objects.getOrDefault(r.id(), List.of())));
        }
        return out;
    }

    private static Report report(ResultSet rs, List<String> objects) throws SQLException {
        return new Report(rs.getLong("id"), rs.getString("uri"), nullableLong(rs, "reporter_actor_id"),
                rs.getString("reporter_uri"), nullableLong(rs, "target_actor_id"), rs.getString("target_actor_uri"),
                rs.getString("group_uri"), Report.Category.valueOf(rs.getString("category")),
                rs.getString("comment"), rs.getString("forwarded_from"), rs.getBoolean("forwarded"),
                Report.Status.valueOf(rs.getString("status")), rs.getString("resolution_note"),
                nullableLong(rs, "assigned_to"), nullableLong(rs, "resolved_by"),
                Rows.instant(rs, "resolved_at"),
                Rows.instant(rs, "created_at"), objects);
    }

    private static ActorStanding standing(ResultSet rs) throws SQLException {
        return new ActorStanding(rs.getLong("actor_id"), ActorStanding.State.valueOf(rs.getString("state")),
                rs.getString("reason"), nullableLong(rs, "by_actor_id"), Rows.instant(rs, "at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
