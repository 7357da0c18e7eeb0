package org.polity.server.storage;

import java.util.Optional;
import org.polity.server.model.MediaItem;

/** The uploaded files' rows ({@code media}); the bytes are in the media store ({@code resources.MediaStore}). */
public interface MediaItemStore {
    /** Stores the row (its id is ignored) and returns it with its id. */
    MediaItem insert(MediaItem item);

    /** The file stored under {@code key}, or whose thumbnail is stored under it. */
    Optional<MediaItem> findMediaByKey(String key);

    /** Links the file to the resource object it was published in. */
    void linkObject(long id, String objectUri);

    /** Removes the row (the file is removed from the store by the caller). */
    void delete(long id);

    /** How many rows there are (tests: nothing is left behind after a refusal). */
    long count();
}
