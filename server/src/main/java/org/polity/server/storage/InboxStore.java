package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.InboxEntry;
import org.polity.server.model.InboxItem;

public interface InboxStore {
    /** Queues an activity; false when its id was seen before (nothing stored). */
    boolean insertIfNew(String activityUri, String activityType, String actorUri, Long recipientId, String payload,
            Instant receivedAt);

    /**
     * Queued items whose time has come, oldest first; of each actor only the first, and none while an earlier
     * item of that actor is due or being processed: one actor's activities are handled in arrival order (a Follow
     * before its Undo), whichever node or thread takes them. An item waiting to be retried later does not hold
     * back its actor's later items.
     */
    List<InboxItem> findDue(Instant now, int limit);

    /**
     * Claims {@code candidates} (from {@link #findDue}) for {@code node} until {@code leaseUntil}, as
     * {@link DeliveryStore#claim} does; returns the ones claimed, in the given order.
     */
    List<InboxItem> claim(List<InboxItem> candidates, String node, Instant now, Instant leaseUntil);

    /**
     * Gives back what {@code node} claimed and did not finish (it stops), received activities and deferred
     * requests alike: due again at {@code now}.
     */
    int releaseClaims(String node, Instant now);

    /**
     * An inbox POST kept as it came, to be checked off the request thread ({@code inbox_deferred}): the request
     * line and headers as JSON ({@code method}, {@code target}, {@code headers}), and the body's exact bytes.
     */
    record Deferred(long id, String activityUri, String actorUri, Long recipientId, String request, byte[] body,
            Instant receivedAt, int attempts) {}

    void defer(String activityUri, String actorUri, Long recipientId, String request, byte[] body, Instant receivedAt);

    /** How many deferred requests wait to be checked. */
    long countDeferredWaiting();

    /** Whether requests of {@code actorUri} wait to be checked (its later ones wait behind them). */
    boolean hasDeferredWaiting(String actorUri);

    /** Deferred requests due now, oldest first, one actor's one at a time (as {@link #findDue}). */
    List<Deferred> findDeferredDue(Instant now, int limit);

    /** Claims deferred requests as {@link #claim} claims items. */
    List<Deferred> claimDeferred(List<Deferred> candidates, String node, Instant now, Instant leaseUntil);

    /** A deferred request checked: {@code outcome} is ADMITTED, REFUSED, DROPPED or FAILED. */
    void finishDeferred(long id, String outcome, String detail, Instant at);

    void retryDeferredLater(long id, Instant nextAttemptAt, String detail);

    /** Where a deferred request stands: QUEUED or DONE, and once DONE its outcome and why. */
    record DeferredOutcome(String state, String outcome, String detail) {}

    /** The latest deferred request that carried {@code activityUri}, if any. */
    Optional<DeferredOutcome> findDeferredOutcome(String activityUri);

    Optional<InboxItem> findInboxItemByActivityUri(String activityUri);

    /**
     * An item processed: DONE or FAILED. A DONE one joins, in the same transaction, the inbox index of each local
     * actor it is for (see {@link #findAddressedTo}).
     */
    void finish(long id, InboxItem.State state, String outcome, String detail, Instant at);

    /**
     * Adds an activity of ours to the inbox index of each local actor it is addressed to (by name, or through the
     * followers collection of its actor whom they follow, accepted); call it in the transaction that stores the
     * activity and its addressing. Returns how many inboxes it joined.
     */
    int indexActivity(long activityId);

    void retryLater(long id, Instant nextAttemptAt, String detail);

    /**
     * A local actor's inbox, newest first, read from its inbox index: activities by others that were addressed to
     * it when they were stored, ours (from {@code activities}, indexed by {@link #indexActivity}) and received
     * ones that were processed (from {@code inbox_items}, indexed by {@link #finish}). Addressed means: the
     * actor's personal inbox received it, or the activity's addressing rows name the actor, or name the followers
     * collection of the activity's own actor whom it follows (accepted) at that time. Entries strictly before the
     * cursor {@code (beforeAt, beforeSource, beforeId)} in that order; pass {@link #FIRST_PAGE} values for the
     * first page.
     */
    List<InboxEntry> findAddressedTo(long actorId, String actorUri, Instant beforeAt, InboxEntry.Source beforeSource,
            long beforeId, int limit);

    /** How many entries the actor's inbox has: a counter kept with the index, not a count. */
    long countAddressedTo(long actorId, String actorUri);

    /**
     * Deletes at most {@code limit} received items that were finished (DONE or FAILED) before {@code before} and
     * that no inbox index row names; returns how many. Safe when several nodes prune at once.
     */
    int pruneFinished(Instant before, int limit);

    /** Deletes at most {@code limit} deferred requests checked (DONE) before {@code before}; returns how many. */
    int pruneDeferred(Instant before, int limit);

    /** A cursor time later than any entry: with {@code Source.RECEIVED} and Long.MAX_VALUE, the first page. */
    Instant FIRST_PAGE = Instant.parse("3000-01-01T00:00:00Z");

    /** How many received activities wait to be processed, and when the oldest of them arrived (null: none). */
    DeliveryStore.Depth queuedDepth();
}
