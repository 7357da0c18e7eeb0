package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.List;

/**
 * A table of the accounts an administrator granted one role to, {@code (account_id, granted_by, granted_at)}: the
 * case study editors (V11) and the challenge issuers (V14). The table name is one of those constants, never input.
 */
final class RoleGrants {
    private final JdbiStorage.Handles handles;
    private final String table;

    RoleGrants(JdbiStorage.Handles handles, String table) {
        this.handles = handles;
        this.table = table;
    }

    boolean has(long accountId) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE account_id = :a")
                .bind("a", accountId).mapTo(Long.class).one()) > 0;
    }

    /** Grants the role; granting it again changes nothing. */
    void grant(long accountId, long grantedBy, Instant now) {
        handles.with(h -> h.createUpdate("INSERT INTO " + table + " (account_id, granted_by, granted_at)"
                        + " VALUES (:a, :by, :now) ON CONFLICT DO NOTHING")
                .bind("a", accountId).bind("by", grantedBy).bind("now", now).execute());
    }

    void revoke(long accountId) {
        handles.with(h -> h.createUpdate("DELETE FROM " + table + " WHERE account_id = :a").bind("a", accountId)
                .execute());
    }

    /** The accounts holding the role, in the order they were granted it. */
    List<Long> all() {
        return handles.with(h -> h.createQuery("SELECT account_id FROM " + table + " ORDER BY granted_at, account_id")
                .mapTo(Long.class).list());
    }
}
