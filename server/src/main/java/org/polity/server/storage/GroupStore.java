package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;

/** Our groups' settings, roles and invitations; group posts and threads (ours and remote); hashtags. */
public interface GroupStore {
    void insertGroup(GroupInfo group);

    Optional<GroupInfo> findGroup(long actorId);

    /** Changes membership, visibility, description and rules (Markdown as written); false when absent. */
    boolean updateGroup(long actorId, GroupInfo.Membership membership, boolean membersOnly, String aboutSource,
            String rulesSource);

    /** Actor ids of our groups, by name. */
    List<Long> findLocalGroupIds(int limit);

    void setRole(long groupId, long actorId, GroupInfo.Role role);

    boolean removeRole(long groupId, long actorId);

    Optional<GroupInfo.Role> findRole(long groupId, long actorId);

    /** (actor id, role) of a group's admins and moderators, admins first. */
    List<RoleRow> findRoles(long groupId);

    record RoleRow(long actorId, GroupInfo.Role role) {}

    /** Records an invitation; false when the actor was invited already. */
    boolean insertInvitation(long groupId, long actorId, Long invitedBy, Instant at);

    boolean hasInvitation(long groupId, long actorId);

    boolean deleteInvitation(long groupId, long actorId);

    /** Group ids (local and remote) that have invited {@code actorId}. */
    List<Long> findInvitationsFor(long actorId);

    /** Bans an actor from a group; false when banned already. */
    boolean insertBan(long groupId, long actorId, Long bannedBy, Instant at);

    /** As above, ending at {@code expiresAt} (null: until lifted); an expired ban bans no more (V20). */
    boolean insertBan(long groupId, long actorId, Long bannedBy, Instant at, Instant expiresAt);

    boolean isBanned(long groupId, long actorId);

    boolean deleteBan(long groupId, long actorId);

    /** Actor ids banned from a group, latest first. */
    List<Long> findBans(long groupId, int limit);

    // --- posts and threads ------------------------------------------------------------------------------------

    /** Records that a post belongs to a group's thread; false when it was recorded already. */
    boolean insertPost(GroupPost post);

    Optional<GroupPost> findPost(String objectUri);

    /** Takes a post out of its group (the group's host removed it); false when it was not in one. */
    boolean deletePost(String objectUri);

    /** Object URIs of a thread's posts (the thread first), oldest first. */
    List<String> findThreadPosts(String threadUri, int limit);

    boolean insertThread(GroupThread thread);

    Optional<GroupThread> findThread(String objectUri);

    /** A group's threads: pinned first, then by latest activity, newest first. */
    List<GroupThread> findThreads(String groupUri, int offset, int limit);

    long countThreads(String groupUri);

    boolean setPinned(String threadUri, boolean pinned);

    boolean setLocked(String threadUri, boolean locked);

    boolean setAcceptedAnswer(String threadUri, String answerUri);

    /** One more (or one less, with -1) reply, and the thread's latest activity. */
    void touchThread(String threadUri, int replyDelta, Instant at);

    // --- hashtags ---------------------------------------------------------------------------------------------

    void insertTags(String objectUri, List<String> tags);

    /** Object URIs with a tag, newest first. */
    List<String> findTagged(String tag, int limit);
}
