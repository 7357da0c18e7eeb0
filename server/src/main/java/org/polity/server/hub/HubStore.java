package org.polity.server.hub;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The hub's members and what it relayed, and a national instance's subscription to its hub (tables of V15). */
public interface HubStore {
    /** A member instance, by its instance actor; {@code state} is PENDING, ACCEPTED or SUSPENDED. */
    record Member(long actorId, String domain, String state, String followActivityUri, Instant requestedAt,
            Instant decidedAt) {
        public static final String PENDING = "PENDING";
        public static final String ACCEPTED = "ACCEPTED";
        public static final String SUSPENDED = "SUSPENDED";
    }

    /** An activity the hub relayed: the original's id, where it came from, and the hub's copy (activities.id). */
    record Relayed(long id, String activityUri, String originDomain, String activityType, long relayedActivityId,
            Instant receivedAt) {}

    /** This instance's subscription to its hub; {@code state} is PENDING or ACCEPTED. */
    record Subscription(String hubActorUri, String hubInboxUri, String followActivityUri, String state,
            List<String> kinds, Instant updatedAt) {}

    /** Records a request to join (a new one replaces an older request of the same instance, keeping a suspension). */
    void putMember(Member member);

    void setMemberState(long actorId, String state, Long decidedBy, Instant at);

    Optional<Member> findMember(long actorId);

    Optional<Member> findMemberByDomain(String domain);

    List<Member> findMembers(String state);

    /** Records a relayed activity once; false when its id was relayed already. */
    boolean insertRelayed(Relayed relayed);

    /** Relayed activities after row {@code afterId}, oldest first (the backfill's pages). */
    List<Relayed> findRelayed(long afterId, int limit);

    long countRelayed();

    Optional<Subscription> findSubscription();

    void putSubscription(Subscription subscription);
}
