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
 * <p>Why not H2's own full-text index ({@code org.h2.fulltext.FullText}, {@code FT_CREATE_INDEX} and
 * {@code FT_SEARCH_DATA}): it has no ranking (every hit scores 1.0, so "a title match beats a body match" cannot
 * hold), matches whole words only (no prefix search, unlike PostgreSQL's {@code :*}, so the engines would
 * answer differently), keeps one global word list without the fields' weights, and maintains itself through
 * triggers outside the store's SQL. But docs/BENCHMARKS.md ({@code scripts/bench-search}) measured this table
 * slow at 100,000 objects (seconds for a common or a two-word query) and {@code FullText} much faster for
 * unranked matching: the next step on H2 is to find candidates through an index like {@code FullText}'s and
 * rank and filter only those. This table is correct and fast enough for a national instance's thousands.
 * The Lucene variant would add a dependency and an index outside the database file (not transactional, not
 * shared by {@code AUTO_SERVER}). The same table also runs on PostgreSQL, where the benchmark measures it
 * as the baseline of the {@code tsvector} index.
 */
final class TermSearchIndex extends JdbiSearchIndex {
    TermSearchIndex(JdbiStorage.Handles handles) {
        super(handles);
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

    @Override
    String withClause(List<String> words) {
        if (words.isEmpty()) {
            return "";
        }
        StringBuilder any = new StringBuilder();
        StringBuilder which = new StringBuilder("CASE");
        for (int i = 0; i < words.size(); i++) {
            String match = "(t.term >= :lo" + i + " AND t.term < :hi" + i + ")";
            any.append(i == 0 ? "" : " OR ").append(match);
            which.append(" WHEN ").append(match).append(" THEN ").append(i);
        }
        which.append(" END");
        return "WITH ranked AS (SELECT t.document_id, SUM(t.weight) AS score FROM search_terms t WHERE " + any
                + " GROUP BY t.document_id HAVING COUNT(DISTINCT " + which + ") = " + words.size() + ") ";
    }

    @Override
    String fromWhere(List<String> words) {
        return words.isEmpty() ? "FROM search_documents d WHERE 1 = 1"
                : "FROM ranked r JOIN search_documents d ON d.id = r.document_id WHERE 1 = 1";
    }

    @Override
    String score(List<String> words, String alias) {
        return words.isEmpty() ? "0" : "r.score";
    }

    @Override
    String cursorScore(List<String> words) {
        return words.isEmpty() ? "0" : "(SELECT c.score FROM ranked c WHERE c.document_id = :before)";
    }

    @Override
    void bindText(Query q, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            q.bind("lo" + i, words.get(i)).bind("hi" + i, SearchTerms.upperBound(words.get(i)));
        }
    }
}
