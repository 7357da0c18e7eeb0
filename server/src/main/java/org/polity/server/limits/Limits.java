package org.polity.server.limits;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import org.polity.server.config.LimitsConfig;

/**
 * The instance's rate limits (docs/operations.md, "Rate limits and caps"), one {@link RateLimiter} per rule,
 * and the client address they are keyed by. Per process: see {@link RateLimiter}.
 */
public final class Limits {
    /** Keys per rule kept in memory; beyond it the least used are forgotten (about 100 bytes each). */
    static final int MAX_KEYS = 100_000;

    /** Each rule and its setting. */
    public enum Rule {
        /** Every POST to an inbox, before anything is read or fetched. */
        INBOX_PER_IP("rate.inbox.per.ip"),
        /** Inbox POSTs by one signer, counted once the signature verifies (a key id is only a claim before). */
        INBOX_PER_ACTOR("rate.inbox.per.actor"),
        /** Inbox POSTs by the signers of one host (host and port), counted once the signature verifies. */
        INBOX_PER_DOMAIN("rate.inbox.per.domain"),
        /** Sign-up form posts. */
        SIGNUP_PER_IP("rate.signup.per.ip"),
        /** Log-in form posts, whatever their outcome (the failures have their own brake, LoginThrottle). */
        LOGIN_PER_IP("rate.login.per.ip"),
        /** Searches, in HTML or JSON. */
        SEARCH_PER_IP("rate.search.per.ip"),
        /** Reports filed by one member (each may send Flags to other servers). */
        REPORT_PER_ACCOUNT("rate.report.per.account");

        private final String setting;

        Rule(String setting) {
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }

        /** Whether the rule counts by client address (the others count by a verified actor or host). */
        public boolean byAddress() {
            return setting.endsWith(".per.ip");
        }
    }

    private final Map<Rule, RateLimiter> limiters = new EnumMap<>(Rule.class);
    private final ClientAddress clientAddress;

    public Limits(LimitsConfig config, Clock clock) {
        this(config, clock, null);
    }

    /** Limits whose counts the nodes share through {@code shared} (null: this process only). */
    public Limits(LimitsConfig config, Clock clock, SharedWindows shared) {
        for (Rule rule : Rule.values()) {
            limiters.put(rule, new RateLimiter(config.rate(rule), clock, MAX_KEYS, shared, rule.setting()));
        }
        this.clientAddress = new ClientAddress(config.trustedProxies(), config.forwardedHeader());
    }

    /** The client's address: the peer's, or the one our trusted proxy forwarded (see {@link ClientAddress}). */
    public String clientAddress(Context ctx) {
        return clientAddress.of(ctx);
    }

    /**
     * Counts one request against {@code rule} for {@code key} (a client address for the per-address rules, an
     * actor id or a host otherwise): empty when allowed, else seconds to wait.
     */
    public OptionalLong acquire(Rule rule, String key) {
        return limiters.get(rule).acquire(rule.byAddress() ? addressKey(key) : key);
    }

    /**
     * What a per-address rule counts by: an IPv4 address as it is, an IPv6 address by its /64. One subscriber
     * line or one virtual machine usually gets a whole /64, and could otherwise take a fresh address for every
     * request and never meet the limit.
     */
    static String addressKey(String address) {
        return AddressRange.literal(address)
                .filter(a -> a instanceof java.net.Inet6Address)
                .map(a -> new AddressRange(a.getAddress(), 128).masked(64).toString())
                .orElse(address);
    }

    /** {@link #acquire}, throwing {@link RateLimited} (answered 429 by the server) when refused. */
    public void enforce(Rule rule, String key) {
        OptionalLong wait = acquire(rule, key);
        if (wait.isPresent()) {
            throw new RateLimited(wait.getAsLong());
        }
    }
}
