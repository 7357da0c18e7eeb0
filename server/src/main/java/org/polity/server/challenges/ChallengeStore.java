package org.polity.server.challenges;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Challenges' filterable fields, versions, responses, issuers and followers (tables of V14). The opened
 * challenge and each response are objects ({@code objects}, kinds CHALLENGE and RESPONSE); this store never
 * writes there.
 */
public interface ChallengeStore {
    /** One challenge as stored: the current fields (with its status), and its object once opened. */
    record Entry(long id, String objectUri, boolean local, long authorId, Challenge fields, int version,
            Instant createdAt, Instant updatedAt) {
        public ChallengeStatus status() {
            return fields.status();
        }
    }

    /** One saved version of a challenge's fields. */
    record Version(long challengeId, int version, Challenge fields, String authorUri, Instant createdAt) {}

    /**
     * Directory filters; null or 0 means any. {@code deadlineAfter}: only challenges still inviting responses
     * then (no deadline, or a later one); {@code text}: words of the title, summary or description.
     */
    record Filter(String country, String sector, int sdg, ChallengeStatus status, Instant deadlineAfter,
            String text) {
        public static Filter none() {
            return new Filter(null, null, 0, null, null, null);
        }
    }

    /** A response a challenge collected, with what its issuer made of it. */
    record Response(String responseUri, String challengeUri, long responderId, String country, String questionId,
            String categoryId, boolean shortlisted, boolean featured, Instant receivedAt) {}

    /** Someone following a challenge; {@code state} is {@code PENDING} or {@code ACCEPTED}. */
    record Follower(String challengeUri, long followerId, String activityUri, String state, Instant createdAt) {
        public static final String PENDING = "PENDING";
        public static final String ACCEPTED = "ACCEPTED";
    }

    /** Inserts a challenge at version 1 (its first version is recorded too); returns it with its id. */
    Entry insert(Entry entry, String authorUri);

    /**
     * Replaces the fields (and status) of challenge {@code id}, keeping the prior ones as a version, when it is
     * at {@code expectedVersion}; false when it has moved on (someone saved in between) or is gone.
     */
    boolean updateFields(long id, int expectedVersion, Challenge fields, String authorUri, Instant now);

    /** Sets the object's id, once the challenge opens. */
    void setObjectUri(long id, String objectUri, Instant now);

    Optional<Entry> findById(long id);

    Optional<Entry> findByObjectUri(String objectUri);

    /**
     * One entry of the directory: a public, live object of kind CHALLENGE, with its challenge row when there is
     * one (a challenge sent by a C2S client, or received before V14, has none: it is listed, but matches no
     * filter).
     */
    record DirectoryRow(org.polity.server.model.StoredObject object, Entry entry) {}

    /** The directory, newest first, after the object with row id {@code beforeObjectId} (null: from the start). */
    List<DirectoryRow> findDirectory(Filter filter, Long beforeObjectId, int limit);

    long countDirectory(Filter filter);

    /** An issuer's own challenges in any status, newest first. */
    List<Entry> findByAuthor(long authorId, int limit);

    List<Version> findVersions(long id);

    /** Records a response once; a repeated one is left as it is. True when it was new. */
    boolean insertResponse(Response response);

    Optional<Response> findResponse(String responseUri);

    /** A challenge's live responses (their objects not deleted), oldest first, {@code offset} rows on. */
    List<Response> findResponses(String challengeUri, int offset, int limit);

    long countResponses(String challengeUri);

    void setShortlisted(String responseUri, boolean shortlisted);

    void setFeatured(String responseUri, boolean featured);

    boolean isIssuer(long accountId);

    void addIssuer(long accountId, long grantedBy, Instant now);

    void removeIssuer(long accountId);

    List<Long> findIssuers();

    /** Records (or replaces) a follower of a challenge. */
    void putFollower(Follower follower);

    void removeFollower(String challengeUri, long followerId);

    Optional<Follower> findFollower(String challengeUri, long followerId);

    Optional<Follower> findFollowerByActivity(String activityUri);

    /** A challenge's followers in {@code state}, oldest first. */
    List<Follower> findFollowers(String challengeUri, String state);
}
