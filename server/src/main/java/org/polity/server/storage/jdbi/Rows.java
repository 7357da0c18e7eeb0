package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Column reading shared by the stores. */
final class Rows {
    private Rows() {}

    /** Reads a {@code TIMESTAMP WITH TIME ZONE} column as an instant, the same way on H2 and PostgreSQL. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The escape character of {@link #containsPattern}: {@code ESCAPE '!'} in the SQL that uses it. */
    static final String LIKE_ESCAPE = " ESCAPE '!'";

    /**
     * A LIKE pattern that matches any text containing {@code text} (lower-cased, for {@code LOWER(column)}):
     * {@code %} and {@code _} in the text match themselves. The escape character is {@code !} rather than a
     * backslash, which PostgreSQL and H2 would read differently inside string literals depending on settings.
     */
    static String containsPattern(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('%');
        for (char c : text.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '!' || c == '%' || c == '_') {
                out.append('!');
            }
            out.append(c);
        }
        return out.append('%').toString();
    }
}
