package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;

public interface ObjectStore {
    StoredObject insert(StoredObject object);

    Optional<StoredObject> findObjectByUri(String uri);

    Optional<StoredObject> findObjectById(long id);

    /** Replaces the content of an object (Update); false when absent. */
    boolean update(String uri, String name, String contentHtml, String payload, Instant updatedAt);

    /** Marks an object deleted (it becomes a Tombstone); false when absent or already deleted. */
    boolean markDeleted(String uri, Instant at);

    /** Objects that reply to {@code uri}, oldest first. */
    List<StoredObject> findReplies(String uri, int limit);

    /**
     * The home timeline of a local actor: objects by actors it follows (accepted) and its own, that it may
     * see, newest first, before {@code beforeId} (exclusive; Long.MAX_VALUE for the first page).
     */
    List<StoredObject> findHomeTimeline(long actorId, String actorUri, long beforeId, int limit);

    /** Live objects by one author, newest first, before row id {@code beforeId} (exclusive); no visibility check. */
    List<StoredObject> findObjectsByAuthor(long authorId, long beforeId, int limit);

    /**
     * Live PUBLIC objects of one directory kind (not unlisted, not deleted; local and received), newest
     * first by {@code published_at}, then by row id. {@code beforeId} is the row id of the last object of the
     * previous page (a keyset cursor), or null for the first page.
     */
    List<StoredObject> findPublicObjectsByKind(ObjectKind kind, Long beforeId, int limit);

    /** How many objects {@link #findPublicObjectsByKind} lists in all. */
    long countPublicObjectsByKind(ObjectKind kind);

    /**
     * Live PUBLIC objects of any of {@code kinds}, by row id ascending after {@code afterId} (exclusive; 0 for the
     * first page): a keyset walk over every one of them, for the knowledge base.
     */
    List<StoredObject> findPublicObjectsOfKinds(java.util.Set<ObjectKind> kinds, long afterId, int limit);

    /**
     * A cheap fingerprint of every row of {@code kinds} (any visibility, deleted ones too): their count, the
     * largest row id and the latest published, updated and deleted instants. It changes whenever such an object
     * is stored, edited or deleted.
     */
    String fingerprintOfKinds(java.util.Set<ObjectKind> kinds);

    /** Who an object or activity is addressed to. */
    void insertAddressing(String subjectUri, List<String> recipientUris);

    List<String> findAddressing(String subjectUri);

    /** The objects stored under these ids, by id (absent ones left out): one query for a page of them. */
    java.util.Map<String, StoredObject> findObjectsByUris(java.util.Collection<String> uris);
}
