package org.polity.server.storage.jdbi;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Copies an instance's whole database into another, empty one at the same schema version: how an instance that
 * started on H2 moves to PostgreSQL ({@code polity db copy}, docs/operations.md, "Moving from H2 to PostgreSQL").
 *
 * <p>Both ends are opened (and so migrated) by {@link JdbiStorage}, so they have the same tables. Tables are copied
 * parents first (by their foreign keys), rows in primary-key order, every column as it is, ids included; then each
 * identity sequence on the target is moved past the largest id. The search index is not copied, since the engines
 * keep it differently: it is rebuilt on the target from the copied rows. The target must be empty; the source
 * is only read. Stop the server first, so that nothing changes during the copy.
 */
public final class DatabaseCopy {
    /** Flyway's own table (each end keeps its own history) and the search index (rebuilt, not copied). */
    static final Set<String> NOT_COPIED = Set.of("flyway_schema_history", "search_documents", "search_facets",
            "search_terms");
    static final int BATCH = 500;

    private DatabaseCopy() {}

    /** What was copied: rows per table, in the order they were copied. */
    public record Result(Map<String, Long> rows, int indexedObjects, int indexedActors) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Thrown when the target already holds data; nothing was written. */
    public static final class TargetNotEmpty extends RuntimeException {
        public TargetNotEmpty(String table, long rows) {
            super("the target database is not empty: " + table + " has " + rows + " rows; copy into a new database");
        }
    }

    /** Copies every row of {@code source} into {@code target}; {@code progress} hears one line per table. */
    public static Result copy(JdbiStorage source, JdbiStorage target, Consumer<String> progress) {
        try (Connection from = source.dataSource().getConnection();
                Connection to = target.dataSource().getConnection()) {
            List<String> tables = tablesParentsFirst(from);
            for (String table : tables) {
                long n = count(to, table);
                if (n > 0) { // the migrations seed no rows, so a fresh database is empty
                    throw new TargetNotEmpty(table, n);
                }
            }
            to.setAutoCommit(false);
            try {
                Map<String, Long> copied = new LinkedHashMap<>();
                for (String table : tables) {
                    long n = copyTable(from, to, table);
                    copied.put(table, n);
                    progress.accept(table + ": " + n + " rows");
                }
                resetSequences(to, tables);
                int[] indexed = reindex(target, to); // in the same transaction (Jdbi joins it): all or nothing
                to.commit();
                progress.accept("search index rebuilt: " + indexed[0] + " objects, " + indexed[1] + " actors");
                return new Result(copied, indexed[0], indexed[1]);
            } catch (SQLException | RuntimeException e) {
                to.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("copying the database failed: " + e.getMessage(), e);
        }
    }

    /** The application's tables, each after every table it references (self-references aside). */
    static List<String> tablesParentsFirst(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Set<String> tables = new LinkedHashSet<>();
        try (ResultSet rs = meta.getTables(null, schema(c), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!NOT_COPIED.contains(name)) {
                    tables.add(name);
                }
            }
        }
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        for (String table : tables) {
            Set<String> p = new LinkedHashSet<>();
            try (ResultSet rs = meta.getImportedKeys(null, schema(c), table)) {
                while (rs.next()) {
                    String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(table) && tables.contains(parent)) {
                        p.add(parent);
                    }
                }
            }
            parents.put(table, p);
        }
        List<String> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (ordered.size() < tables.size()) {
            boolean progressed = false;
            for (String table : tables) {
                if (!done.contains(table) && done.containsAll(parents.get(table))) {
                    ordered.add(table);
                    done.add(table);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new StorageException("the tables' foreign keys form a cycle: " + parents, null);
            }
        }
        return ordered;
    }

    private static String schema(Connection c) throws SQLException {
        return c.getSchema();
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long copyTable(Connection from, Connection to, String table) throws SQLException {
        List<String> keys = primaryKey(from, table);
        String order = keys.isEmpty() ? "" : " ORDER BY " + String.join(", ", keys);
        long n = 0;
        try (Statement read = from.createStatement()) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery("SELECT * FROM " + table + order)) {
                ResultSetMetaData md = rs.getMetaData();
                int columns = md.getColumnCount();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    names.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
                }
                String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(columns, "?")) + ")";
                try (PreparedStatement write = to.prepareStatement(sql)) {
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            if (value instanceof java.sql.Blob blob) {
                                value = blob.getBytes(1, (int) blob.length());
                            } else if (value instanceof java.sql.Clob clob) {
                                value = clob.getSubString(1, (int) clob.length());
                            }
                            write.setObject(i, value);
                        }
                        write.addBatch();
                        if (++n % BATCH == 0) {
                            write.executeBatch();
                        }
                    }
                    write.executeBatch();
                }
            }
        }
        return n;
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        Map<Integer, String> columns = new java.util.TreeMap<>();
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, schema(c), table)) {
            while (rs.next()) {
                columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return new ArrayList<>(columns.values());
    }

    /** Moves each identity column's sequence past the copied ids, so the next row gets a fresh one. */
    private static void resetSequences(Connection to, List<String> tables) throws SQLException {
        boolean postgres = to.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        for (String table : tables) {
            if (!primaryKey(to, table).equals(List.of("id"))) {
                continue;
            }
            long max;
            try (Statement st = to.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(id) FROM " + table)) {
                rs.next();
                max = rs.getLong(1);
            }
            try (Statement st = to.createStatement()) {
                if (postgres) {
                    try (ResultSet rs = st.executeQuery("SELECT pg_get_serial_sequence('" + table + "', 'id')")) {
                        rs.next();
                        String sequence = rs.getString(1);
                        if (sequence != null) {
                            try (Statement set = to.createStatement()) {
                                set.execute("SELECT setval('" + sequence + "', " + Math.max(max, 1) + ", " + (max > 0)
                                        + ")");
                            }
                        }
                    }
                } else {
                    st.execute("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + (max + 1));
                }
            }
        }
    }

    /** Rebuilds the target's search index from its copied objects and actors, one transaction for all. */
    private static int[] reindex(JdbiStorage target, Connection to) throws SQLException {
        Handle h = Jdbi.open(to);
        JdbiSearchIndex index = (JdbiSearchIndex) target.stores().search();
        int[] counts = new int[2];
        h.useTransaction(t -> {
            for (long id : t.createQuery("SELECT id FROM objects WHERE deleted_at IS NULL AND visibility = 'PUBLIC'"
                    + " ORDER BY id").mapTo(Long.class).list()) {
                index.reindexObject(t, id);
                counts[0]++;
            }
            for (long id : t.createQuery("SELECT id FROM actors ORDER BY id").mapTo(Long.class).list()) {
                index.reindexActor(t, id);
                counts[1]++;
            }
        });
        return counts;
    }
}
