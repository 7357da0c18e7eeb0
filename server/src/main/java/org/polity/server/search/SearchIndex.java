package org.polity.server.search;

import java.util.List;

/**
 * Full-text search over public objects (local and remote), people and groups: one interface, one
 * implementation per database, chosen by {@code JdbiStorage} from the engine:
 * <ul>
 *   <li>PostgreSQL: a weighted {@code tsvector} per document (title A, summary and tags B, body C) with a GIN
 *       index, prefix queries through {@code to_tsquery('simple', ...)} and {@code ts_rank_cd};
 *   <li>H2: the word table {@code search_terms} (H2's own {@code org.h2.fulltext.FullText} has no ranking and
 *       no prefix search: see {@code TermSearchIndex} and docs/BENCHMARKS.md).
 * </ul>
 * The object and actor stores write the index in the same transaction as the row ({@code index} or
 * {@code remove}), so every writer (local creates, received objects, updates, deletes, profile edits) keeps it
 * current, and only what anyone may see is ever in it: public live objects, active members, known remote
 * people and groups. Results are ranked (best first, then newest, then by row id) and paged by keyset: the
 * cursor is the last hit's document id.
 */
public interface SearchIndex {
    /** Stores a document, replacing what the index held for its row. */
    void index(SearchDocument document);

    /** Drops a row's document; nothing when there is none. */
    void remove(SearchDocument.Ref ref);

    /**
     * The hits of a query, best first, after the hit with document id {@code afterDocumentId} (null: from the
     * first). A cursor that no longer matches gives an empty page.
     */
    List<SearchHit> search(SearchQuery query, Long afterDocumentId, int limit);

    /** How many documents the query finds in all. */
    long count(SearchQuery query);
}
