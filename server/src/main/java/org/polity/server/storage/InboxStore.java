package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.InboxItem;

public interface InboxStore {
    /** Queues an activity; false when its id was seen before (nothing stored). */
    boolean insertIfNew(String activityUri, String activityType, String actorUri, Long recipientId, String payload,
            Instant receivedAt);

    /** Queued items whose time has come, oldest first. */
    List<InboxItem> findDue(Instant now, int limit);

    Optional<InboxItem> findInboxItemByActivityUri(String activityUri);

    void finish(long id, InboxItem.State state, String outcome, String detail, Instant at);

    void retryLater(long id, Instant nextAttemptAt, String detail);
}
