package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.List;
import org.polity.server.figures.FigureStore;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;

/**
 * The figures as aggregate SQL over {@code objects} and the tables that state a country (V11, V14): one query per
 * chart, whatever the number of countries or months. Runs unchanged on H2 (PostgreSQL mode) and PostgreSQL.
 */
final class JdbiFigureStore implements FigureStore {
    /** What anyone may read: the directories' rule ({@code JdbiObjectStore}), repeated for each joined object. */
    private static final String LIVE = " o.visibility = 'PUBLIC' AND o.deleted_at IS NULL";

    /**
     * One row per object with its country and a 1 in its kind's column, then summed by country: a single scan of
     * each kind's index range instead of three queries merged in Java. A LEFT JOIN keeps an object without a
     * country row (counted under '') so that these totals match the timeline's, which reads objects alone.
     */
    private static final String BY_COUNTRY = "SELECT country, SUM(c) AS challenges, SUM(r) AS responses,"
            + " SUM(s) AS case_studies FROM ("
            + " SELECT COALESCE(ch.country, '') AS country, 1 AS c, 0 AS r, 0 AS s FROM objects o"
            + "   LEFT JOIN challenges ch ON ch.object_uri = o.uri WHERE o.kind = 'CHALLENGE' AND" + LIVE
            + " UNION ALL"
            + " SELECT COALESCE(cr.country, ''), 0, 1, 0 FROM objects o"
            + "   LEFT JOIN challenge_responses cr ON cr.response_uri = o.uri WHERE o.kind = 'RESPONSE' AND" + LIVE
            + " UNION ALL"
            + " SELECT COALESCE(cs.country, ''), 0, 0, 1 FROM objects o"
            + "   LEFT JOIN case_studies cs ON cs.object_uri = o.uri WHERE o.kind = 'CASE_STUDY' AND" + LIVE
            + ") t GROUP BY country ORDER BY country";

    /**
     * Months in UTC whatever the session's time zone: {@code AT TIME ZONE 'UTC'} means the same on both engines
     * (PostgreSQL's EXTRACT otherwise reads a timestamptz in the session's zone).
     */
    private static final String UTC = "(o.published_at AT TIME ZONE 'UTC')";
    private static final String BY_MONTH = "SELECT y, m, SUM(c) AS challenges, SUM(r) AS responses FROM ("
            + " SELECT EXTRACT(YEAR FROM " + UTC + ") AS y, EXTRACT(MONTH FROM " + UTC + ") AS m,"
            + " CASE WHEN o.kind = 'CHALLENGE' THEN 1 ELSE 0 END AS c,"
            + " CASE WHEN o.kind = 'RESPONSE' THEN 1 ELSE 0 END AS r"
            + " FROM objects o WHERE o.kind IN ('CHALLENGE', 'RESPONSE') AND o.published_at >= :since AND" + LIVE
            + ") t GROUP BY y, m ORDER BY y, m";

    /** Only a response whose challenge we hold has a row naming it, and so an issuing country. */
    private static final String ANSWERING = "SELECT cr.country AS responder, ch.country AS issuer, COUNT(*) AS n"
            + " FROM challenge_responses cr JOIN objects o ON o.uri = cr.response_uri"
            + " JOIN challenges ch ON ch.object_uri = cr.challenge_uri"
            + " WHERE o.kind = 'RESPONSE' AND" + LIVE
            + " GROUP BY cr.country, ch.country ORDER BY cr.country, ch.country";

    private final JdbiStorage.Handles handles;

    JdbiFigureStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public List<CountryCount> countsByCountry() {
        return handles.with(h -> h.createQuery(BY_COUNTRY).map((rs, ctx) -> new CountryCount(rs.getString("country"),
                rs.getLong("challenges"), rs.getLong("responses"), rs.getLong("case_studies"))).list());
    }

    @Override
    public List<MonthCount> countsByMonth(Instant since) {
        return handles.with(h -> h.createQuery(BY_MONTH).bind("since", since).map((rs, ctx) -> new MonthCount(
                rs.getInt("y"), rs.getInt("m"), rs.getLong("challenges"), rs.getLong("responses"))).list());
    }

    @Override
    public List<Answering> answering() {
        return handles.with(h -> h.createQuery(ANSWERING).map((rs, ctx) -> new Answering(rs.getString("responder"),
                rs.getString("issuer"), rs.getLong("n"))).list());
    }

    @Override
    public List<StoredObject> findPublicByCountry(ObjectKind kind, String country, int limit) {
        String join = switch (kind) {
            case CHALLENGE -> " JOIN challenges x ON x.object_uri = o.uri";
            case RESPONSE -> " JOIN challenge_responses x ON x.response_uri = o.uri";
            case CASE_STUDY -> " JOIN case_studies x ON x.object_uri = o.uri";
            default -> throw new IllegalArgumentException(kind + " states no country");
        };
        return handles.with(h -> h.createQuery("SELECT " + JdbiObjectStore.COLUMNS + " FROM objects o" + join
                        + " WHERE o.kind = :k AND x.country = :c AND" + LIVE
                        + " ORDER BY o.published_at DESC, o.id DESC LIMIT :l")
                .bind("k", kind.name()).bind("c", country).bind("l", limit).map(JdbiObjectStore::map).list());
    }
}
