package org.polity.server.domains;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Uris;
import org.polity.server.audit.AuditLog;
import org.polity.server.config.FederationPolicyConfig;
import org.polity.server.config.FederationPolicyConfig.Mode;
import org.polity.server.config.PolityConfig;
import org.polity.server.model.Account;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.storage.Storage;
import org.polity.server.storage.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which servers this instance federates with (issue 11): domain rules (block, silence, allow; by hand, imported,
 * or from subscribed lists) and the mode, {@code open} (everyone but blocked domains) or {@code allowlist} (only
 * listed domains, the hub's admitted members, and the hub). The inbox, the fetcher, WebFinger, NodeInfo and the
 * delivery worker ask {@link #refuses}; listings and search leave out blocked and silenced authors in SQL.
 *
 * <p>The rules are read into memory and kept until one changes here (or for {@link #TTL}, which covers changes
 * made by another process, the CLI, or the hub admitting a member). The most specific rule wins:
 * {@code allow social.example.org} under {@code block example.org} lets that one host through.
 */
public final class DomainPolicy {
    private static final Logger log = LoggerFactory.getLogger(DomainPolicy.class);
    static final Duration TTL = Duration.ofSeconds(15);
    public static final String MODE_SETTING = "federation_mode";
    public static final int MAX_SUBSCRIPTIONS = 20;
    public static final int MIN_REFRESH_MINUTES = 5;
    public static final int MAX_REFRESH_MINUTES = 7 * 24 * 60;

    /** What policy says of a remote authority. */
    public enum Verdict {
        FEDERATE,
        SILENCED,
        REFUSED
    }

    private final Storage storage;
    private final PolityConfig config;
    private final Uris uris;
    private final Clock clock;
    private final AuditLog audit;
    private volatile Snapshot snapshot;
    /** Raised by every change: a snapshot read while a change committed is never kept (it could be stale). */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public DomainPolicy(Storage storage, PolityConfig config, Uris uris, Clock clock, AuditLog audit) {
        this.storage = storage;
        this.config = config;
        this.uris = uris;
        this.clock = clock;
        this.audit = audit;
    }

    private record Snapshot(Mode mode, Map<String, DomainRule> rules, List<String> listed, Instant readAt,
            long generation) {}

    // --- asking ---

    public Mode mode() {
        return snapshot().mode();
    }

    /** Whether the mode comes from the page (true) or from the configuration. */
    public boolean modeSaved() {
        return storage.stores().settings().find(MODE_SETTING).isPresent();
    }

    /** The verdict on the authority of {@code uri}; this instance's own is always {@link Verdict#FEDERATE}. */
    public Verdict verdict(URI uri) {
        Optional<String> key = DomainName.ofUri(uri);
        if (key.isEmpty()) {
            return Verdict.FEDERATE; // no host: nothing to contact, the caller's own checks refuse it
        }
        return verdictFor(key.get());
    }

    /** The verdict on a normalised authority ({@code host} or {@code host:port}). */
    public Verdict verdictFor(String key) {
        if (isOwn(key)) {
            return Verdict.FEDERATE;
        }
        Snapshot s = snapshot();
        Optional<DomainRule> rule = mostSpecific(s.rules(), key);
        if (rule.isPresent()) {
            return switch (rule.get().severity()) {
                case BLOCK -> Verdict.REFUSED;
                case SILENCE -> Verdict.SILENCED;
                case ALLOW -> Verdict.FEDERATE;
            };
        }
        if (s.mode() == Mode.OPEN) {
            return Verdict.FEDERATE;
        }
        return s.listed().stream().anyMatch(d -> DomainName.covers(d, key)) ? Verdict.FEDERATE : Verdict.REFUSED;
    }

    /** Whether nothing may be taken from or sent to the host of {@code uri} (blocked, or unlisted in allowlist mode). */
    public boolean refuses(URI uri) {
        return verdict(uri) == Verdict.REFUSED;
    }

    /** {@link #refuses(URI)} for a URI as text; text that is not a URI is not refused here. */
    public boolean refuses(String uri) {
        return DomainName.ofUri(uri).map(k -> verdictFor(k) == Verdict.REFUSED).orElse(false);
    }

    /** Whether the host of {@code uri} is silenced (its content accepted, kept out of public listings). */
    public boolean silenced(String uri) {
        return DomainName.ofUri(uri).map(k -> verdictFor(k) == Verdict.SILENCED).orElse(false);
    }

    /** The rule that applies to {@code key}: its own, or that of the nearest parent domain. */
    static Optional<DomainRule> mostSpecific(Map<String, DomainRule> rules, String key) {
        String host = DomainName.hostOf(key);
        int port = DomainName.portOf(key);
        String h = host;
        while (true) {
            if (port != -1) {
                DomainRule withPort = rules.get(h + ":" + port);
                if (withPort != null) {
                    return Optional.of(withPort);
                }
            }
            DomainRule any = rules.get(h);
            if (any != null) {
                return Optional.of(any);
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            h = h.substring(dot + 1);
        }
    }

    private boolean isOwn(String key) {
        return own().map(key::equals).orElse(false);
    }

    /** This instance's own authority key; empty before the base URL is bound (the offline CLI at start). */
    private Optional<String> own() {
        try {
            return DomainName.ofUri(uris.base());
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    public List<DomainRule> rules() {
        return storage.stores().domainPolicies().findRules();
    }

    public List<DomainSubscription> subscriptions() {
        return storage.stores().domainPolicies().findSubscriptions();
    }

    /**
     * The domains allowed besides the rules, in allowlist mode: the configured ones, the hub's admitted members (on
     * a hub) and the hub (on a national instance), when {@code federation.allowlist.hub.members} is true.
     */
    public List<String> listedBesideRules() {
        return snapshot().listed();
    }

    // --- changing (administrators; every change is audited in its transaction) ---

    /** An administrator's rule for a domain: new, or replacing the one there (any source). */
    public DomainRule save(Account admin, String rawDomain, String rawSeverity, String publicComment,
            String privateComment, boolean obfuscate, boolean rejectMedia, boolean rejectReports) {
        requireAdmin(admin);
        InvalidInput.Collector errors = new InvalidInput.Collector();
        Optional<String> domain = DomainName.normalise(rawDomain);
        if (domain.isEmpty()) {
            errors.add("domain", Message.of("domains.error.domain"));
        } else if (own().filter(own -> DomainName.covers(domain.get(), own)).isPresent()
                && Severity.parse(rawSeverity).filter(x -> x == Severity.ALLOW).isEmpty()) {
            errors.add("domain", Message.of("domains.error.own"));
        }
        Optional<Severity> severity = Severity.parse(rawSeverity);
        if (severity.isEmpty()) {
            errors.add("severity", Message.of("domains.error.severity"));
        }
        String pub = publicComment == null ? "" : publicComment.strip();
        String priv = privateComment == null ? "" : privateComment.strip();
        if (pub.length() > DomainCsv.MAX_COMMENT) {
            errors.add("publicComment", Message.of("domains.error.comment", DomainCsv.MAX_COMMENT));
        }
        if (priv.length() > DomainCsv.MAX_COMMENT) {
            errors.add("privateComment", Message.of("domains.error.comment", DomainCsv.MAX_COMMENT));
        }
        errors.throwIfAny();
        DomainRule rule = new DomainRule(domain.get(), severity.get(), pub, priv, obfuscate, rejectMedia,
                rejectReports, DomainRule.Source.MANUAL, null, clock.instant(), admin.actorId());
        storage.transaction(tx -> {
            tx.domainPolicies().upsertRule(rule);
            String effects = consequences(tx, rule);
            audit.record(tx, admin.actorId(), action(rule.severity()), rule.domain(),
                    detail(rule) + effects);
            return null;
        });
        invalidate();
        return rule;
    }

    public void remove(Account admin, String rawDomain) {
        requireAdmin(admin);
        String domain = DomainName.normalise(rawDomain)
                .orElseThrow(() -> InvalidInput.of("domain", Message.of("domains.error.domain")));
        storage.transaction(tx -> {
            Optional<DomainRule> was = tx.domainPolicies().findRule(domain);
            if (was.isEmpty() || !tx.domainPolicies().deleteRule(domain)) {
                throw new org.polity.server.service.NotFound(Message.of("domains.error.noRule", domain));
            }
            audit.record(tx, admin.actorId(), AuditLog.DOMAIN_REMOVE, domain,
                    "was " + was.get().severity().wireName() + " (" + was.get().source().name().toLowerCase() + ")");
            return null;
        });
        invalidate();
    }

    /** The outcome of an import: how many rules were stored, and how many lines were skipped (Mastodon's noop). */
    public record ImportResult(int stored, int skipped, int keptManual) {}

    /**
     * Imports a list (see {@link DomainCsv}) whole or not at all. An imported line does not replace a manual rule
     * for the same domain unless {@code overwrite}.
     */
    public ImportResult importList(Account admin, byte[] bytes, String rawDefaultSeverity, boolean overwrite) {
        requireAdmin(admin);
        Severity fallback = Severity.parse(rawDefaultSeverity).orElse(Severity.BLOCK);
        DomainCsv.Parsed parsed = DomainCsv.parse(bytes, fallback);
        Optional<String> own = own();
        for (DomainCsv.Entry e : parsed.entries()) {
            if (e.severity() != Severity.ALLOW && own.filter(o -> DomainName.covers(e.domain(), o)).isPresent()) {
                throw InvalidInput.of("file", Message.of("domains.csv.own", e.domain()));
            }
        }
        if (parsed.entries().isEmpty()) {
            throw InvalidInput.of("file", Message.of("domains.csv.empty"));
        }
        Instant now = clock.instant();
        ImportResult result = storage.transaction(tx -> {
            int stored = 0;
            int kept = 0;
            for (DomainCsv.Entry e : parsed.entries()) {
                Optional<DomainRule> existing = tx.domainPolicies().findRule(e.domain());
                if (!overwrite && existing.filter(r -> r.source() == DomainRule.Source.MANUAL).isPresent()) {
                    kept++;
                    continue;
                }
                DomainRule rule = new DomainRule(e.domain(), e.severity(), e.publicComment(), "", e.obfuscate(),
                        e.rejectMedia(), e.rejectReports(), DomainRule.Source.IMPORT, null, now, admin.actorId());
                tx.domainPolicies().upsertRule(rule);
                if (existing.filter(r -> r.severity() == Severity.BLOCK).isEmpty()) {
                    consequences(tx, rule); // a domain blocked already has no follows or queue left to end
                }
                stored++;
            }
            audit.record(tx, admin.actorId(), AuditLog.DOMAIN_IMPORT, "import", stored + " rules stored, "
                    + parsed.skipped() + " lines skipped, " + kept + " manual rules kept");
            return new ImportResult(stored, parsed.skipped(), kept);
        });
        invalidate();
        return result;
    }

    /** One entry of the public list of limited domains, in the shape of Mastodon's {@code /api/v1/instance/domain_blocks}. */
    public record PublicBlock(String domain, String digest, String severity, String comment) {}

    /**
     * The blocked and silenced domains as anyone may see them: a domain flagged {@code obfuscate} is shown partly
     * masked, with the SHA-256 of the real name so that another server can still recognise it.
     */
    public List<PublicBlock> publicBlocks() {
        List<PublicBlock> out = new ArrayList<>();
        for (DomainRule r : rules()) {
            if (r.severity() == Severity.ALLOW) {
                continue;
            }
            out.add(new PublicBlock(r.obfuscate() ? obfuscated(r.domain()) : r.domain(), sha256(r.domain()),
                    r.severity() == Severity.BLOCK ? "suspend" : "silence", r.publicComment()));
        }
        return out;
    }

    /** {@code spam.example} as {@code sp*******le}: the outer quarters kept, the letters between masked, dots kept. */
    static String obfuscated(String domain) {
        int keep = domain.length() / 4;
        StringBuilder b = new StringBuilder(domain.length());
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            b.append(i < keep || i >= domain.length() - keep || c == '.' ? c : '*');
        }
        return b.toString();
    }

    static String sha256(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String exportBlocks() {
        return DomainCsv.writeBlocks(rules());
    }

    public String exportAllows() {
        return DomainCsv.writeAllows(rules());
    }

    public void setMode(Account admin, String rawMode) {
        requireAdmin(admin);
        Mode mode = Mode.parse(rawMode).orElseThrow(() -> InvalidInput.of("mode", Message.of("domains.error.mode")));
        storage.transaction(tx -> {
            tx.settings().upsert(MODE_SETTING, mode.wireName());
            audit.record(tx, admin.actorId(), AuditLog.DOMAIN_MODE, "federation", "mode: " + mode.wireName());
            return null;
        });
        invalidate();
        if (mode == Mode.ALLOWLIST) {
            endFollowsWithRefusedDomains(admin);
        }
    }

    /**
     * Entering allowlist mode: follows with servers that are not listed end, and what was queued for them is
     * dropped, as a block does (nothing would reach them or come from them any more; the follower counts and the
     * follow lists should say so). Each domain's effect is in the audit log.
     */
    private void endFollowsWithRefusedDomains(Account admin) {
        for (String domain : storage.stores().domainPolicies().findFollowDomains()) {
            if (!refuses(URI.create("https://" + domain + "/"))) {
                continue;
            }
            storage.transaction(tx -> {
                int follows = tx.domainPolicies().severFollows(domain);
                int deliveries = tx.domainPolicies().dropPendingDeliveries(domain,
                        "not sent: " + domain + " is not on this server's allowlist", clock.instant());
                audit.record(tx, admin.actorId(), AuditLog.DOMAIN_MODE, domain, "not on the allowlist; " + follows
                        + " follows ended, " + deliveries + " queued deliveries dropped");
                return null;
            });
        }
    }

    public DomainSubscription subscribe(Account admin, String rawUrl, String rawSeverity, String rawMinutes) {
        requireAdmin(admin);
        InvalidInput.Collector errors = new InvalidInput.Collector();
        URI url = null;
        try {
            url = new URI(rawUrl == null ? "" : rawUrl.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase();
            if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null
                    || url.toString().length() > 2048) {
                url = null;
            }
        } catch (java.net.URISyntaxException e) {
            url = null;
        }
        if (url == null) {
            errors.add("url", Message.of("domains.error.url"));
        }
        Optional<Severity> severity = Severity.parse(rawSeverity);
        if (severity.isEmpty()) {
            errors.add("listSeverity", Message.of("domains.error.severity"));
        }
        int minutes = 0;
        try {
            minutes = Integer.parseInt(rawMinutes == null ? "" : rawMinutes.strip());
        } catch (NumberFormatException e) {
            minutes = 0;
        }
        if (minutes < MIN_REFRESH_MINUTES || minutes > MAX_REFRESH_MINUTES) {
            errors.add("minutes", Message.of("domains.error.minutes", MIN_REFRESH_MINUTES, MAX_REFRESH_MINUTES));
        }
        List<DomainSubscription> existing = subscriptions();
        String text = url == null ? "" : url.toString();
        if (existing.stream().anyMatch(s -> s.url().equals(text))) {
            errors.add("url", Message.of("domains.error.subscribed"));
        } else if (existing.size() >= MAX_SUBSCRIPTIONS) {
            errors.add("url", Message.of("domains.error.subscriptions", MAX_SUBSCRIPTIONS));
        }
        errors.throwIfAny();
        int refresh = minutes;
        long id = storage.transaction(tx -> {
            long newId = tx.domainPolicies().insertSubscription(new DomainSubscription(0, text, severity.get(),
                    refresh, null, null, null, null, null, 0, clock.instant(), admin.actorId()));
            audit.record(tx, admin.actorId(), AuditLog.DOMAIN_SUBSCRIBE, text,
                    severity.get().wireName() + ", every " + refresh + " min");
            return newId;
        });
        return storage.stores().domainPolicies().findSubscription(id).orElseThrow();
    }

    public void unsubscribe(Account admin, long id) {
        requireAdmin(admin);
        storage.transaction(tx -> {
            DomainSubscription s = tx.domainPolicies().findSubscription(id)
                    .orElseThrow(() -> new org.polity.server.service.NotFound(Message.of("domains.error.noList")));
            tx.domainPolicies().deleteSubscription(id);
            audit.record(tx, admin.actorId(), AuditLog.DOMAIN_UNSUBSCRIBE, s.url(),
                    s.entryCount() + " entries removed");
            return null;
        });
        invalidate();
    }

    /**
     * Replaces a subscription's rules with a freshly fetched list (called by {@link DomainLists}); one transaction
     * with its audit line, by {@code by} (an administrator who asked for a refresh) or the server (null).
     */
    int applyList(long subscriptionId, DomainCsv.Parsed parsed, Long by, String etag, String lastModified) {
        Instant now = clock.instant();
        Optional<String> own = own();
        int stored = storage.transaction(tx -> {
            DomainSubscription s = tx.domainPolicies().findSubscription(subscriptionId).orElse(null);
            if (s == null) {
                return 0; // removed while it was being fetched
            }
            List<DomainRule> rules = new ArrayList<>();
            for (DomainCsv.Entry e : parsed.entries()) {
                if (e.severity() != Severity.ALLOW && own.filter(o -> DomainName.covers(e.domain(), o)).isPresent()) {
                    continue; // a list never blocks this instance itself
                }
                rules.add(new DomainRule(e.domain(), e.severity(), e.publicComment(), "", e.obfuscate(),
                        e.rejectMedia(), e.rejectReports(), DomainRule.Source.SUBSCRIPTION, subscriptionId, now, null));
            }
            java.util.Set<String> blockedBefore = new java.util.HashSet<>();
            for (DomainRule r : tx.domainPolicies().findRules()) {
                if (r.severity() == Severity.BLOCK) {
                    blockedBefore.add(r.domain());
                }
            }
            int n = tx.domainPolicies().replaceSubscribedRules(subscriptionId, rules);
            // Only a domain this refresh newly blocks has follows and queued deliveries to end.
            for (DomainRule r : rules) {
                if (r.severity() == Severity.BLOCK && !blockedBefore.contains(r.domain())) {
                    tx.domainPolicies().findRule(r.domain()).filter(x -> x.severity() == Severity.BLOCK)
                            .ifPresent(x -> consequences(tx, x));
                }
            }
            tx.domainPolicies().recordFetch(subscriptionId, now, DomainSubscription.OK, null, etag, lastModified, n);
            audit.record(tx, by, AuditLog.DOMAIN_REFRESH, s.url(), n + " entries (" + parsed.skipped() + " skipped)");
            return n;
        });
        invalidate();
        return stored;
    }

    /** Records a failed or unchanged refresh; the rules the list gave before stay as they are. */
    void recordOutcome(long subscriptionId, String status, String error) {
        storage.stores().domainPolicies().recordFetch(subscriptionId, clock.instant(), status, error, null, null, null);
    }

    // --- inside ---

    /** What a rule does at once: a block ends follows with the domain and drops what was queued for it. */
    private String consequences(Stores tx, DomainRule rule) {
        if (rule.severity() != Severity.BLOCK) {
            return "";
        }
        int follows = tx.domainPolicies().severFollows(rule.domain());
        int deliveries = tx.domainPolicies().dropPendingDeliveries(rule.domain(),
                "not sent: " + rule.domain() + " is blocked by this server's domain policy", clock.instant());
        if (follows > 0 || deliveries > 0) {
            log.info("blocked {}: {} follows ended, {} queued deliveries dropped", rule.domain(), follows, deliveries);
        }
        return "; " + follows + " follows ended, " + deliveries + " queued deliveries dropped";
    }

    private static String action(Severity severity) {
        return switch (severity) {
            case BLOCK -> AuditLog.DOMAIN_BLOCK;
            case SILENCE -> AuditLog.DOMAIN_SILENCE;
            case ALLOW -> AuditLog.DOMAIN_ALLOW;
        };
    }

    private static String detail(DomainRule r) {
        StringBuilder d = new StringBuilder(r.severity().wireName());
        if (!r.publicComment().isEmpty()) {
            d.append("; public: ").append(r.publicComment());
        }
        if (!r.privateComment().isEmpty()) {
            d.append("; private: ").append(r.privateComment());
        }
        if (r.obfuscate()) {
            d.append("; obfuscated");
        }
        return d.toString();
    }

    private static void requireAdmin(Account admin) {
        if (admin == null || !admin.isAdmin() || !admin.isActive()) {
            throw new Forbidden(Message.of("svc.settings.adminsOnly"));
        }
    }

    /** Forgets the rules read, so the next question reads them again. */
    public void invalidate() {
        generation.incrementAndGet();
        snapshot = null;
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && s.generation() == generation.get() && s.readAt().plus(TTL).isAfter(now)) {
            return s;
        }
        long seen = generation.get();
        Stores stores = storage.stores();
        Map<String, DomainRule> rules = new HashMap<>();
        for (DomainRule r : stores.domainPolicies().findRules()) {
            rules.put(r.domain(), r);
        }
        FederationPolicyConfig fed = config.federationPolicy();
        Mode mode = stores.settings().find(MODE_SETTING).flatMap(Mode::parse).orElse(fed.mode());
        List<String> listed = new ArrayList<>(fed.allowlist());
        if (fed.allowHubMembers()) {
            if (config.mode() == PolityConfig.Mode.HUB) {
                for (var m : stores.hub().findMembers(org.polity.server.hub.HubStore.Member.ACCEPTED)) {
                    DomainName.normalise(m.domain()).ifPresent(listed::add);
                }
            }
            config.hubUrl().flatMap(DomainName::ofUri).ifPresent(listed::add);
        }
        // Stamped with the generation seen before reading: if a change commits meanwhile, the next call reads again.
        Snapshot fresh = new Snapshot(mode, Map.copyOf(rules), List.copyOf(listed), now, seen);
        snapshot = fresh;
        return fresh;
    }
}
