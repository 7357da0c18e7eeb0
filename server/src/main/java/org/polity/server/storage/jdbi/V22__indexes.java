package org.polity.server.storage.jdbi;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Polity schema, version 22: indexes for queries that scanned a whole table (issue 12, "PostgreSQL for real"):
 * <ul>
 *   <li>{@code activities (object_uri)}: every server a deleted post was sent to (its Create, Updates and
 *       Announces), read by each deletion;</li>
 *   <li>{@code follows (activity_uri)}: an Accept, Reject or Undo finds its Follow by id;</li>
 *   <li>{@code objects (published_at, id)}: the directories and feeds, newest first, across kinds;</li>
 *   <li>{@code accounts (LOWER(email))}: log-in and sign-up look an address up without regard to case. H2 has no
 *       expression indexes, so there it indexes the address as typed (the accounts of one instance are few).</li>
 * </ul>
 * A Java migration because the e-mail index differs between the engines.
 */
public class V22__indexes extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        try (Statement st = c.createStatement()) {
            st.execute("CREATE INDEX activities_object ON activities (object_uri)");
            st.execute("CREATE INDEX follows_activity ON follows (activity_uri)");
            st.execute("CREATE INDEX objects_published ON objects (published_at, id)");
            st.execute(postgres ? "CREATE INDEX accounts_email_lower ON accounts (LOWER(email))"
                    : "CREATE INDEX accounts_email_lower ON accounts (email)");
        }
    }
}
