package org.polity.server.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.polity.server.model.Delivery;

public interface DeliveryStore {
    /**
     * Queues one delivery per inbox (duplicates ignored); returns how many were queued. In the same transaction,
     * records who holds a copy of the activity's object and of its actor ({@link #findInboxesForObject}), which
     * outlives the delivery rows.
     */
    int enqueue(long activityId, Collection<String> inboxUris, Instant at);

    /**
     * Pending deliveries due now, oldest first, at most {@code perHost} for any one host (so a host with a
     * long backlog cannot crowd the others out of a batch), skipping hosts that are unavailable.
     */
    List<Delivery> findDue(Instant now, int perHost, int limit);

    /**
     * Claims {@code candidates} (from {@link #findDue}) for {@code node} until {@code leaseUntil}: each one still
     * pending, due, and not being claimed by another node at this moment ({@code FOR UPDATE SKIP LOCKED}) gets
     * its next attempt moved to the lease's end, so no other node takes it while this one posts it, and any node
     * takes it again if this one dies. Returns the ones claimed, in the given order.
     */
    List<Delivery> claim(List<Delivery> candidates, String node, Instant now, Instant leaseUntil);

    /**
     * Gives back what {@code node} claimed and did not finish (it stops; null: every node, for the one server of
     * an H2 database at its start): due again at {@code now}.
     */
    int releaseClaims(String node, Instant now);

    /** Moves a host's pending deliveries due before {@code until} to {@code until} (circuit breaker open). */
    int postponeHost(String host, Instant until);

    void markDelivered(long id, int status, Instant at);

    void markFailed(long id, Integer status, String error, Instant at);

    void scheduleRetry(long id, int attempts, Instant nextAttemptAt, Integer status, String error);

    List<Delivery> findDeliveriesByActivityId(long activityId);

    /**
     * Every inbox that was sent (or is queued) an activity about {@code objectUri}: its Create, Updates,
     * Announces, and a group's Announce of its Create. Who holds a copy, for its Delete to reach them all. Read
     * from the holders table, so it still answers after the deliveries were pruned.
     */
    List<String> findInboxesForObject(String objectUri);

    /** Every inbox that was sent (or is queued) an activity of {@code actorId}: who knows the actor. */
    List<String> findInboxesForActor(long actorId);

    long countByState(Delivery.State state);

    /**
     * Deletes at most {@code limit} deliveries that ended (DELIVERED or FAILED) before {@code before}; returns
     * how many. Pending ones are never pruned. Safe when several nodes prune at once.
     */
    int pruneFinished(Instant before, int limit);

    /** How many deliveries wait, and since when the oldest of them was queued (null when none waits). */
    record Depth(long pending, Instant oldestQueuedAt) {}

    Depth pendingDepth();

    /**
     * One host's waiting deliveries for the delivery queue page: how many, the oldest, the next attempt, the most
     * attempts any has had and the last error; with the host's state (AVAILABLE when never failed).
     */
    record HostQueue(String host, long pending, Instant oldestQueuedAt, Instant nextAttemptAt, int maxAttempts,
            String lastError, org.polity.server.model.RemoteHost.State hostState, Instant failingSince) {}

    /** The hosts with waiting deliveries, the longest queue first. */
    List<HostQueue> findHostQueues(int limit);
}
