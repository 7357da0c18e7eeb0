package org.polity.server.storage.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Polity schema, version 9: the word index of public search, {@code object_terms} (one row per object and
 * distinct word, see {@link SearchTerms}), filled here for the objects already stored and by the object store
 * from now on. A Java migration, because the words are cut by the same Java code that cuts queries, and because
 * PostgreSQL needs {@code COLLATE "C"} on the term (so that a prefix range is a code point range on the index,
 * as it is on H2, which has no such clause).
 */
public class V9__object_terms extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres");
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE object_terms ("
                    + " object_id BIGINT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,"
                    + " term VARCHAR(" + SearchTerms.MAX_TERM + ")" + (postgres ? " COLLATE \"C\"" : "")
                    + " NOT NULL,"
                    + " weight INTEGER NOT NULL,"
                    + " PRIMARY KEY (object_id, term))");
            st.execute("CREATE INDEX object_terms_term ON object_terms (term, object_id)");
        }
        try (Statement read = c.createStatement();
                ResultSet rs = read.executeQuery("SELECT id, name, content_html, payload FROM objects"
                        + " WHERE deleted_at IS NULL");
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO object_terms (object_id, term, weight) VALUES (?, ?, ?)")) {
            int pending = 0;
            while (rs.next()) {
                long id = rs.getLong(1);
                for (Map.Entry<String, Integer> t : SearchTerms.terms(rs.getString(2), rs.getString(3),
                        rs.getString(4)).entrySet()) {
                    insert.setLong(1, id);
                    insert.setString(2, t.getKey());
                    insert.setInt(3, t.getValue());
                    insert.addBatch();
                    if (++pending == 1000) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }
}
