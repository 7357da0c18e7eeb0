package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import org.polity.server.model.Notification;

public interface NotificationStore {
    Notification insert(long recipientId, Notification.Kind kind, Long fromActorId, String objectUri, Instant at);

    /** A recipient's notifications, newest first, before row id {@code beforeId} (exclusive). */
    List<Notification> findNotifications(long recipientId, long beforeId, int limit);

    long countUnread(long recipientId);

    /** Marks every unread notification of the recipient up to row id {@code upToId} read; returns how many. */
    int markRead(long recipientId, long upToId, Instant at);
}
