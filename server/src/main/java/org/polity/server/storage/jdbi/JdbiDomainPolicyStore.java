package org.polity.server.storage.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;
import org.polity.server.domains.DomainName;
import org.polity.server.domains.DomainPolicyStore;
import org.polity.server.domains.DomainRule;
import org.polity.server.domains.DomainSubscription;
import org.polity.server.domains.Severity;

final class JdbiDomainPolicyStore implements DomainPolicyStore {
    private static final String RULE_COLUMNS = "domain, severity, public_comment, private_comment, obfuscate,"
            + " reject_media, reject_reports, source, subscription_id, created_at, created_by";
    private static final String SUBSCRIPTION_COLUMNS = "id, url, severity, refresh_minutes, last_fetched_at,"
            + " last_status, last_error, etag, last_modified, entry_count, created_at, created_by";

    /**
     * The SQL condition "the remote author of {@code o} is on a blocked or silenced domain" over the rules in the
     * table (a rule without a port covers the host's every port and subdomain; one with a port, that port only),
     * for the public listings. A more specific allow rule under a block does not lift it here.
     */
    static final String AUTHOR_LIMITED = authorLimited("o.attributed_to_id");

    /** {@link #AUTHOR_LIMITED} for the author id in {@code column}. */
    static String authorLimited(String column) {
        return " EXISTS (SELECT 1 FROM actors pa JOIN domain_policies dp"
            + " ON dp.severity IN ('BLOCK', 'SILENCE') AND (pa.domain = dp.domain"
            + "   OR (dp.domain NOT LIKE '%:%' AND (pa.domain LIKE dp.domain || ':%' OR pa.domain LIKE '%.' || dp.domain"
            + "       OR pa.domain LIKE '%.' || dp.domain || ':%'))"
            + "   OR (dp.domain LIKE '%:%' AND pa.domain LIKE '%.' || dp.domain))"
            + " WHERE pa.id = " + column + " AND pa.local = FALSE)";
    }

    private final JdbiStorage.Handles handles;

    JdbiDomainPolicyStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public List<DomainRule> findRules() {
        return handles.with(h -> h.createQuery("SELECT " + RULE_COLUMNS + " FROM domain_policies ORDER BY domain")
                .map((rs, ctx) -> rule(rs)).list());
    }

    @Override
    public Optional<DomainRule> findRule(String domain) {
        return handles.with(h -> h.createQuery("SELECT " + RULE_COLUMNS + " FROM domain_policies WHERE domain = :d")
                .bind("d", domain).map((rs, ctx) -> rule(rs)).findOne());
    }

    @Override
    public void upsertRule(DomainRule r) {
        handles.with(h -> {
            h.createUpdate("DELETE FROM domain_policies WHERE domain = :d").bind("d", r.domain()).execute();
            return bindRule(h.createUpdate("INSERT INTO domain_policies (" + RULE_COLUMNS + ") VALUES (:domain,"
                    + " :severity, :pub, :priv, :obf, :media, :reports, :source, :sub, :at, :by)"), r).execute();
        });
    }

    private static <S extends SqlStatement<S>> S bindRule(S s, DomainRule r) {
        return s.bind("domain", r.domain()).bind("severity", r.severity().name()).bind("pub", r.publicComment())
                .bind("priv", r.privateComment()).bind("obf", r.obfuscate()).bind("media", r.rejectMedia())
                .bind("reports", r.rejectReports()).bind("source", r.source().name())
                .bind("sub", r.subscriptionId()).bind("at", r.createdAt()).bind("by", r.createdBy());
    }

    @Override
    public boolean deleteRule(String domain) {
        return handles.with(h -> h.createUpdate("DELETE FROM domain_policies WHERE domain = :d").bind("d", domain)
                .execute()) > 0;
    }

    @Override
    public int replaceSubscribedRules(long subscriptionId, List<DomainRule> rules) {
        return handles.with(h -> {
            h.createUpdate("DELETE FROM domain_policies WHERE subscription_id = :s").bind("s", subscriptionId)
                    .execute();
            int stored = 0;
            for (DomainRule r : rules) {
                DomainRule subscribed = new DomainRule(r.domain(), r.severity(), r.publicComment(), r.privateComment(),
                        r.obfuscate(), r.rejectMedia(), r.rejectReports(), DomainRule.Source.SUBSCRIPTION,
                        subscriptionId, r.createdAt(), null);
                // A domain some other rule already speaks for (manual, imported, another list) keeps that rule.
                stored += bindRule(h.createUpdate("INSERT INTO domain_policies (" + RULE_COLUMNS + ") SELECT :domain,"
                        + " :severity, :pub, :priv, :obf, :media, :reports, :source, :sub, :at, :by"
                        + " WHERE NOT EXISTS (SELECT 1 FROM domain_policies WHERE domain = :domain)"), subscribed)
                        .execute();
            }
            return stored;
        });
    }

    @Override
    public long insertSubscription(DomainSubscription s) {
        return handles.with(h -> h.createUpdate("INSERT INTO domain_subscriptions (url, severity, refresh_minutes,"
                        + " entry_count, created_at, created_by) VALUES (:url, :sev, :min, 0, :at, :by)")
                .bind("url", s.url()).bind("sev", s.severity().name()).bind("min", s.refreshMinutes())
                .bind("at", s.createdAt()).bind("by", s.createdBy())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    @Override
    public List<DomainSubscription> findSubscriptions() {
        return handles.with(h -> h.createQuery("SELECT " + SUBSCRIPTION_COLUMNS + " FROM domain_subscriptions"
                + " ORDER BY id").map((rs, ctx) -> subscription(rs)).list());
    }

    @Override
    public Optional<DomainSubscription> findSubscription(long id) {
        return handles.with(h -> h.createQuery("SELECT " + SUBSCRIPTION_COLUMNS + " FROM domain_subscriptions"
                + " WHERE id = :id").bind("id", id).map((rs, ctx) -> subscription(rs)).findOne());
    }

    @Override
    public boolean deleteSubscription(long id) {
        return handles.with(h -> {
            h.createUpdate("DELETE FROM domain_policies WHERE subscription_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM domain_subscriptions WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    @Override
    public void recordFetch(long id, Instant at, String status, String error, String etag, String lastModified,
            Integer entryCount) {
        handles.with(h -> h.createUpdate("UPDATE domain_subscriptions SET last_fetched_at = :at, last_status = :st,"
                        + " last_error = :err, etag = COALESCE(:etag, etag),"
                        + " last_modified = COALESCE(:lm, last_modified),"
                        + " entry_count = COALESCE(:n, entry_count) WHERE id = :id")
                .bind("at", at).bind("st", status).bind("err", JdbiInboxStore.truncate(error)).bind("etag", etag)
                .bind("lm", lastModified).bind("n", entryCount).bind("id", id).execute());
    }

    @Override
    public int severFollows(String domain) {
        Covered c = Covered.of(domain, "ra.domain");
        String remote = "SELECT ra.id FROM actors ra WHERE ra.local = FALSE AND " + c.sql;
        return handles.with(h -> c.bind(h.createUpdate("DELETE FROM follows WHERE follower_id IN (" + remote + ")"
                + " OR followed_id IN (" + remote + ")")).execute());
    }

    @Override
    public java.util.List<String> findFollowDomains() {
        return handles.with(h -> h.createQuery("SELECT DISTINCT ra.domain FROM actors ra WHERE ra.local = FALSE AND"
                        + " (EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ra.id)"
                        + " OR EXISTS (SELECT 1 FROM follows f WHERE f.followed_id = ra.id)) ORDER BY ra.domain")
                .mapTo(String.class).list());
    }

    @Override
    public int dropPendingDeliveries(String domain, String reason, Instant at) {
        Covered c = Covered.of(domain, "host");
        return handles.with(h -> c.bind(h.createUpdate("UPDATE deliveries SET state = 'FAILED', last_error = :e,"
                + " finished_at = :at WHERE state = 'PENDING' AND " + c.sql))
                .bind("e", JdbiInboxStore.truncate(reason)).bind("at", at).execute());
    }

    /** "The rule for this domain covers the host[:port] in {@code column}", with its parameters. */
    private record Covered(String sql, String exact, String anyPort, String sub, String subAnyPort) {
        static Covered of(String domain, String column) {
            if (DomainName.portOf(domain) != -1) {
                return new Covered("(" + column + " = :cExact OR " + column + " LIKE :cSub)", domain, null,
                        "%." + domain, null);
            }
            return new Covered("(" + column + " = :cExact OR " + column + " LIKE :cAnyPort OR " + column
                    + " LIKE :cSub OR " + column + " LIKE :cSubAnyPort)", domain, domain + ":%", "%." + domain,
                    "%." + domain + ":%");
        }

        <S extends SqlStatement<S>> S bind(S s) {
            s.bind("cExact", exact).bind("cSub", sub);
            if (anyPort != null) {
                s.bind("cAnyPort", anyPort).bind("cSubAnyPort", subAnyPort);
            }
            return s;
        }
    }

    private static DomainRule rule(ResultSet rs) throws SQLException {
        long sub = rs.getLong("subscription_id");
        Long subscription = rs.wasNull() ? null : sub;
        long by = rs.getLong("created_by");
        Long createdBy = rs.wasNull() ? null : by;
        return new DomainRule(rs.getString("domain"), Severity.valueOf(rs.getString("severity")),
                rs.getString("public_comment"), rs.getString("private_comment"), rs.getBoolean("obfuscate"),
                rs.getBoolean("reject_media"), rs.getBoolean("reject_reports"),
                DomainRule.Source.valueOf(rs.getString("source")), subscription, Rows.instant(rs, "created_at"),
                createdBy);
    }

    private static DomainSubscription subscription(ResultSet rs) throws SQLException {
        long by = rs.getLong("created_by");
        Long createdBy = rs.wasNull() ? null : by;
        return new DomainSubscription(rs.getLong("id"), rs.getString("url"), Severity.valueOf(rs.getString("severity")),
                rs.getInt("refresh_minutes"), Rows.instant(rs, "last_fetched_at"), rs.getString("last_status"),
                rs.getString("last_error"), rs.getString("etag"), rs.getString("last_modified"),
                rs.getInt("entry_count"), Rows.instant(rs, "created_at"), createdBy);
    }
}
