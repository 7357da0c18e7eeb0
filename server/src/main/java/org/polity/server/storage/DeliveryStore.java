package org.polity.server.storage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.polity.server.model.Delivery;

public interface DeliveryStore {
    /** Queues one delivery per inbox (duplicates ignored); returns how many were queued. */
    int enqueue(long activityId, Collection<String> inboxUris, Instant at);

    /**
     * Pending deliveries due now, oldest first, at most {@code perHost} for any one host (so a host with a
     * long backlog cannot crowd the others out of a batch), skipping hosts that are unavailable.
     */
    List<Delivery> findDue(Instant now, int perHost, int limit);

    /** Moves a host's pending deliveries due before {@code until} to {@code until} (circuit breaker open). */
    int postponeHost(String host, Instant until);

    void markDelivered(long id, int status, Instant at);

    void markFailed(long id, Integer status, String error, Instant at);

    void scheduleRetry(long id, int attempts, Instant nextAttemptAt, Integer status, String error);

    List<Delivery> findDeliveriesByActivityId(long activityId);

    long countByState(Delivery.State state);

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
