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

    /** Gives back what {@code node} claimed and did not finish (it stops): due again at {@code now}. */
    int releaseClaims(String node, Instant now);

    Optional<InboxItem> findInboxItemByActivityUri(String activityUri);

    void finish(long id, InboxItem.State state, String outcome, String detail, Instant at);

    void retryLater(long id, Instant nextAttemptAt, String detail);

    /**
     * A local actor's inbox, newest first: activities by others addressed to it, ours (from
     * {@code activities}) and received ones that were processed (from {@code inbox_items}). Addressed means: the
     * actor's personal inbox received it, or the activity's addressing rows name the actor, or name the followers
     * collection of the activity's own actor whom it follows (accepted). Entries strictly before the cursor
     * {@code (beforeAt, beforeSource, beforeId)} in that order; pass {@link #FIRST_PAGE} values for the first page.
     */
    List<InboxEntry> findAddressedTo(long actorId, String actorUri, Instant beforeAt, InboxEntry.Source beforeSource,
            long beforeId, int limit);

    long countAddressedTo(long actorId, String actorUri);

    /** A cursor time later than any entry: with {@code Source.RECEIVED} and Long.MAX_VALUE, the first page. */
    Instant FIRST_PAGE = Instant.parse("3000-01-01T00:00:00Z");

    /** How many received activities wait to be processed, and when the oldest of them arrived (null: none). */
    DeliveryStore.Depth queuedDepth();
}
