package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.Follow;

public interface FollowStore {
    /** Inserts a follow, or returns the existing one for the same pair (a repeated Follow is not an error). */
    Follow insertOrGet(long followerId, long followedId, Follow.State state, String activityUri, Instant at);

    Optional<Follow> findFollow(long followerId, long followedId);

    Optional<Follow> findFollowByActivityUri(String activityUri);

    boolean accept(long id, Instant at);

    boolean delete(long id);

    /** Followers of {@code followedId} in that state, oldest first, after row id {@code afterId}. */
    List<Follow> findFollowers(long followedId, Follow.State state, long afterId, int limit);

    List<Follow> findFollowing(long followerId, Follow.State state, long afterId, int limit);

    long countFollowers(long followedId, Follow.State state);

    long countFollowing(long followerId, Follow.State state);

    /** Distinct inboxes of an actor's accepted followers: shared inbox where known, else personal. */
    List<String> findFollowerInboxes(long followedId);

    /** Whether any of our actors is an accepted follower of {@code followedId} (a remote group we belong to). */
    boolean hasLocalFollower(long followedId);

    /** Keeps the message sent with a request to follow or join. */
    void setMessage(long followId, String message);

    Optional<String> findMessage(long followId);

    /**
     * Whether {@code followerId} is an accepted follower of any actor whose followers collection is one of
     * {@code followersUris} (who may read a post addressed to a followers collection, a group's included).
     */
    boolean followsAnyCollection(long followerId, List<String> followersUris);

    /**
     * Whether any actor of the remote {@code domain} is an accepted follower of an actor whose followers
     * collection is one of {@code followersUris} (a server fetching, with its instance actor, a post meant for
     * its members).
     */
    boolean domainFollowsAnyCollection(String domain, List<String> followersUris);
}
