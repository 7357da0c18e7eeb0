package org.polity.server.domains;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FederationHttpOptions;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.FetchResponse;
import org.polity.server.model.Account;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribed domain lists: every minute, on the {@code polity-domain-lists} thread, each list whose refresh
 * interval has passed is fetched through the guarded HTTP client (the SSRF rules, timeouts and redirect cap of
 * every outbound request; at most {@link DomainCsv#MAX_BYTES} and the client's own size cap), as a conditional GET
 * ({@code If-None-Match} with the ETag it sent last, {@code If-Modified-Since}); a new list replaces the rules it
 * gave before in one transaction ({@link DomainPolicy#applyList}). A failure (network, status, size, a bad line) is
 * recorded on the subscription and shown on {@code /admin/domains}; the rules from the last good copy stay.
 *
 * <p>The lists are fetched with a client of their own that domain policy does not filter: a list's host is where
 * an administrator chose to read the list from, not a server this instance federates with (an allowlist network
 * may well publish its list on a plain web server).
 */
public final class DomainLists implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DomainLists.class);
    static final String ACCEPT = "text/csv, text/plain;q=0.9, */*;q=0.1";

    private final DomainPolicy policy;
    private final FederationHttp http;
    private final ScheduledExecutorService scheduler;

    public DomainLists(DomainPolicy policy, FederationHttpOptions options) {
        this.policy = policy;
        this.http = new FederationHttp(options.withMaxBytes(Math.min(options.maxBytes() * 2, DomainCsv.MAX_BYTES)));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polity-domain-lists");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the schedule: the first look a few seconds after start-up, then every minute. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::refreshDue, 5, 60, TimeUnit.SECONDS);
    }

    /** Refreshes every list that is due (the scheduled job). */
    void refreshDue() {
        try {
            java.time.Instant now = java.time.Instant.now();
            for (DomainSubscription s : policy.subscriptions()) {
                if (s.due(now)) {
                    refresh(s, null);
                }
            }
        } catch (RuntimeException e) {
            log.warn("domain lists: {}", e.toString());
        }
    }

    /** An administrator's "refresh now": fetched at once, in the request; returns the subscription as it now is. */
    public DomainSubscription refreshNow(Account admin, long id) {
        if (admin == null || !admin.isAdmin() || !admin.isActive()) {
            throw new Forbidden(Message.of("svc.settings.adminsOnly"));
        }
        DomainSubscription s = policy.subscriptions().stream().filter(x -> x.id() == id).findFirst()
                .orElseThrow(() -> new NotFound(Message.of("domains.error.noList")));
        refresh(s, admin.actorId());
        return policy.subscriptions().stream().filter(x -> x.id() == id).findFirst().orElse(s);
    }

    /** Fetches one list and applies it, or records why not; never throws for the list's own faults. */
    String refresh(DomainSubscription s, Long by) {
        Map<String, String> conditional = new LinkedHashMap<>();
        if (s.etag() != null) {
            conditional.put("If-None-Match", s.etag());
        }
        if (s.lastModified() != null) {
            conditional.put("If-Modified-Since", s.lastModified());
        }
        FetchResponse response;
        try {
            response = http.get(URI.create(s.url()), ACCEPT, conditional, null, new FetchBudget(1));
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.HTTP_STATUS && e.status() == 304) {
                policy.recordOutcome(s.id(), DomainSubscription.UNCHANGED, null);
                return DomainSubscription.UNCHANGED;
            }
            return failed(s, e.getMessage());
        } catch (IllegalArgumentException e) {
            return failed(s, "not a URL: " + s.url());
        }
        DomainCsv.Parsed parsed;
        try {
            parsed = DomainCsv.parse(response.body(), s.severity());
        } catch (InvalidInput e) {
            return failed(s, e.problems().values().stream().map(Message::english).findFirst().orElse("invalid list"));
        }
        int n = policy.applyList(s.id(), parsed, by, response.etag().orElse(null),
                response.lastModified().orElse(null));
        log.info("domain list {}: {} entries", s.url(), n);
        return DomainSubscription.OK;
    }

    private String failed(DomainSubscription s, String why) {
        log.info("domain list {} not refreshed: {}", s.url(), why);
        policy.recordOutcome(s.id(), DomainSubscription.FAILED, why);
        return DomainSubscription.FAILED;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        http.close();
    }
}
