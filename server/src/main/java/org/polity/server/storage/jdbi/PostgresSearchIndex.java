package org.polity.server.storage.jdbi;

import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.search.SearchDocument;

/**
 * The search index on PostgreSQL: {@code search_documents.tsv}, a {@code tsvector} weighted title A, summary
 * and tags B, body C, under a GIN index; a query is {@code tsv @@ to_tsquery('simple', 'w1':* & 'w2':*)} and
 * ranks by {@code ts_rank_cd}.
 *
 * <p>Why the {@code 'simple'} configuration rather than one per language: a federation mixes languages (EN, FR,
 * ES and whatever its members write), most objects declare none, and a stemmed vector only matches a query
 * parsed with the same configuration, so per-language stemming would miss a French post found with a query
 * typed under an English interface. {@code 'simple'} (lower-cased words, no stemming, no stop words) behaves the
 * same for every language and the same as H2's word table, so the results do not depend on the engine. Both
 * the vector and the query are built from the words of {@link SearchTerms} (NFKC, lower case, letters, digits
 * and marks), and each query word matches as a word or a word prefix ({@code :*}), as on H2. The query is built
 * from those words only (no operator the user typed reaches it) and bound as a parameter:
 * {@code websearch_to_tsquery} and {@code plainto_tsquery} have no prefix match.
 */
final class PostgresSearchIndex extends JdbiSearchIndex {
    private static final String QUERY = "to_tsquery('simple', :tsq)";

    PostgresSearchIndex(JdbiStorage.Handles handles) {
        super(handles);
    }

    @Override
    String textColumns() {
        return ", tsv";
    }

    @Override
    String textValues() {
        return ", setweight(to_tsvector('simple', :title), 'A') || setweight(to_tsvector('simple', :summary), 'B')"
                + " || setweight(to_tsvector('simple', :body), 'C')";
    }

    @Override
    void writeText(Handle h, long documentId, SearchDocument d) {
        // the vector is written with the row
    }

    @Override
    String withClause(List<String> words) {
        return "";
    }

    @Override
    String fromWhere(List<String> words, boolean bounded) {
        return words.isEmpty() ? "FROM search_documents d WHERE 1 = 1"
                : "FROM search_documents d WHERE d.tsv @@ " + QUERY;
    }

    @Override
    String score(List<String> words, String alias) {
        return words.isEmpty() ? "0" : "ts_rank_cd(" + alias + ".tsv, " + QUERY + ")";
    }

    @Override
    String cursorScore(List<String> words) {
        return words.isEmpty() ? "0" : "(SELECT ts_rank_cd(c.tsv, " + QUERY + ") FROM search_documents c"
                + " WHERE c.id = :before AND c.tsv @@ " + QUERY + ")";
    }

    @Override
    void bindText(Query q, List<String> words) {
        if (!words.isEmpty()) {
            q.bind("tsq", tsquery(words));
        }
    }

    /** {@code 'w1':* & 'w2':*}: the words are letters, digits and marks only, so quoting them is exact. */
    static String tsquery(List<String> words) {
        return words.stream().map(w -> "'" + w + "':*").collect(Collectors.joining(" & "));
    }
}
