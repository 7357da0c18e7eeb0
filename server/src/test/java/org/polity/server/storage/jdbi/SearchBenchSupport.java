package org.polity.server.storage.jdbi;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.polity.server.search.SearchDocument;
import org.polity.server.search.SearchIndex;

/**
 * What the search benchmark ({@code bench/SearchBench}) needs of this package: the word-table index on any
 * engine (on PostgreSQL it is the baseline of the tsvector index), filled for documents already written.
 */
public final class SearchBenchSupport implements AutoCloseable {
    private final Handle handle;
    private final TermSearchIndex terms;

    public SearchBenchSupport(String url, String user, String password) {
        this(url, user, password, TermSearchIndex.RANKED_ROWS);
    }

    /** The word table ranking at most {@code rankedRows} rows of a word (Integer.MAX_VALUE: every match). */
    public SearchBenchSupport(String url, String user, String password, int rankedRows) {
        this.handle = Jdbi.create(url, user, password).open();
        this.terms = new TermSearchIndex(new JdbiStorage.BoundHandle(handle), rankedRows);
    }

    /** The word-table index over the same documents. */
    public SearchIndex termIndex() {
        return terms;
    }

    /** Writes the term rows of documents already in {@code search_documents} (by object id), in one transaction. */
    public void writeTerms(Map<Long, Long> documentIdByObjectId, List<SearchDocument> docs) {
        handle.useTransaction(h -> {
            for (SearchDocument d : docs) {
                terms.writeText(h, documentIdByObjectId.get(d.ref().objectId()), d);
            }
        });
    }

    /** A document's term rows as the H2 index writes them: term to weight (title 4, summary 2, body 1). */
    public static Map<String, Integer> documentTerms(String title, String summary, String body) {
        return SearchTerms.documentTerms(title, summary, body);
    }

    public Handle handle() {
        return handle;
    }

    @Override
    public void close() {
        handle.close();
    }
}
