package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.polity.server.model.Account;
import org.polity.server.storage.AccountStore;

final class JdbiAccountStore implements AccountStore {
    private static final String COLUMNS = "id, actor_id, email, password_hash, role, status, organisation, job_title,"
            + " country, bio_source, expertise, locale, signup_reason, created_at, decided_at";

    private final JdbiStorage.Handles handles;
    private final JdbiSearchIndex search;

    JdbiAccountStore(JdbiStorage.Handles handles, JdbiSearchIndex search) {
        this.handles = handles;
        this.search = search;
    }

    /** Keeps the member's search document current: their profile and status decide what is found. */
    private void reindexAccount(long accountId) {
        handles.with(h -> {
            h.createQuery("SELECT actor_id FROM accounts WHERE id = :id").bind("id", accountId).mapTo(Long.class)
                    .findOne().ifPresent(actorId -> search.reindexActor(h, actorId));
            return null;
        });
    }

    @Override
    public Account insert(Account a) {
        long id = handles.with(h -> h.createUpdate("INSERT INTO accounts (actor_id, email, password_hash, role, status,"
                        + " organisation, job_title, country, bio_source, expertise, locale, signup_reason, created_at,"
                        + " decided_at) VALUES (:actorId, :email, :passwordHash, :role, :status, :organisation,"
                        + " :jobTitle, :country, :bioSource, :expertise, :locale, :signupReason, :createdAt,"
                        + " :decidedAt)")
                .bind("actorId", a.actorId())
                .bind("email", a.email())
                .bind("passwordHash", a.passwordHash())
                .bind("role", a.role().name())
                .bind("status", a.status().name())
                .bind("organisation", a.profile().organisation())
                .bind("jobTitle", a.profile().jobTitle())
                .bind("country", a.profile().country())
                .bind("bioSource", a.profile().bioSource())
                .bind("expertise", String.join(",", a.profile().expertise()))
                .bind("locale", a.locale())
                .bind("signupReason", a.signupReason())
                .bind("createdAt", a.createdAt())
                .bind("decidedAt", a.decidedAt())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        reindexAccount(id);
        return findAccountById(id).orElseThrow();
    }

    @Override
    public Optional<Account> findAccountById(long id) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
                .bind("id", id).map(JdbiAccountStore::map).findOne());
    }

    @Override
    public Optional<Account> findAccountByEmail(String email) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE LOWER(email) = LOWER(:e)")
                .bind("e", email).map(JdbiAccountStore::map).findOne());
    }

    @Override
    public Optional<Account> findAccountByActorId(long actorId) {
        return handles.with(h -> h.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE actor_id = :a")
                .bind("a", actorId).map(JdbiAccountStore::map).findOne());
    }

    @Override
    public List<Account> findAccountsByStatus(Account.Status status, int limit) {
        return handles.with(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM accounts WHERE status = :s ORDER BY created_at, id LIMIT :l")
                .bind("s", status.name()).bind("l", limit).map(JdbiAccountStore::map).list());
    }

    @Override
    public boolean updateStatus(long id, Account.Status from, Account.Status to, long decidedBy, Instant at) {
        boolean updated = handles.with(h -> h.createUpdate("UPDATE accounts SET status = :to, decided_at = :at,"
                        + " decided_by = :by WHERE id = :id AND status = :from")
                .bind("to", to.name()).bind("from", from.name()).bind("at", at).bind("by", decidedBy)
                .bind("id", id).execute()) == 1;
        if (updated) {
            reindexAccount(id);
        }
        return updated;
    }

    @Override
    public void updateProfile(long id, Account.Profile p) {
        handles.with(h -> h.createUpdate("UPDATE accounts SET organisation = :o, job_title = :j, country = :c,"
                        + " bio_source = :b, expertise = :e WHERE id = :id")
                .bind("o", p.organisation()).bind("j", p.jobTitle()).bind("c", p.country())
                .bind("b", p.bioSource()).bind("e", String.join(",", p.expertise())).bind("id", id).execute());
        reindexAccount(id);
    }

    @Override
    public void updatePasswordHash(long id, String passwordHash) {
        handles.with(h -> h.createUpdate("UPDATE accounts SET password_hash = :p WHERE id = :id")
                .bind("p", passwordHash).bind("id", id).execute());
    }

    @Override
    public void updateLocale(long id, String locale) {
        handles.with(h -> h.createUpdate("UPDATE accounts SET locale = :l WHERE id = :id")
                .bind("l", locale).bind("id", id).execute());
    }

    @Override
    public void updateRole(long id, Account.Role role) {
        handles.with(h -> h.createUpdate("UPDATE accounts SET role = :r WHERE id = :id")
                .bind("r", role.name()).bind("id", id).execute());
    }

    @Override
    public long countByStatus(Account.Status status) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM accounts WHERE status = :s")
                .bind("s", status.name()).mapTo(Long.class).one());
    }

    @Override
    public long countActiveSince(Instant since) {
        return handles.with(h -> h.createQuery("SELECT COUNT(*) FROM accounts a WHERE a.status = 'ACTIVE' AND ("
                        + " EXISTS (SELECT 1 FROM web_sessions s WHERE s.account_id = a.id AND s.created_at >= :since)"
                        + " OR EXISTS (SELECT 1 FROM api_tokens t WHERE t.account_id = a.id"
                        + " AND t.last_used_at >= :since))")
                .bind("since", since).mapTo(Long.class).one());
    }

    private static Account map(ResultSet rs, StatementContext ctx) throws SQLException {
        String expertise = rs.getString("expertise");
        List<String> tags = expertise.isEmpty() ? List.of() : Arrays.asList(expertise.split(","));
        return new Account(
                rs.getLong("id"),
                rs.getLong("actor_id"),
                rs.getString("email"),
                rs.getString("password_hash"),
                Account.Role.valueOf(rs.getString("role")),
                Account.Status.valueOf(rs.getString("status")),
                new Account.Profile(rs.getString("organisation"), rs.getString("job_title"), rs.getString("country"),
                        rs.getString("bio_source"), List.copyOf(tags)),
                rs.getString("locale"),
                rs.getString("signup_reason"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "decided_at"));
    }
}
