package org.polity.server.storage.jdbi;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.polity.server.search.DocumentText;
import org.polity.server.search.SearchDocument;
import org.polity.server.search.SearchHit;
import org.polity.server.search.SearchIndex;
import org.polity.server.search.SearchQuery;
import org.polity.server.search.SearchType;
import org.polity.server.text.Html;

/**
 * What both search index implementations share: the {@code search_documents} row of a document and its
 * {@code search_facets} (tags, languages), the filters (the same SQL on both engines), keyset paging, and
 * building a document from the stored rows ({@link #reindexObject}, {@link #reindexActor}), which the object,
 * actor and account stores call in the transaction that changes the row. The text match and the score are
 * each engine's ({@link TermSearchIndex}, {@link PostgresSearchIndex}).
 */
abstract class JdbiSearchIndex implements SearchIndex {
    protected final JdbiStorage.Handles handles;

    JdbiSearchIndex(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    /** The index for an engine ({@code postgresql} or {@code h2}). */
    static JdbiSearchIndex forEngine(String engine, JdbiStorage.Handles handles) {
        return engine.equals("postgresql") ? new PostgresSearchIndex(handles) : new TermSearchIndex(handles);
    }

    // --- writing --------------------------------------------------------------------------------------------

    @Override
    public void index(SearchDocument d) {
        handles.with(h -> h.inTransaction(t -> {
            write(t, d);
            return null;
        }));
    }

    @Override
    public void remove(SearchDocument.Ref ref) {
        handles.with(h -> delete(h, ref));
    }

    private static int delete(Handle h, SearchDocument.Ref ref) {
        return ref.objectId() != null
                ? h.createUpdate("DELETE FROM search_documents WHERE object_id = :id").bind("id", ref.objectId()).execute()
                : h.createUpdate("DELETE FROM search_documents WHERE actor_id = :id").bind("id", ref.actorId()).execute();
    }

    /** Replaces a row's document: the caller holds a transaction. */
    final void write(Handle h, SearchDocument d) {
        delete(h, d.ref());
        var insert = h.createUpdate("INSERT INTO search_documents (object_id, actor_id, doc_type, author_id,"
                        + " published_at" + textColumns() + ") VALUES (:o, :a, :type, :author, :at" + textValues() + ")")
                .bind("o", d.ref().objectId()).bind("a", d.ref().actorId()).bind("type", d.type().name())
                .bind("author", d.authorId()).bind("at", Timestamp.from(d.publishedAt()));
        if (!textValues().isEmpty()) {
            insert.bind("title", words(d.title())).bind("summary", words(d.summary())).bind("body", words(d.body()));
        }
        long id = insert.executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        if (!d.tags().isEmpty() || !d.languages().isEmpty()) {
            PreparedBatch facets = h.prepareBatch("INSERT INTO search_facets (document_id, facet, facet_value)"
                    + " VALUES (:d, :f, :v)");
            d.tags().forEach(tag -> facets.bind("d", id).bind("f", "tag").bind("v", tag).add());
            d.languages().forEach(l -> facets.bind("d", id).bind("f", "lang").bind("v", l).add());
            facets.execute();
        }
        writeText(h, id, d);
    }

    /** A field as the engine indexes it: its words ({@link SearchTerms}), space separated. */
    static String words(String text) {
        return String.join(" ", SearchTerms.words(text));
    }

    /** Extra columns of {@code search_documents} this engine writes (starting with a comma), or "". */
    abstract String textColumns();

    /** Their values, bound from {@code :title}, {@code :summary} and {@code :body}. */
    abstract String textValues();

    /** Anything else the engine keeps of the document's text (the term rows on H2). */
    abstract void writeText(Handle h, long documentId, SearchDocument d);

    /** Indexes an object as it is stored now, or drops it when nobody but its audience may see it. */
    final void reindexObject(Handle h, long objectId) {
        h.useTransaction(t -> reindexObjectLocked(t, objectId));
    }

    private void reindexObjectLocked(Handle h, long objectId) {
        // Two writers of one object's document (a delivery and a fetch of it at once) take turns on its row, so
        // the second deletes the first's document before writing its own instead of breaking the unique index.
        h.createQuery("SELECT id FROM objects WHERE id = :id FOR UPDATE").bind("id", objectId).mapTo(Long.class)
                .findOne();
        var object = h.createQuery("SELECT " + JdbiObjectStore.COLUMNS + " FROM objects o WHERE o.id = :id")
                .bind("id", objectId).map(JdbiObjectStore::map).findOne();
        SearchDocument d = object.map(o -> DocumentText.of(o, o.local() ? h.createQuery("SELECT locale FROM accounts"
                + " WHERE actor_id = :a").bind("a", o.attributedToId()).mapTo(String.class).findOne().orElse(null)
                : null)).orElse(null);
        if (d == null) {
            delete(h, SearchDocument.Ref.object(objectId));
        } else {
            write(h, d);
        }
    }

    /**
     * Indexes an actor as stored now: a group, a remote person, or a local person whose account is active
     * (never a pending, rejected or suspended member, nor an application or service such as the instance
     * actor); else drops it. A person's organisation, job title and expertise (members) or organisation (remote,
     * from {@code actor_profiles}) are the summary; their expertise also their tags.
     */
    final void reindexActor(Handle h, long actorId) {
        h.useTransaction(t -> reindexActorLocked(t, actorId, true));
    }

    /**
     * As {@link #reindexActor}, from a migration older than V20, whose schema has no {@code actors.deleted_at} yet
     * (no actor was deleted then): a Java migration runs today's code on yesterday's tables.
     */
    final void reindexActorBeforeDeletion(Handle h, long actorId) {
        h.useTransaction(t -> reindexActorLocked(t, actorId, false));
    }

    private void reindexActorLocked(Handle h, long actorId, boolean deletion) {
        // As for objects: two threads resolving the same remote actor at once take turns on its row.
        h.createQuery("SELECT id FROM actors WHERE id = :id FOR UPDATE").bind("id", actorId).mapTo(Long.class)
                .findOne();
        var row = h.createQuery("SELECT a.actor_type, a.local, a.username, a.display_name, a.summary_html,"
                        + " a.created_at, "
                        + (deletion ? "a.deleted_at" : "CAST(NULL AS TIMESTAMP WITH TIME ZONE) AS deleted_at")
                        + ", ac.status, ac.organisation, ac.job_title, ac.expertise, p.organisation AS remote_org"
                        + " FROM actors a LEFT JOIN accounts ac ON ac.actor_id = a.id"
                        + " LEFT JOIN actor_profiles p ON p.actor_id = a.id WHERE a.id = :id")
                .bind("id", actorId).map((rs, ctx) -> java.util.Optional.ofNullable(actorDocument(actorId, rs)))
                .findOne().flatMap(x -> x);
        if (row.isEmpty()) {
            delete(h, SearchDocument.Ref.actor(actorId));
        } else {
            write(h, row.get());
        }
    }

    private static SearchDocument actorDocument(long actorId, java.sql.ResultSet rs) throws java.sql.SQLException {
        java.util.Map<String, Object> r = new java.util.HashMap<>();
        for (String c : List.of("actor_type", "username", "display_name", "summary_html", "status", "organisation",
                "job_title", "expertise", "remote_org")) {
            r.put(c, rs.getString(c));
        }
        String type = (String) r.get("actor_type");
        boolean local = rs.getBoolean("local");
        if (rs.getObject("deleted_at") != null) {
            return null; // a deleted actor is found no more (V20)
        }
        SearchType searchType;
        if ("Group".equals(type)) {
            searchType = SearchType.GROUP;
        } else if ("Person".equals(type) && (!local || "ACTIVE".equals(r.get("status")))) {
            searchType = SearchType.PERSON;
        } else {
            return null;
        }
        String title = (r.get("display_name") == null ? "" : r.get("display_name")) + " " + r.get("username");
        Set<String> tags = new LinkedHashSet<>();
        List<String> summary = new ArrayList<>();
        for (String column : List.of("organisation", "job_title", "remote_org")) {
            if (r.get(column) instanceof String s && !s.isBlank()) {
                summary.add(s);
            }
        }
        if (r.get("expertise") instanceof String e && !e.isBlank()) {
            for (String area : e.split(",")) {
                summary.add(area);
                DocumentText.tag(area.replace(' ', '_')).ifPresent(tags::add);
            }
        }
        String body = r.get("summary_html") instanceof String s ? Html.toPlainText(s, DocumentText.MAX_BODY) : "";
        return new SearchDocument(SearchDocument.Ref.actor(actorId), searchType, actorId,
                Rows.instant(rs, "created_at"), title.strip(), String.join(" ", summary), body, tags, Set.of());
    }

    // --- querying -------------------------------------------------------------------------------------------

    /** The engine's query words (already cut by {@link SearchTerms#queryWords}); empty: filters only. */
    abstract String withClause(List<String> words);

    /**
     * FROM ... (aliases: {@code d} the document) and any WHERE condition of the text match, starting with WHERE;
     * when {@code bounded}, the match is limited to the candidates from {@code :floor} on ({@link #candidateFloor}).
     */
    abstract String fromWhere(List<String> words, boolean bounded);

    /**
     * Where the ranked candidates start (a document id, bound as {@code :floor}), for an engine that ranks a
     * bounded set of a very common word's matches; null: rank every match (the default, and PostgreSQL's).
     */
    Long candidateFloor(Handle h, List<String> words) {
        return null;
    }

    /** The query counting every match (exact); by default {@code COUNT(*)} over {@link #fromWhere}. */
    String countQuery(List<String> words) {
        return withClause(words) + "SELECT COUNT(*) " + fromWhere(words, false);
    }

    /** The score of document {@code d} (or, for the cursor, of the row {@code alias}). */
    abstract String score(List<String> words, String alias);

    /** The cursor's score, a scalar subquery on the document with id {@code :before}. */
    abstract String cursorScore(List<String> words);

    abstract void bindText(Query q, List<String> words);

    /**
     * The query words in the order the engine's SQL should take them (H2: rarest first, see
     * {@link TermSearchIndex}); by default as given.
     */
    List<String> plan(Handle h, List<String> words) {
        return words;
    }

    @Override
    public List<SearchHit> search(SearchQuery query, Long afterDocumentId, int limit) {
        List<String> queryWords = SearchTerms.queryWords(query.text());
        if (nothingToFind(query, queryWords)) {
            return List.of();
        }
        return handles.with(h -> {
            List<String> words = plan(h, queryWords);
            Long floor = candidateFloor(h, words);
            String score = score(words, "d");
            StringBuilder sql = new StringBuilder(withClause(words)).append("SELECT d.id, d.doc_type, d.object_id,")
                    .append(" d.actor_id, ").append(score).append(" AS score ").append(fromWhere(words, floor != null))
                    .append(filters(query));
            if (afterDocumentId != null) {
                String cursor = cursorScore(words);
                sql.append(" AND (").append(score).append(" < ").append(cursor).append(" OR (").append(score)
                        .append(" = ").append(cursor).append(" AND (d.published_at < (SELECT c.published_at FROM")
                        .append(" search_documents c WHERE c.id = :before) OR (d.published_at = (SELECT c.published_at")
                        .append(" FROM search_documents c WHERE c.id = :before) AND d.id < :before))))");
            }
            sql.append(" ORDER BY score DESC, d.published_at DESC, d.id DESC LIMIT :l");
            Query q = h.createQuery(sql.toString()).bind("l", limit);
            bindText(q, words);
            bindFilters(q, query);
            if (afterDocumentId != null) {
                q.bind("before", afterDocumentId.longValue());
            }
            if (floor != null) {
                q.bind("floor", floor.longValue());
            }
            return q.map((rs, ctx) -> new SearchHit(rs.getLong("id"), SearchType.valueOf(rs.getString("doc_type")),
                    (Long) rs.getObject("object_id", Long.class), (Long) rs.getObject("actor_id", Long.class),
                    rs.getDouble("score"))).list();
        });
    }

    @Override
    public long count(SearchQuery query) {
        List<String> queryWords = SearchTerms.queryWords(query.text());
        if (nothingToFind(query, queryWords)) {
            return 0;
        }
        return handles.with(h -> {
            List<String> words = plan(h, queryWords);
            Query q = h.createQuery(countQuery(words) + filters(query));
            bindText(q, words);
            bindFilters(q, query);
            return q.mapTo(Long.class).one();
        });
    }

    /**
     * A text with no word in it ({@code %}, {@code !}) finds nothing, whatever the filters; an empty text lists
     * what the filters (or the types alone) select, newest first; no text and no filter at all finds nothing.
     */
    private static boolean nothingToFind(SearchQuery query, List<String> words) {
        if (words.isEmpty() && !query.text().isBlank()) {
            return true;
        }
        return words.isEmpty() && !query.hasFilters() && query.types().isEmpty();
    }

    /** The filters, each a condition on {@code d} with bound values; starts with AND (after the text's WHERE). */
    private static String filters(SearchQuery query) {
        // Nothing by an author of a blocked or silenced domain is found (V18, domains/DomainPolicy).
        StringBuilder f = new StringBuilder(" AND NOT" + JdbiDomainPolicyStore.authorLimited("d.author_id"));
        if (!query.types().isEmpty()) {
            f.append(" AND d.doc_type IN (<types>)");
        }
        if (query.country() != null) {
            f.append(" AND d.author_id IN (SELECT ac.actor_id FROM accounts ac WHERE ac.country = :country"
                    + " UNION SELECT p.actor_id FROM actor_profiles p WHERE p.country = :country)");
        }
        if (query.tag() != null) {
            f.append(" AND EXISTS (SELECT 1 FROM search_facets ft WHERE ft.document_id = d.id AND ft.facet = 'tag'"
                    + " AND ft.facet_value = :tag)");
        }
        if (query.language() != null) {
            f.append(" AND EXISTS (SELECT 1 FROM search_facets fl WHERE fl.document_id = d.id AND fl.facet = 'lang'"
                    + " AND fl.facet_value = :lang)");
        }
        if (query.from() != null) {
            f.append(" AND d.published_at >= :from");
        }
        if (query.until() != null) {
            f.append(" AND d.published_at < :until");
        }
        return f.toString();
    }

    private static void bindFilters(Query q, SearchQuery query) {
        if (!query.types().isEmpty()) {
            q.bindList("types", query.types().stream().map(SearchType::name).sorted().toList());
        }
        if (query.country() != null) {
            q.bind("country", query.country());
        }
        if (query.tag() != null) {
            q.bind("tag", query.tag());
        }
        if (query.language() != null) {
            q.bind("lang", query.language());
        }
        if (query.from() != null) {
            q.bind("from", Timestamp.from(query.from()));
        }
        if (query.until() != null) {
            q.bind("until", Timestamp.from(query.until()));
        }
    }
}
