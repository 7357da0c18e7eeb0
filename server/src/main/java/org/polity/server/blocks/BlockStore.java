package org.polity.server.blocks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Blocks and mutes (V21, table {@code actor_blocks}). */
public interface BlockStore {
    /**
     * Stores the block or mute of {@code targetId} by {@code actorId}, or, when the pair already has one of that
     * kind, updates its activity, notification choice and end, and returns it.
     */
    Block upsert(long actorId, long targetId, Block.Kind kind, String activityUri, boolean hideNotifications,
            Instant expiresAt, Instant at);

    Optional<Block> find(long actorId, long targetId, Block.Kind kind);

    Optional<Block> findByActivityUri(String activityUri);

    /** Removes the pair's row of that kind; whether there was one. */
    boolean delete(long actorId, long targetId, Block.Kind kind);

    /** An actor's blocks or mutes, newest first, with row ids below {@code beforeId}. */
    List<Block> findByActor(long actorId, Block.Kind kind, long beforeId, int limit);

    /** Whether either actor blocks the other. */
    boolean blockedEitherWay(long a, long b);

    /**
     * The actors whose posts {@code viewerId} does not see at {@code now}: those they block, those who block
     * them, and those they mute (an expired mute no longer counts).
     */
    Set<Long> hiddenFrom(long viewerId, Instant now);

    /** Whether {@code recipientId} hears nothing from {@code fromId}: a block either way, or a mute that hides notifications. */
    boolean silences(long recipientId, long fromId, Instant now);

    /** Removes mutes that ended before {@code now}; how many. */
    int deleteExpired(Instant now);
}
