package org.polity.server.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.polity.server.storage.jdbi.JdbiStorage;

/**
 * The storage contract on a real PostgreSQL server, when {@code POLITY_TEST_PG_URL} (with
 * {@code POLITY_TEST_PG_USER} and {@code POLITY_TEST_PG_PASSWORD}) names one; {@code .ci/run} sets them.
 * Every test starts from an empty {@code public} schema: this database is wiped, so point it at a test database.
 */
class PostgresStorageTest extends QueuePruneStoreContract {
    static final String URL = System.getenv("POLITY_TEST_PG_URL");
    static final String USER = env("POLITY_TEST_PG_USER");
    static final String PASSWORD = env("POLITY_TEST_PG_PASSWORD");

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    static final String SKIPPED = "PostgresStorageTest skipped: POLITY_TEST_PG_URL is not set"
            + " (for example jdbc:postgresql://127.0.0.1:5432/polity_test; .ci/run sets it)";

    static boolean configured() {
        return URL != null && !URL.isBlank();
    }

    @BeforeAll
    static void sayWhenSkipped() {
        if (!configured()) {
            System.out.println(SKIPPED);
        }
    }

    @Override
    JdbiStorage openEmpty(Path tempDir) throws Exception {
        // Each test is reported as skipped (not silently absent) when there is no server to run on.
        Assumptions.assumeTrue(configured(), SKIPPED);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        return JdbiStorage.open(URL, USER, PASSWORD);
    }
}
