package org.polity.server.domains;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The domain rules and the subscribed lists (V18). */
public interface DomainPolicyStore {
    /** Every rule, by domain. */
    List<DomainRule> findRules();

    Optional<DomainRule> findRule(String domain);

    /** Stores the rule for its domain, replacing whatever was there (a manual rule takes over a subscribed one). */
    void upsertRule(DomainRule rule);

    boolean deleteRule(String domain);

    /**
     * Replaces the rules that came from subscription {@code subscriptionId} with {@code rules} (their source and
     * subscription id are set here), leaving alone every domain that has a rule of another origin; returns how many
     * were stored.
     */
    int replaceSubscribedRules(long subscriptionId, List<DomainRule> rules);

    long insertSubscription(DomainSubscription subscription);

    List<DomainSubscription> findSubscriptions();

    Optional<DomainSubscription> findSubscription(long id);

    /** Removes a subscription and the rules that came from it. */
    boolean deleteSubscription(long id);

    /** Records a refresh: when, how it went, the validators for the next conditional GET, how many entries. */
    void recordFetch(long id, Instant at, String status, String error, String etag, String lastModified,
            Integer entryCount);

    /**
     * Ends every follow, either way, between one of our actors and a remote actor the rule for {@code domain}
     * covers; returns how many.
     */
    int severFollows(String domain);

    /** The domains (host[:port]) of remote actors in a follow with one of ours, either way. */
    java.util.List<String> findFollowDomains();

    /** Marks failed, with {@code reason}, every pending delivery to a host the rule for {@code domain} covers. */
    int dropPendingDeliveries(String domain, String reason, Instant at);
}
