package org.polity.server.storage.jdbi;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.search.SearchDocument;

/**
 * The search index on H2: the word table {@code search_terms (document_id, term, weight)} (see
 * {@link SearchTerms}: a weight sums 4 per occurrence in the title, 2 in the summary and tags, 1 in the body).
 * Every query word must match a term as the whole word or its start, as a range on the {@code (term,
 * document_id)} index with the words bound as parameters; the score is the summed weights of the matching terms.
 *
 * <p>How a query runs (docs/BENCHMARKS.md, {@code scripts/bench-search}, 100,000 documents): each word is a
 * grouped range on the {@code (term, document_id)} index; the rarest word (see {@link #plan}) drives, the
 * other words and the document row are joined to it by id (primary key lookups), then the filters, the
 * ranking and the page. Before this, H2 drove the join from {@code search_documents} and ran the word's
 * subquery once per document: a rare word took 2.3 s, now about 1 ms. A word with more than
 * {@link #RANKED_ROWS} term rows ranks its newest {@value #RANKED_ROWS} only ({@link #candidateFloor}): exact ranking
 * would group every row of a word found in nearly every document, seconds on H2. The count stays exact, without
 * grouping ({@link #countQuery}). So on H2 a very common word's best page is the best of its most recently indexed
 * matches, and paging ends after them; PostgreSQL, the engine for production, ranks every match.
 *
 * <p>Why not H2's own full-text index ({@code org.h2.fulltext.FullText}, {@code FT_CREATE_INDEX} and
 * {@code FT_SEARCH_DATA}): it has no ranking (every hit scores 1.0, so "a title match beats a body match" cannot
 * hold), matches whole words only (no prefix search, unlike PostgreSQL's {@code :*}, so the engines would
 * answer differently; the contract tests a prefix), keeps one global word list without the fields' weights,
 * and maintains itself through triggers outside the store's SQL. The Lucene variant would add a dependency and
 * an index outside the database file (not transactional, not shared by {@code AUTO_SERVER}). The same table
 * also runs on PostgreSQL, where the benchmark measures it as the baseline of the {@code tsvector} index.
 */
final class TermSearchIndex extends JdbiSearchIndex {
    private final int rankedRows;

    TermSearchIndex(JdbiStorage.Handles handles) {
        this(handles, RANKED_ROWS);
    }

    /** With another bound of the ranked rows (tests use a small one). */
    TermSearchIndex(JdbiStorage.Handles handles, int rankedRows) {
        super(handles);
        this.rankedRows = rankedRows;
    }

    @Override
    String textColumns() {
        return "";
    }

    @Override
    String textValues() {
        return "";
    }

    @Override
    void writeText(Handle h, long documentId, SearchDocument d) {
        Map<String, Integer> terms = SearchTerms.documentTerms(d.title(), d.summary(), d.body());
        if (terms.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO search_terms (document_id, term, weight) VALUES (:d, :t, :w)");
        terms.forEach((term, weight) -> batch.bind("d", documentId).bind("t", term).bind("w", weight.intValue()).add());
        batch.execute();
    }

    /** How many term rows of a word's range {@link #plan} counts at most to order the words. */
    static final int PLAN_SAMPLE = 50_000;

    /**
     * Rarest word first: each word's matching term rows counted on the {@code (term, document_id)} index, up to
     * {@link #PLAN_SAMPLE} (tens of milliseconds at most), so the join below starts from the fewest documents.
     */
    @Override
    List<String> plan(Handle h, List<String> words) {
        if (words.size() < 2) {
            return words;
        }
        Map<String, Long> rows = new java.util.HashMap<>();
        for (String w : words) {
            rows.put(w, h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM search_terms t WHERE t.term >= :lo"
                            + " AND t.term < :hi LIMIT " + PLAN_SAMPLE + ") x")
                    .bind("lo", w).bind("hi", SearchTerms.upperBound(w)).mapTo(Long.class).one());
        }
        return words.stream().sorted(java.util.Comparator.comparing(rows::get)).toList();
    }

    @Override
    String withClause(List<String> words) {
        return "";
    }

    /**
     * How many term rows of the driving (rarest) word are ranked at most. Beyond it, the newest of them are: a
     * word in nearly every document (98,237 of 100,000 in the benchmark) would otherwise group every one of its
     * rows for the score, which H2 does slowly (past its in-memory row limit, on disk): 1.4 to 6 s a query on the
     * two-core machine, against 0.1 to 0.3 s for 10,000 rows (docs/BENCHMARKS.md). The count stays exact.
     */
    static final int RANKED_ROWS = 10_000;

    /**
     * Where the ranked candidates start: the document id of the driving word's {@code rankedRows}-th newest term
     * row (newest by document id, the order documents were indexed in), or null when it has fewer rows (then every
     * match is ranked, as before). A top-N of the word's range on the {@code (term, document_id)} index.
     */
    @Override
    Long candidateFloor(Handle h, List<String> words) {
        if (words.isEmpty()) {
            return null;
        }
        return h.createQuery("SELECT COUNT(*) AS n, MIN(x.document_id) AS floor FROM (SELECT t.document_id"
                        + " FROM search_terms t WHERE t.term >= :lo AND t.term < :hi ORDER BY t.document_id DESC LIMIT "
                        + rankedRows + ") x")
                .bind("lo", words.get(0)).bind("hi", SearchTerms.upperBound(words.get(0)))
                .map((rs, ctx) -> rs.getLong("n") < rankedRows ? null : rs.getLong("floor")).one();
    }

    /** Word {@code i}'s documents and the summed weight of their terms matching it (as word or prefix). */
    private static String word(int i, boolean bounded) {
        return "(SELECT t.document_id, SUM(t.weight) AS s FROM search_terms t WHERE t.term >= :lo" + i
                + " AND t.term < :hi" + i + (bounded ? " AND t.document_id >= :floor" : "")
                + " GROUP BY t.document_id) w" + i;
    }

    /**
     * The exact count without grouping or scoring: the driving word's distinct documents (its rows read on the
     * index), each further word an {@code EXISTS} on the primary key {@code (document_id, term)}; then the filters.
     */
    @Override
    String countQuery(List<String> words) {
        if (words.isEmpty()) {
            return "SELECT COUNT(*) " + fromWhere(words, false);
        }
        StringBuilder sql = new StringBuilder("SELECT COUNT(DISTINCT t0.document_id) FROM search_terms t0")
                .append(" LEFT JOIN search_documents d ON d.id = t0.document_id")
                .append(" WHERE t0.term >= :lo0 AND t0.term < :hi0 AND d.id IS NOT NULL");
        for (int i = 1; i < words.size(); i++) {
            sql.append(" AND EXISTS (SELECT 1 FROM search_terms t").append(i).append(" WHERE t").append(i)
                    .append(".document_id = t0.document_id AND t").append(i).append(".term >= :lo").append(i)
                    .append(" AND t").append(i).append(".term < :hi").append(i).append(")");
        }
        return sql.toString();
    }

    /**
     * The first word's documents drive; every further word and the document row are joined to them by id.
     * LEFT JOIN with {@code IS NOT NULL}, not INNER JOIN, because H2 keeps the order of outer joins: given an
     * inner join, it started from {@code search_documents} (all 100,000 rows, through the type index) and ran
     * the word's grouped subquery once per document (the 2.3 s of a rare word).
     */
    @Override
    String fromWhere(List<String> words, boolean bounded) {
        if (words.isEmpty()) {
            return "FROM search_documents d WHERE 1 = 1";
        }
        StringBuilder from = new StringBuilder("FROM ").append(word(0, bounded));
        StringBuilder where = new StringBuilder(" WHERE d.id IS NOT NULL");
        for (int i = 1; i < words.size(); i++) {
            from.append(" LEFT JOIN ").append(word(i, bounded)).append(" ON w").append(i).append(".document_id = w0.document_id");
            where.append(" AND w").append(i).append(".document_id IS NOT NULL");
        }
        return from.append(" LEFT JOIN search_documents d ON d.id = w0.document_id").append(where).toString();
    }

    @Override
    String score(List<String> words, String alias) {
        if (words.isEmpty()) {
            return "0";
        }
        StringBuilder s = new StringBuilder("(w0.s");
        for (int i = 1; i < words.size(); i++) {
            s.append(" + w").append(i).append(".s");
        }
        return s.append(")").toString();
    }

    /** The cursor document's score, null (so an empty page) when it no longer matches every word. */
    @Override
    String cursorScore(List<String> words) {
        if (words.isEmpty()) {
            return "0";
        }
        StringBuilder any = new StringBuilder();
        StringBuilder which = new StringBuilder("CASE");
        for (int i = 0; i < words.size(); i++) {
            String match = "(c.term >= :lo" + i + " AND c.term < :hi" + i + ")";
            any.append(i == 0 ? "" : " OR ").append(match);
            which.append(" WHEN ").append(match).append(" THEN ").append(i);
        }
        return "(SELECT SUM(c.weight) FROM search_terms c WHERE c.document_id = :before AND (" + any
                + ") HAVING COUNT(DISTINCT " + which.append(" END") + ") = " + words.size() + ")";
    }

    @Override
    void bindText(Query q, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            q.bind("lo" + i, words.get(i)).bind("hi" + i, SearchTerms.upperBound(words.get(i)));
        }
    }
}
