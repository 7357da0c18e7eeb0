package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.cli.PolityCommand;
import org.polity.server.model.Actor;
import org.polity.server.testing.TestDatabase;
import org.polity.server.testing.TestInstance;

/**
 * Moving an instance from H2 to PostgreSQL as an operator does: the instance runs on H2 and stops, {@code polity db
 * copy} copies it into an empty PostgreSQL database (every row of every table), and the instance starts on
 * PostgreSQL with the same data directory and keyset: its members log in, their posts are found by search (the
 * index is rebuilt), follows hold, and new rows get fresh ids. A second copy into the now full database is
 * refused and changes nothing. Needs {@code POLITY_TEST_PG_URL} (as {@link PostgresStorageTest}); the database
 * is emptied first.
 */
class DatabaseCopyTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run copy(Path config, String password) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = PolityCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            int code = cl.execute("--config", config.toString(), "db", "copy", "--to-url", PostgresStorageTest.URL,
                    "--to-user", PostgresStorageTest.USER, "--to-password-stdin");
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(stdin);
        }
    }

    static Map<String, Long> counts(Connection c) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (String table : new String[] {"accounts", "actors", "actor_keys", "objects", "activities", "follows",
                "audit_log", "instance_settings", "group_settings", "web_sessions"}) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                out.put(table, rs.getLong(1));
            }
        }
        return out;
    }

    @Test
    void anInstanceMovesFromH2ToPostgresqlWithEverything() throws Exception {
        Assumptions.assumeTrue(PostgresStorageTest.configured(), PostgresStorageTest.SKIPPED);
        // H2 to PostgreSQL whatever the pass: the PostgreSQL pass would only run it again the same.
        TestDatabase.assumeH2("DatabaseCopyTest copies an H2 instance into PostgreSQL in either pass");
        try (Connection c = DriverManager.getConnection(PostgresStorageTest.URL, PostgresStorageTest.USER,
                PostgresStorageTest.PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        Path data = dir.resolve("data");
        String note;
        Map<String, Long> before;
        int port;
        String base;
        try (TestInstance h2 = TestInstance.start(data, TestDatabase.H2)) {
            port = h2.server().port();
            base = h2.server().baseUrl().toString(); // the actors' ids: the moved instance keeps its address
            Actor ana = h2.member("ana");
            h2.member("ben");
            assertThat(h2.loggedIn("ben").submit("/profiles/" + ana.id(), "/follows", Map.of()).statusCode())
                    .isEqualTo(303);
            note = h2.post(ana, "Smart meters for the heliograph programme", null, null);
            try (Connection c = ((org.polity.server.storage.jdbi.JdbiStorage) h2.server().polity().storage())
                    .dataSource().getConnection()) {
                before = counts(c);
            }
        }
        Path config = dir.resolve("polity.properties");
        Files.writeString(config, "data.dir=" + data.toString().replace("\\", "/") + "\n");

        Run run = copy(config, PostgresStorageTest.PASSWORD);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("actors: ").contains("search index rebuilt").contains("Now set POLITY_DB_URL=");
        try (Connection c = DriverManager.getConnection(PostgresStorageTest.URL, PostgresStorageTest.USER,
                PostgresStorageTest.PASSWORD)) {
            assertThat(counts(c)).isEqualTo(before);
            assertThat(before.get("objects")).isPositive();
        }

        try (TestInstance pg = TestInstance.start(data, Map.of("POLITY_DB_URL", PostgresStorageTest.URL,
                "POLITY_DB_USER", PostgresStorageTest.USER, "POLITY_DB_PASSWORD", PostgresStorageTest.PASSWORD,
                "POLITY_PORT", Integer.toString(port), "POLITY_BASE_URL", base))) {
            assertThat(pg.get("/healthz", "application/json").body()).contains("postgresql");
            TestInstance.Browser ben = pg.loggedIn("ben");
            assertThat(ben.page("/home").text()).contains("Smart meters for the heliograph programme");
            assertThat(ben.page("/search?q=heliograph").text()).contains("Smart meters for the heliograph programme");
            assertThat(pg.get(java.net.URI.create(note).getPath(), "application/activity+json").statusCode())
                    .isEqualTo(200);
            // The sequences moved past the copied ids: new rows are stored.
            Actor cy = pg.member("cy");
            assertThat(cy.id()).isGreaterThan(before.get("actors"));
            pg.post(cy, "A first post after the move", null, null);
        }

        // Again into the database that now holds the instance: refused, nothing changes.
        Map<String, Long> after;
        try (Connection c = DriverManager.getConnection(PostgresStorageTest.URL, PostgresStorageTest.USER,
                PostgresStorageTest.PASSWORD)) {
            after = counts(c);
        }
        Run again = copy(config, PostgresStorageTest.PASSWORD);
        assertThat(again.code()).isEqualTo(PolityCommand.REFUSED);
        assertThat(again.err()).contains("the target database is not empty");
        try (Connection c = DriverManager.getConnection(PostgresStorageTest.URL, PostgresStorageTest.USER,
                PostgresStorageTest.PASSWORD)) {
            assertThat(counts(c)).isEqualTo(after);
        }
    }
}
