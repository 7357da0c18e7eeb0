package org.polity.server.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.search.SearchDocument;
import org.polity.server.search.SearchIndex;
import org.polity.server.search.SearchQuery;
import org.polity.server.search.SearchType;
import org.polity.server.storage.jdbi.JdbiStorage;
import org.polity.server.storage.jdbi.SearchBenchSupport;

/**
 * A benchmark, not a test: run only by {@code scripts/bench-search} ({@code -Dbench.search=N}). N generated
 * public objects (titles of 3 to 8 words, bodies of 30 to 80, from a vocabulary of 20,000 words with a Zipf-like
 * spread, a tenth with a French {@code contentMap}, two tags each) on H2 and, when {@code POLITY_TEST_PG_URL}
 * is set, on PostgreSQL. For each engine: the time to write the index through the store's path (1,000 documents
 * per transaction), then p50/p95 of a results page (20 hits and the count, as {@code GET /search} asks) for a
 * common word, a rare word, two words and a word with a filter; against the baseline in the same run: on
 * PostgreSQL the word table (H2's implementation) over the same documents, on H2 H2's own full-text index
 * ({@code org.h2.fulltext.FullText}, unranked, whole words).
 */
class SearchBench {
    @TempDir
    Path dir;

    static final String[] QUERIES = {"common", "rare", "two words", "common + type=challenge"};

    @Test
    void search() throws Exception {
        String setting = System.getProperty("bench.search", "");
        Assumptions.assumeFalse(setting.isBlank(), "a benchmark: run scripts/bench-search");
        int n = Integer.parseInt(setting);
        int runs = Integer.parseInt(System.getProperty("bench.runs", "40"));
        Dataset data = new Dataset(n);
        // -Dbench.engines=h2 or =postgresql runs one engine only (both by default)
        String engines = System.getProperty("bench.engines", "h2,postgresql");
        if (engines.contains("h2")) {
            run("h2", JdbiStorage.h2Url(dir.resolve("h2")), "", "", data, runs);
        }
        String pg = System.getenv("POLITY_TEST_PG_URL");
        if (!engines.contains("postgresql")) {
            return;
        }
        if (pg != null && !pg.isBlank()) {
            String user = System.getenv().getOrDefault("POLITY_TEST_PG_USER", "");
            String password = System.getenv().getOrDefault("POLITY_TEST_PG_PASSWORD", "");
            try (Connection c = DriverManager.getConnection(pg, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS public CASCADE");
                s.execute("CREATE SCHEMA public");
            }
            run("postgresql", pg, user, password, data, runs);
        } else {
            System.out.println("BENCH postgresql skipped: POLITY_TEST_PG_URL is not set");
        }
    }

    /**
     * Queries only, on an H2 file an earlier run left ({@code -Dbench.h2file=/path/polity}, without
     * {@code .mv.db}), with H2's reuse of an unchanged query's earlier result switched off
     * ({@code OPTIMIZE_REUSE_RESULTS=FALSE}): repeated identical queries otherwise answer from that cache and
     * time nothing but it.
     */
    @Test
    void queryAnExistingH2File() {
        String file = System.getProperty("bench.h2file", "");
        Assumptions.assumeFalse(file.isBlank(), "a benchmark: run scripts/bench-search");
        int runs = Integer.parseInt(System.getProperty("bench.runs", "20"));
        String url = "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";OPTIMIZE_REUSE_RESULTS=FALSE";
        try (JdbiStorage storage = JdbiStorage.open(url, "", "")) {
            report("h2", "word table, result reuse off", storage.stores().search(), new Dataset(0), runs);
        }
        // the same run's baseline: every match ranked (no bound on a common word's rows), the same exact count
        try (SearchBenchSupport exact = new SearchBenchSupport(url, "", "", Integer.MAX_VALUE)) {
            report("h2", "baseline: every match ranked", exact.termIndex(), new Dataset(0), runs);
        }
    }

    /**
     * Builds an H2 file of {@code -Dbench.bulk=N} search documents fast ({@code -Dbench.h2file=/path/polity}):
     * the schema through the migrations, then plain JDBC batches straight into {@code search_documents},
     * {@code search_facets} and {@code search_terms} (the same generated text, tags and languages as
     * {@link #search}, the terms as the index computes them), not through the store's path; then ANALYZE.
     * {@link #queryAnExistingH2File} times the queries on it.
     */
    @Test
    void bulkH2File() throws Exception {
        String setting = System.getProperty("bench.bulk", "");
        String file = System.getProperty("bench.h2file", "");
        Assumptions.assumeFalse(setting.isBlank() || file.isBlank(), "a benchmark: run scripts/bench-search");
        int n = Integer.parseInt(setting);
        String url = "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        long t0 = System.nanoTime();
        try (JdbiStorage storage = JdbiStorage.open(url, "", "")) {
            // the schema only
        }
        Dataset data = new Dataset(n);
        try (Connection c = DriverManager.getConnection(url, "", "")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO actors (id, uri, actor_type, username, domain, local, public_key_id,"
                        + " public_key_pem, created_at, updated_at) VALUES (" + data.authorId + ", 'https://bench.example/a',"
                        + " 'Person', 'bench', 'bench.example', FALSE, 'k', 'pem', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            Random r = new Random(42);
            Random tr = new Random(99);
            Instant t = Instant.parse("2024-01-01T00:00:00Z");
            long terms = 0;
            try (PreparedStatement doc = c.prepareStatement("INSERT INTO search_documents (id, doc_type, author_id,"
                            + " published_at) VALUES (?, ?, ?, ?)");
                    PreparedStatement facet = c.prepareStatement("INSERT INTO search_facets (document_id, facet,"
                            + " facet_value) VALUES (?, ?, ?)");
                    PreparedStatement term = c.prepareStatement("INSERT INTO search_terms (document_id, term, weight)"
                            + " VALUES (?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    long id = i + 1;
                    String title = data.words(r, 3, 8);
                    String body = data.words(r, 30, 80);
                    boolean french = tr.nextInt(10) == 0;
                    Set<String> tags = new java.util.TreeSet<>(List.of(data.vocabulary[tr.nextInt(50)],
                            data.vocabulary[50 + tr.nextInt(500)]));
                    if (french) {
                        body = body + " " + data.words(tr, 20, 40);
                    }
                    doc.setLong(1, id);
                    doc.setString(2, i % 10 == 0 ? "CHALLENGE" : "THREAD");
                    doc.setLong(3, data.authorId);
                    doc.setTimestamp(4, Timestamp.from(t.plusSeconds(i * 60L)));
                    doc.addBatch();
                    for (String tag : tags) {
                        facet.setLong(1, id);
                        facet.setString(2, "tag");
                        facet.setString(3, tag);
                        facet.addBatch();
                    }
                    if (french) {
                        facet.setLong(1, id);
                        facet.setString(2, "lang");
                        facet.setString(3, "fr");
                        facet.addBatch();
                    }
                    for (var e : SearchBenchSupport.documentTerms(title, String.join(" ", tags), body).entrySet()) {
                        term.setLong(1, id);
                        term.setString(2, e.getKey());
                        term.setInt(3, e.getValue());
                        term.addBatch();
                        terms++;
                    }
                    if (i % 1000 == 999 || i == n - 1) {
                        doc.executeBatch();
                        facet.executeBatch();
                        term.executeBatch();
                        c.commit();
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE search_documents ALTER COLUMN id RESTART WITH " + (n + 1));
                st.execute("ANALYZE");
            }
            c.commit();
            System.out.printf("BENCH h2: bulk file of %d documents, %d term rows, built in %d ms%n", n, terms,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private void run(String engine, String url, String user, String password, Dataset data, int runs)
            throws Exception {
        try (JdbiStorage storage = JdbiStorage.open(url, user, password);
                Connection raw = DriverManager.getConnection(url, user, password);
                SearchBenchSupport support = new SearchBenchSupport(url, user, password)) {
            long t0 = System.nanoTime();
            data.insertObjects(raw);
            long objectsMs = (System.nanoTime() - t0) / 1_000_000;
            List<SearchDocument> docs = data.documents(raw);
            t0 = System.nanoTime();
            for (int from = 0; from < docs.size(); from += 1000) {
                List<SearchDocument> batch = docs.subList(from, Math.min(docs.size(), from + 1000));
                storage.transaction(tx -> {
                    batch.forEach(tx.search()::index);
                    return null;
                });
            }
            long indexMs = (System.nanoTime() - t0) / 1_000_000;
            analyze(raw, engine);
            System.out.printf("BENCH %s: %d objects inserted in %d ms; index (%s) written in %d ms%n", engine,
                    docs.size(), objectsMs, engine.equals("h2") ? "word table" : "tsvector + GIN", indexMs);
            SearchIndex index = storage.stores().search();
            report(engine, engine.equals("h2") ? "word table (the implementation)" : "tsvector + GIN (the implementation)",
                    index, data, runs);
            if (engine.equals("postgresql")) {
                Map<Long, Long> ids = new HashMap<>();
                try (Statement st = raw.createStatement();
                        ResultSet rs = st.executeQuery("SELECT id, object_id FROM search_documents")) {
                    while (rs.next()) {
                        ids.put(rs.getLong(2), rs.getLong(1));
                    }
                }
                t0 = System.nanoTime();
                for (int from = 0; from < docs.size(); from += 1000) {
                    support.writeTerms(ids, docs.subList(from, Math.min(docs.size(), from + 1000)));
                }
                System.out.printf("BENCH %s: baseline word table written in %d ms%n", engine,
                        (System.nanoTime() - t0) / 1_000_000);
                analyze(raw, engine);
                report(engine, "word table (baseline)", support.termIndex(), data, runs);
            } else {
                h2FullText(raw, docs, data, runs);
            }
        }
    }

    private static void analyze(Connection raw, String engine) throws Exception {
        try (Statement st = raw.createStatement()) {
            st.execute(engine.equals("h2") ? "ANALYZE" : "ANALYZE");
        }
    }

    private static void report(String engine, String what, SearchIndex index, Dataset data, int runs) {
        Map<String, SearchQuery> queries = new LinkedHashMap<>();
        queries.put("common word \"" + data.common + "\"", SearchQuery.text(data.common).withTypes(SearchQuery.POSTS));
        queries.put("rare word \"" + data.rare + "\"", SearchQuery.text(data.rare).withTypes(SearchQuery.POSTS));
        queries.put("two words \"" + data.pair + "\"", SearchQuery.text(data.pair).withTypes(SearchQuery.POSTS));
        queries.put("common word, type=challenge", SearchQuery.text(data.common)
                .withTypes(Set.of(SearchType.CHALLENGE)));
        queries.put("common word, lang=fr", new SearchQuery(data.common, SearchQuery.POSTS, null, null, "fr", null,
                null));
        for (var q : queries.entrySet()) {
            long[] hits = new long[1];
            double[] ms = time(runs, () -> {
                hits[0] = index.count(q.getValue());
                return index.search(q.getValue(), null, 21).size();
            });
            System.out.printf("BENCH %s | %s | %s | %d matches | p50 %.1f ms | p95 %.1f ms%n", engine, what, q.getKey(),
                    hits[0], ms[0], ms[1]);
        }
    }

    /** H2's own full-text index over the same text: build time and the same words (unranked, whole words). */
    private static void h2FullText(Connection raw, List<SearchDocument> docs, Dataset data, int runs) throws Exception {
        try (Statement st = raw.createStatement()) {
            st.execute("CREATE TABLE bench_ft (id BIGINT PRIMARY KEY, title VARCHAR, summary VARCHAR, body VARCHAR)");
            try (PreparedStatement ps = raw.prepareStatement("INSERT INTO bench_ft VALUES (?, ?, ?, ?)")) {
                for (SearchDocument d : docs) {
                    ps.setLong(1, d.ref().objectId());
                    ps.setString(2, d.title());
                    ps.setString(3, d.summary());
                    ps.setString(4, d.body());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            long t0 = System.nanoTime();
            st.execute("CREATE ALIAS IF NOT EXISTS FT_INIT FOR 'org.h2.fulltext.FullText.init'");
            st.execute("CALL FT_INIT()");
            st.execute("CALL FT_CREATE_INDEX('public', 'bench_ft', NULL)");
            System.out.printf("BENCH h2: H2 FullText index (FT_CREATE_INDEX) built in %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
        }
        for (String[] q : new String[][] {{"common word \"" + data.common + "\"", data.common},
                {"rare word \"" + data.rare + "\"", data.rare}, {"two words \"" + data.pair + "\"", data.pair}}) {
            long[] hits = new long[1];
            double[] ms = time(runs, () -> {
                try (PreparedStatement count = raw.prepareStatement("SELECT COUNT(*) FROM FT_SEARCH_DATA(?, 0, 0)");
                        PreparedStatement page = raw.prepareStatement("SELECT * FROM FT_SEARCH_DATA(?, 21, 0)")) {
                    count.setString(1, q[1]);
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        hits[0] = rs.getLong(1);
                    }
                    page.setString(1, q[1]);
                    int rows = 0;
                    try (ResultSet rs = page.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                        }
                    }
                    return rows;
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            System.out.printf("BENCH h2 | H2 FullText (baseline, unranked) | %s | %d matches | p50 %.1f ms | p95 %.1f ms%n",
                    q[0], hits[0], ms[0], ms[1]);
        }
    }

    /** p50 and p95 in milliseconds of {@code runs} calls, after 3 warm-up calls. */
    static double[] time(int runs, Supplier<Integer> call) {
        for (int i = 0; i < 3; i++) {
            call.get();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return new double[] {ms[(int) Math.floor(runs * 0.5)], ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.95) - 1)]};
    }

    /** The generated objects (seeded, so every run and engine gets the same). */
    static final class Dataset {
        final int n;
        final String[] vocabulary = new String[20_000];
        final String common;
        final String rare;
        final String pair;
        final Random random = new Random(42);
        final long authorId = 1;

        Dataset(int n) {
            this.n = n;
            Random r = new Random(7);
            for (int i = 0; i < vocabulary.length; i++) {
                StringBuilder w = new StringBuilder();
                int len = 4 + r.nextInt(7);
                for (int j = 0; j < len; j++) {
                    w.append((char) ('a' + r.nextInt(26)));
                }
                vocabulary[i] = w.toString() + i;
            }
            common = vocabulary[0];
            rare = vocabulary[19_990];
            pair = vocabulary[3] + " " + vocabulary[40];
        }

        /** A word, Zipf-like: index ~ 20000^u. */
        String word(Random r) {
            int i = (int) Math.floor(Math.pow(vocabulary.length, r.nextDouble())) - 1;
            return vocabulary[Math.max(0, Math.min(vocabulary.length - 1, i))];
        }

        String words(Random r, int min, int max) {
            int count = min + r.nextInt(max - min + 1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < count; i++) {
                b.append(i == 0 ? "" : " ").append(word(r));
            }
            return b.toString();
        }

        void insertObjects(Connection c) throws Exception {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO actors (id, uri, actor_type, username, domain, local, public_key_id,"
                        + " public_key_pem, created_at, updated_at) VALUES (" + authorId + ", 'https://bench.example/a',"
                        + " 'Person', 'bench', 'bench.example', FALSE, 'k', 'pem', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            Random r = new Random(42);
            Instant t = Instant.parse("2024-01-01T00:00:00Z");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO objects (uri, object_type, attributed_to_id,"
                    + " local, name, content_html, visibility, published_at, payload, kind) VALUES (?, ?, ?, FALSE, ?, ?,"
                    + " 'PUBLIC', ?, '{}', ?)")) {
                for (int i = 0; i < n; i++) {
                    int kind = i % 10;
                    ps.setString(1, "https://bench.example/o/" + i);
                    ps.setString(2, kind == 0 ? "Article" : "Page");
                    ps.setLong(3, authorId);
                    ps.setString(4, words(r, 3, 8));
                    ps.setString(5, "<p>" + words(r, 30, 80) + "</p>");
                    ps.setTimestamp(6, Timestamp.from(t.plusSeconds(i * 60L)));
                    ps.setString(7, kind == 0 ? "CHALLENGE" : null);
                    ps.addBatch();
                    if (i % 1000 == 999) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
        }

        /** The documents of the stored objects, as DocumentText makes them, plus a French translation for a tenth. */
        List<SearchDocument> documents(Connection c) throws Exception {
            List<SearchDocument> out = new ArrayList<>(n);
            Random r = new Random(99);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT id, name, content_html, published_at, kind FROM objects"
                            + " ORDER BY id")) {
                while (rs.next()) {
                    boolean french = r.nextInt(10) == 0;
                    String body = rs.getString(3).replace("<p>", "").replace("</p>", "");
                    Set<String> tags = Set.of(vocabulary[r.nextInt(50)], vocabulary[50 + r.nextInt(500)]);
                    out.add(new SearchDocument(SearchDocument.Ref.object(rs.getLong(1)),
                            rs.getString(5) != null ? SearchType.CHALLENGE : SearchType.THREAD, authorId,
                            rs.getTimestamp(4).toInstant(), rs.getString(2), String.join(" ", tags),
                            french ? body + " " + words(r, 20, 40) : body, tags, french ? Set.of("fr") : Set.of()));
                }
            }
            return out;
        }
    }
}
