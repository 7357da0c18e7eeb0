package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.polity.server.audit.AuditEntry;
import org.polity.server.audit.AuditStore;

/** The audit log on every engine: appended, paged newest first, filtered, and never changed or removed. */
abstract class AuditStoreContract extends FiguresContract {
    @Test
    void theAuditLogAppendsPagesAndFilters() {
        AuditStore audit = stores.audit();
        long first = audit.append(new AuditEntry(0, T0, null, "(system)", "domain.block", "spam.example", null));
        long second = audit.append(new AuditEntry(0, T0.plusSeconds(1), 7L, "root@au.example", "account.approve",
                "ana@au.example", "approved"));
        long third = audit.append(new AuditEntry(0, T0.plusSeconds(2), 7L, "root@au.example", "domain.block",
                "bad.example", "spam"));
        assertThat(second).isGreaterThan(first);
        assertThat(audit.findPage(null, null, 10)).extracting(AuditEntry::id).containsExactly(third, second, first);
        assertThat(audit.findPage(third, null, 1)).extracting(AuditEntry::id).containsExactly(second);
        assertThat(audit.findPage(null, "domain.block", 10)).extracting(AuditEntry::target)
                .containsExactly("bad.example", "spam.example");
        assertThat(audit.findActions()).containsExactly("account.approve", "domain.block");
        AuditEntry read = audit.findPage(null, "account.approve", 1).get(0);
        assertThat(read).isEqualTo(new AuditEntry(second, T0.plusSeconds(1), 7L, "root@au.example",
                "account.approve", "ana@au.example", "approved"));
        assertThat(audit.findPage(null, "domain.block", 10).get(1).actorId()).isNull();
    }

    @Test
    void theDatabaseRefusesToChangeOrRemoveAnEntry() throws SQLException {
        stores.audit().append(new AuditEntry(0, T0, 1L, "root@au.example", "settings.save", "settings", "x"));
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET detail = 'rewritten'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(stores.audit().findPage(null, null, 10)).extracting(AuditEntry::detail).containsExactly("x");
    }
}
