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
}
