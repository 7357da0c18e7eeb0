package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.Reaction;

public interface ReactionStore {
    /** Stores a reaction; false when the actor already reacted so, or the activity id was seen. */
    boolean insertIfNew(Reaction.Kind kind, long actorId, String objectUri, String activityUri, Instant at);

    Optional<Reaction> findReactionByActivityUri(String activityUri);

    boolean delete(long id);

    long count(String objectUri, Reaction.Kind kind);

    /** The reactions of one kind to an object, newest first, with row ids below {@code beforeId}. */
    List<Reaction> findByObject(String objectUri, Reaction.Kind kind, long beforeId, int limit);

    /**
     * The actor's likes of objects this instance holds and that are not deleted, newest first, with row ids
     * below {@code beforeId}; with {@code listedOnly}, only of public and unlisted objects.
     */
    List<Reaction> findLikedBy(long actorId, boolean listedOnly, long beforeId, int limit);

    long countLikedBy(long actorId, boolean listedOnly);

    /** {@link #count} for many objects in one query, by object id (objects without reactions left out). */
    java.util.Map<String, Long> countByObjects(java.util.Collection<String> objectUris, Reaction.Kind kind);
}
