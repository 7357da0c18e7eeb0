package org.polity.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.storage.jdbi.JdbiStorage;

/**
 * The test rig's databases: H2 in the data directory by default; in the PostgreSQL pass a schema per data
 * directory, the same one again for the same directory (a restart), another for another, and dropped once its
 * directory is gone.
 */
class TestDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void aDataDirectoryKeepsItsDatabaseAndAnotherHasItsOwn() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        try (JdbiStorage first = TestDatabase.open(a)) {
            first.stores().settings().insertIfAbsent("who", "a");
        }
        try (JdbiStorage again = TestDatabase.open(a); JdbiStorage other = TestDatabase.open(b)) {
            assertThat(again.stores().settings().find("who")).as("the same directory, the same rows").contains("a");
            assertThat(other.stores().settings().find("who")).as("another directory starts empty").isEmpty();
        }
        if (!TestDatabase.POSTGRES) {
            assertThat(TestDatabase.env(a)).as("H2: no settings, the server's default").isEmpty();
            assertThat(TestDatabase.jdbc(a).url()).isEqualTo(JdbiStorage.h2Url(a));
            return;
        }
        String schemaA = TestDatabase.schemaFor(a.toAbsolutePath().normalize());
        assertThat(TestDatabase.env(a).get("POLITY_DB_URL")).endsWith("currentSchema=" + schemaA);
        assertThat(TestDatabase.env(b)).isNotEqualTo(TestDatabase.env(a));
        assertThat(exists(schemaA)).isTrue();

        // Gone with its directory: the next new directory's start sweeps it.
        Files.walk(a).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        TestDatabase.env(dir.resolve("c"));
        assertThat(exists(schemaA)).as("dropped once its directory is gone").isFalse();
        assertThat(exists(TestDatabase.schemaFor(b.toAbsolutePath().normalize()))).as("b is still there").isTrue();
    }

    private static boolean exists(String schema) throws Exception {
        try (Connection c = DriverManager.getConnection(System.getenv("POLITY_TEST_PG_URL"),
                System.getenv("POLITY_TEST_PG_USER"), System.getenv("POLITY_TEST_PG_PASSWORD"));
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
