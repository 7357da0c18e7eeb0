package org.polity.server.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objects stored before the search index existed are found once the database is migrated: V9 indexed them
 * in {@code object_terms}, and V12 builds {@code search_documents} from them as the object store does from then on: on H2 always, and on
 * PostgreSQL when {@code POLITY_TEST_PG_URL} names a test database (its {@code public} schema is wiped, as
 * PostgresStorageTest does).
 */
class SearchTermsMigrationTest {
    @Test
    void objectsStoredBeforeVersion9CanBeSearchedOnH2(@TempDir Path dir) throws Exception {
        String url = JdbiStorage.h2Url(dir);
        org.h2.jdbcx.JdbcDataSource raw = new org.h2.jdbcx.JdbcDataSource();
        raw.setURL(url);
        migrateAndSearch(raw, url, "", "");
    }

    @Test
    void objectsStoredBeforeVersion9CanBeSearchedOnPostgres() throws Exception {
        String url = System.getenv("POLITY_TEST_PG_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(url != null && !url.isBlank(), "POLITY_TEST_PG_URL is not set");
        String user = System.getenv().getOrDefault("POLITY_TEST_PG_USER", "");
        String password = System.getenv().getOrDefault("POLITY_TEST_PG_PASSWORD", "");
        org.postgresql.ds.PGSimpleDataSource raw = new org.postgresql.ds.PGSimpleDataSource();
        raw.setURL(url);
        raw.setUser(user);
        raw.setPassword(password);
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        migrateAndSearch(raw, url, user, password);
    }

    private static void migrateAndSearch(javax.sql.DataSource raw, String url, String user, String password)
            throws Exception {
        Flyway.configure().dataSource(raw).locations("classpath:db/migration").target("8").load().migrate();
        try (Connection c = raw.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO actors (id, uri, actor_type, username, domain, local, public_key_id,"
                    + " public_key_pem, created_at, updated_at) VALUES (1, 'https://a.example/users/a', 'Person', 'a',"
                    + " 'a.example', FALSE, 'k', 'pem', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            insert(c, "named", "Solar Panels", "<p>x</p>", "{}", null);
            insert(c, "summary", null, "<p>y</p>", "{\"summary\":\"<b>solar</b> roofs\"}", null);
            insert(c, "content", null, "<p>On <i>solar</i> power</p>", "not json", null);
            insert(c, "deleted", "Solar", "<p>solar</p>", "{}", "CURRENT_TIMESTAMP");
        }
        try (JdbiStorage storage = JdbiStorage.open(url, user, password)) {
            var index = storage.stores().search();
            var objects = storage.stores().objects();
            java.util.function.Function<String, java.util.List<String>> found = q -> index.search(
                    org.polity.server.search.SearchQuery.text(q), null, 10).stream()
                    .map(h -> objects.findObjectById(h.objectId()).orElseThrow().uri()).toList();
            assertThat(found.apply("solar")).containsExactly("https://a.example/o/named", "https://a.example/o/summary",
                            "https://a.example/o/content");
            assertThat(found.apply("roof")).containsExactly("https://a.example/o/summary");
        }
    }

    private static void insert(Connection c, String id, String name, String html, String payload, String deleted)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO objects (uri, object_type, attributed_to_id, local,"
                + " name, content_html, visibility, published_at, deleted_at, payload) VALUES (?, 'Note', 1, FALSE, ?, ?,"
                + " 'PUBLIC', CURRENT_TIMESTAMP, " + (deleted == null ? "NULL" : deleted) + ", ?)")) {
            ps.setString(1, "https://a.example/o/" + id);
            ps.setString(2, name);
            ps.setString(3, html);
            ps.setString(4, payload);
            ps.execute();
        }
    }
}
