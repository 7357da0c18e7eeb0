package org.polity.server.storage;

import java.time.Instant;
import java.util.Optional;
import org.polity.server.model.Reaction;

public interface ReactionStore {
    /** Stores a reaction; false when the actor already reacted so, or the activity id was seen. */
    boolean insertIfNew(Reaction.Kind kind, long actorId, String objectUri, String activityUri, Instant at);

    Optional<Reaction> findReactionByActivityUri(String activityUri);

    boolean delete(long id);

    long count(String objectUri, Reaction.Kind kind);
}
