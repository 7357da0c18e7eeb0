package org.polity.server.storage;

import java.util.List;
import java.util.Optional;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;

public interface ActivityStore {
    StoredActivity insert(StoredActivity activity);

    Optional<StoredActivity> findActivityByUri(String uri);

    Optional<StoredActivity> findActivityById(long id);

    /** An actor's activities with one of the visibilities, newest first, before row id {@code beforeId}. */
    List<StoredActivity> findByActor(long actorId, List<Visibility> visibilities, long beforeId, int limit);

    long countByActor(long actorId, List<Visibility> visibilities);
}
