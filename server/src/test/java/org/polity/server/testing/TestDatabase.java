package org.polity.server.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.polity.server.storage.jdbi.JdbiStorage;

/**
 * The database a test's instance runs on: its {@code POLITY_DB_*} settings for a data directory.
 *
 * <p>By default it is H2 in the data directory, as for a server with no {@code db.url}: the settings are empty.
 * With {@code -Dpolity.test.storage=postgres} (the {@code postgres} surefire execution in {@code server/pom.xml}
 * sets it when {@code POLITY_TEST_PG_URL} is set), every data directory has a schema of its own in the PostgreSQL
 * database {@code POLITY_TEST_PG_URL} names (with {@code POLITY_TEST_PG_USER} and {@code POLITY_TEST_PG_PASSWORD}):
 * {@code polity_t_<hash of the directory's path>}, chosen by the URL's {@code currentSchema}. Keyed on the
 * directory, an instance stopped and started again on it (the restart tests) finds its data again, as it would
 * in the H2 file there; a directory this JVM has not seen before gets an empty schema.
 *
 * <p>A schema is dropped once its data directory is gone (JUnit deletes a {@code @TempDir} after its test; the
 * next instance's start sweeps them), the rest when the JVM exits. Schema names carry the run (JVM) that made
 * them, which holds an advisory lock on its number while it lives: the first start of a run also drops the
 * schemas of runs whose lock is free (killed before their exit hook), never those of a run still going.
 */
public final class TestDatabase {
    /** The system property that chooses the engine: {@code postgres}, or anything else (absent) for H2. */
    public static final String PROPERTY = "polity.test.storage";
    public static final boolean POSTGRES = "postgres".equalsIgnoreCase(System.getProperty(PROPERTY, ""));

    /** Settings that keep an instance on H2 in its data directory whatever the engine (an empty {@code db.url}). */
    public static final Map<String, String> H2 = Map.of("POLITY_DB_URL", "");

    static final String PREFIX = "polity_t_";
    /** The advisory lock class of the runs' locks (the other key is the run's number). */
    static final int LOCK_CLASS = 0x706f6c74;
    /** This run's number, in its schemas' names. */
    static final int RUN = new java.security.SecureRandom().nextInt() & 0x7fffffff;
    /** Holds this run's advisory lock while the JVM lives. */
    private static Connection runLock;

    /** The schemas this JVM made, by data directory. */
    private static final Map<Path, String> schemas = new LinkedHashMap<>();
    private static boolean swept;

    private TestDatabase() {}

    /** A readable name for the engine, for messages: {@code postgresql} or {@code h2}. */
    public static String engine() {
        return POSTGRES ? "postgresql" : "h2";
    }

    /**
     * The {@code POLITY_DB_*} settings of the database for {@code dataDir}: none (H2 there), or on PostgreSQL its
     * schema, created empty the first time this JVM sees the directory.
     */
    public static synchronized Map<String, String> env(Path dataDir) {
        if (!POSTGRES) {
            return Map.of();
        }
        Path key = dataDir.toAbsolutePath().normalize();
        String schema = schemas.get(key);
        if (schema == null) {
            schema = schemaFor(key);
            try {
                // As H2 would: the directory exists once its database does (and only a gone one is swept).
                Files.createDirectories(key);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            try (Connection c = admin(); Statement s = c.createStatement()) {
                if (!swept) {
                    runLock = admin();
                    try (Statement lock = runLock.createStatement()) {
                        lock.execute("SELECT pg_advisory_lock(" + LOCK_CLASS + ", " + RUN + ")");
                    }
                    dropLeftovers(s);
                    swept = true;
                    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll, "test-schemas-drop"));
                }
                dropGone(s);
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the test schema " + schema + " on " + url() + ": "
                        + e.getMessage(), e);
            }
            schemas.put(key, schema);
        }
        return Map.of("POLITY_DB_URL", withSchema(url(), schema), "POLITY_DB_USER", user(), "POLITY_DB_PASSWORD",
                password());
    }

    /** A database's JDBC coordinates. */
    public record Jdbc(String url, String user, String password) {
        /** A plain (unpooled, unmigrated) data source on it, for tests that prepare older schemas by hand. */
        public javax.sql.DataSource dataSource() {
            if (url.startsWith("jdbc:h2:")) {
                org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
                h2.setURL(url);
                return h2;
            }
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(user);
            pg.setPassword(password);
            return pg;
        }

        /** Opens (and migrates) it as the server does. */
        public JdbiStorage open() {
            return JdbiStorage.open(url, user, password);
        }
    }

    /** The database an instance on {@code dataDir} uses: its H2 file there, or its PostgreSQL schema. */
    public static Jdbc jdbc(Path dataDir) {
        Map<String, String> env = env(dataDir);
        if (env.isEmpty()) {
            return new Jdbc(JdbiStorage.h2Url(dataDir), "", "");
        }
        return new Jdbc(env.get("POLITY_DB_URL"), env.get("POLITY_DB_USER"), env.get("POLITY_DB_PASSWORD"));
    }

    /**
     * Opens the database an instance on {@code dataDir} uses (while that instance is stopped), as the tests that
     * change stored rows between a stop and a start do.
     */
    public static JdbiStorage open(Path dataDir) {
        return jdbc(dataDir).open();
    }

    /**
     * Skips the calling test on PostgreSQL, with {@code why} printed: for the few tests about H2 itself (its file
     * in the data directory, its own recovery), which the H2 pass runs.
     */
    public static void assumeH2(String why) {
        if (POSTGRES) {
            String message = "skipped on PostgreSQL (the H2 pass runs it): " + why;
            System.out.println(message);
            Assumptions.abort(message);
        }
    }

    /**
     * The same settings as {@code db.*} lines of a {@code polity.properties} (none on H2), for the command-line
     * tests that write one.
     */
    public static String properties(Path dataDir) {
        Map<String, String> env = env(dataDir);
        if (env.isEmpty()) {
            return "";
        }
        return "db.url=" + env.get("POLITY_DB_URL") + "\ndb.user=" + env.get("POLITY_DB_USER") + "\ndb.password="
                + env.get("POLITY_DB_PASSWORD") + "\n";
    }

    static String schemaFor(Path dataDir) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(dataDir.toString().getBytes(StandardCharsets.UTF_8));
            return PREFIX + Integer.toHexString(RUN) + "_" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code url} with {@code currentSchema=schema} added to its parameters. */
    static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static String url() {
        String url = System.getenv("POLITY_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("-D" + PROPERTY + "=postgres needs POLITY_TEST_PG_URL (with"
                    + " POLITY_TEST_PG_USER and POLITY_TEST_PG_PASSWORD), for example"
                    + " jdbc:postgresql://127.0.0.1:5432/polity_test");
        }
        return url.trim();
    }

    private static String user() {
        String user = System.getenv("POLITY_TEST_PG_USER");
        return user == null ? "" : user;
    }

    private static String password() {
        String password = System.getenv("POLITY_TEST_PG_PASSWORD");
        return password == null ? "" : password;
    }

    private static Connection admin() throws SQLException {
        Connection c = DriverManager.getConnection(url(), user(), password());
        try (Statement s = c.createStatement()) {
            // A schema an instance that was never closed still uses is left for the exit hook, not waited on.
            s.execute("SET lock_timeout = '5s'");
        }
        return c;
    }

    /** Drops the schemas of the data directories that no longer exist. */
    private static void dropGone(Statement s) {
        for (var it = schemas.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            if (!Files.exists(entry.getKey()) && drop(s, entry.getValue())) {
                it.remove();
            }
        }
    }

    /** Drops the schemas of the runs that ended without dropping theirs (their advisory lock is free). */
    private static void dropLeftovers(Statement s) throws SQLException {
        List<String> left = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'polity\\_t\\_%'")) {
            while (rs.next()) {
                left.add(rs.getString(1));
            }
        }
        for (String schema : left) {
            String[] parts = schema.substring(PREFIX.length()).split("_");
            int run;
            try {
                run = Integer.parseUnsignedInt(parts[0], 16);
            } catch (NumberFormatException e) {
                continue; // not one of ours
            }
            boolean ended;
            try (ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + run + ")")) {
                ended = rs.next() && rs.getBoolean(1);
            }
            if (ended) {
                drop(s, schema);
                s.execute("SELECT pg_advisory_unlock(" + LOCK_CLASS + ", " + run + ")");
            }
        }
    }

    private static boolean drop(Statement s, String schema) {
        try {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            return true;
        } catch (SQLException e) {
            System.err.println("could not drop the test schema " + schema + " (yet): " + e.getMessage());
            return false;
        }
    }

    private static synchronized void dropAll() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String schema : schemas.values()) {
                drop(s, schema);
            }
            schemas.clear();
        } catch (SQLException e) {
            System.err.println("could not drop the test schemas: " + e.getMessage());
        }
    }
}
