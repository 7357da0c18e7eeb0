package org.polity.server.blocks;

import java.time.Instant;

/**
 * One actor's block or mute of another. A {@link Kind#BLOCK} whose actor is ours was made here and sent as a
 * {@code Block}; one whose actor is remote is another server's member blocking one of ours. A {@link Kind#MUTE}
 * is ours alone and never leaves this server.
 *
 * @param activityUri the Block activity's id (null for a mute)
 * @param hideNotifications a mute that also keeps the muted account's notifications away
 * @param expiresAt when a mute ends by itself; null for "until undone" (and for every block)
 */
public record Block(long id, long actorId, long targetId, Kind kind, String activityUri, boolean hideNotifications,
        Instant expiresAt, Instant createdAt) {
    public enum Kind { BLOCK, MUTE }

    /** Whether the row still applies at {@code now} (a mute past its end does not). */
    public boolean activeAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }
}
