package org.polity.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's only look into the server's database: counting the inbox rows of a run (H2 is opened
 * {@code AUTO_SERVER=TRUE} by the server, so a second process may connect) and the reads bench's bulk copy of
 * stored objects.
 */
public final class Db implements AutoCloseable {
    private final Connection c;

    public Db(String url, String user, String password) throws SQLException {
        this.c = DriverManager.getConnection(url, user, password);
    }

    /** inbox_items of the activities whose id contains {@code marker}, by state. */
    public Map<String, Long> inboxStates(String marker) throws SQLException {
        Map<String, Long> states = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT state, COUNT(*) FROM inbox_items WHERE activity_uri LIKE ? GROUP BY state ORDER BY state")) {
            ps.setString(1, "%" + marker + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return states;
    }

    public long count(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public int update(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    /**
     * Copies {@code copies} times every row of {@code table} whose {@code key} column is in {@code bench_seed(uri)}:
     * each copy's text columns have the key replaced by {@code key || '/c' || n}, so the copy of an object has its
     * own uri (and the payload says so), the copy of its addressing rows and its challenge row point to it. Identity
     * columns are left to the database. Returns the rows inserted.
     */
    public int cloneRows(String table, String key) throws SQLException {
        List<String> cols = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.isAutoIncrement(i)) {
                    continue;
                }
                String col = md.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
                cols.add(col);
                int type = md.getColumnType(i);
                boolean text = type == Types.VARCHAR || type == Types.CHAR || type == Types.CLOB
                        || type == Types.LONGVARCHAR || type == Types.NVARCHAR;
                exprs.add(text ? "REPLACE(s." + col + ", s." + key + ", s." + key + " || '/c' || CAST(g.n AS VARCHAR(12)))"
                        : "s." + col);
            }
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", cols) + ") SELECT " + String.join(", ", exprs)
                + " FROM " + table + " s CROSS JOIN bench_seq g WHERE s." + key + " IN (SELECT uri FROM bench_seed)";
        return update(sql);
    }

    /** Fills bench_seq with 1..copies and bench_seed with the given uris (both created here, dropped by dropHelpers). */
    public void helpers(int copies, List<String> seeds) throws SQLException {
        dropHelpers();
        update("CREATE TABLE bench_seq (n INT PRIMARY KEY)");
        update("CREATE TABLE bench_seed (uri VARCHAR(2048) PRIMARY KEY)");
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_seq (n) VALUES (?)")) {
            for (int i = 1; i <= copies; i++) {
                ps.setInt(1, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_seed (uri) VALUES (?)")) {
            for (String s : seeds) {
                ps.setString(1, s);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(auto);
    }

    public void dropHelpers() throws SQLException {
        update("DROP TABLE IF EXISTS bench_seq");
        update("DROP TABLE IF EXISTS bench_seed");
    }

    public List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
