package org.polity.server.groups;

import org.polity.server.audit.AuditLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.activitypub.FollowService;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteActors;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.Notification;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;
import org.polity.server.text.Html;

/**
 * Who is in a group (FEP-1b12: its members are its accepted followers): joining (open, by approval, by
 * invitation), leaving, requests and their answers, removing and banning, invitations and roles, for our
 * groups and remote ones, from our members and from other servers.
 */
public final class Membership {
    public static final int MAX_MESSAGE = 1_000;

    private final Polity polity;
    private final GroupQueries queries;
    private final GroupNotices notices;
    private final RemoteActors actors;
    private final Publisher publisher;
    private final FollowService follows;
    private final GroupBans bans;

    Membership(Polity polity, GroupQueries queries, GroupNotices notices, RemoteActors actors, Publisher publisher,
            FollowService follows, GroupBans bans) {
        this.bans = bans;
        this.polity = polity;
        this.queries = queries;
        this.notices = notices;
        this.actors = actors;
        this.publisher = publisher;
        this.follows = follows;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    /**
     * Our member joins a group, ours or remote, with an optional message for those who decide. An open group
     * accepts at once; an approval group holds the request; an invitation-only group of ours accepts only
     * those invited.
     */
    public Follow join(Actor member, Actor group, String message) {
        if (group.type() != ActorType.Group) {
            throw InvalidInput.of("group", Message.of("groups.service.notAGroup", group.acct()));
        }
        String note = message == null ? "" : message.strip();
        if (note.length() > MAX_MESSAGE) {
            throw InvalidInput.of("message", Message.of("groups.service.messageLong", MAX_MESSAGE));
        }
        if (group.local()) {
            GroupInfo info = queries.info(group).orElseThrow();
            if (stores().groups().isBanned(group.id(), member.id())) {
                throw new Forbidden(Message.of("groups.service.banned"));
            }
            boolean invited = stores().groups().hasInvitation(group.id(), member.id());
            if (info.membership() == GroupInfo.Membership.INVITE && !invited) {
                throw new Forbidden(Message.of("groups.group.inviteOnly"));
            }
            boolean again = stores().follows().findFollow(member.id(), group.id()).isPresent();
            Follow follow = follows.follow(member, group, null);
            if (!note.isEmpty()) {
                stores().follows().setMessage(follow.id(), note);
            }
            if (follow.state() == Follow.State.PENDING) {
                if (invited) {
                    follows.approve(group, follow.id());
                    stores().groups().deleteInvitation(group.id(), member.id());
                    notices.tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, member.id(), group.uri());
                } else {
                    notices.tellModerators(group, Notification.Kind.GROUP_REQUEST, member.id(), group.uri());
                }
            } else if (!again) {
                notices.tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, member.id(), group.uri());
            }
            return stores().follows().findFollow(member.id(), group.id()).orElse(follow);
        }
        ObjectNode activity = publisher.activity(member, "Follow");
        if (!note.isEmpty()) {
            activity.put("content", Html.escape(note));
        }
        Follow follow = follows.follow(member, group, activity);
        if (!note.isEmpty()) {
            stores().follows().setMessage(follow.id(), note);
        }
        stores().groups().deleteInvitation(group.id(), member.id());
        return follow;
    }

    /** Our member leaves a group (or withdraws a request): Undo{Follow}. */
    public void leave(Actor member, Actor group) {
        follows.unfollow(member, group);
    }

    /**
     * A remote actor's Follow of one of our groups (inbox): the same rules as {@link #join}; a request to an
     * invitation-only group from someone not invited is refused with Reject.
     */
    public Follow receiveJoin(Actor follower, Actor group, JsonNode followActivity) {
        GroupInfo info = queries.info(group).orElseThrow();
        if (stores().groups().isBanned(group.id(), follower.id())) {
            follows.refuse(group, follower, followActivity);
            return null;
        }
        boolean invited = stores().groups().hasInvitation(group.id(), follower.id());
        if (info.membership() == GroupInfo.Membership.INVITE && !invited
                && stores().follows().findFollow(follower.id(), group.id()).isEmpty()) {
            follows.refuse(group, follower, followActivity);
            return null;
        }
        Follow follow = follows.receiveFollow(follower, group, followActivity);
        polity.federation().hostSoftware().learn(follower.uri()); // for distribute's by-id Announce
        String message = followActivity.path("content").asText("").strip();
        if (!message.isEmpty()) {
            stores().follows().setMessage(follow.id(), Html.toPlainText(message, MAX_MESSAGE));
        }
        boolean repeat = !followActivity.path("id").asText("").equals(follow.activityUri());
        if (follow.state() == Follow.State.PENDING) {
            if (invited) {
                follows.approve(group, follow.id());
                stores().groups().deleteInvitation(group.id(), follower.id());
                notices.tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, follower.id(), group.uri());
            } else {
                notices.tellModerators(group, Notification.Kind.GROUP_REQUEST, follower.id(), group.uri());
            }
        } else if (follow.state() == Follow.State.ACCEPTED && !repeat) {
            notices.tellModerators(group, Notification.Kind.GROUP_MEMBER_JOINED, follower.id(), group.uri());
        }
        return follow;
    }

    /** A moderator approves or declines a request to join one of our groups; the applicant is told. */
    public void decide(Actor by, Actor group, long followId, boolean approve) {
        queries.requireModerator(by, group);
        Follow follow = stores().follows().findFollowers(group.id(), Follow.State.PENDING, followId - 1, 1).stream()
                .filter(f -> f.id() == followId).findFirst()
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noRequest")));
        if (approve) {
            follows.approve(group, followId);
        } else {
            follows.reject(group, followId);
            stores().actors().findActorById(follow.followerId()).filter(Actor::local)
                    .ifPresent(a -> notices.notify(a.id(), Notification.Kind.GROUP_REJECTED, group.id(), group.uri()));
        }
    }

    /**
     * A moderator removes a member from one of our groups (a Reject of their Follow tells their server) and bans
     * them: they cannot join or post again until a moderator lifts the ban. Only admins remove moderators.
     */
    public void removeMember(Actor by, Actor group, Actor member) {
        removeMember(by, group, member, null);
    }

    /** As above, with the reason the ban's {@code Block} carries ({@code summary}); null for none. */
    public void removeMember(Actor by, Actor group, Actor member, String reason) {
        queries.requireModerator(by, group);
        Follow follow = stores().follows().findFollow(member.id(), group.id())
                .orElseThrow(() -> new NotFound(Message.of("groups.service.notAMember", member.acct())));
        Optional<GroupInfo.Role> theirs = stores().groups().findRole(group.id(), member.id());
        if (theirs.filter(r -> r == GroupInfo.Role.ADMIN).isPresent()) {
            throw new Forbidden(Message.of("groups.service.adminRemove"));
        }
        if (theirs.isPresent() && queries.role(group, by).filter(r -> r == GroupInfo.Role.ADMIN).isEmpty()) {
            throw new Forbidden(Message.of("groups.service.moderatorRemove"));
        }
        stores().groups().removeRole(group.id(), member.id());
        stores().groups().insertBan(group.id(), member.id(), by.id(), polity.clock().instant());
        polity.audit().record(by, AuditLog.GROUP_REMOVE_MEMBER, member.acct(), "group " + group.acct());
        if (by.local()) {
            bans.sendBan(by, group, member, reason); // Lemmy's Block with the group as target
        }
        if (follow.state() == Follow.State.PENDING) {
            decide(by, group, follow.id(), false);
            return;
        }
        stores().follows().delete(follow.id());
        if (!member.local()) {
            ObjectNode followRef = Publisher.JSON.createObjectNode();
            followRef.put("id", follow.activityUri());
            followRef.put("type", "Follow");
            followRef.put("actor", member.uri());
            followRef.put("object", group.uri());
            follows.refuse(group, member, followRef);
        }
    }

    /** A moderator lifts a ban: the person may ask to join again. */
    public void unban(Actor by, Actor group, Actor banned) {
        queries.requireModerator(by, group);
        if (!stores().groups().deleteBan(group.id(), banned.id())) {
            throw new NotFound(Message.of("groups.service.notBanned", banned.acct()));
        }
        polity.audit().record(by, AuditLog.GROUP_UNBAN, banned.acct(), "group " + group.acct());
        if (by.local()) {
            bans.sendUnban(by, group, banned);
        }
    }

    /**
     * A moderator of one of our groups invites someone (ours or remote, by handle): their request to join will
     * be accepted. A local invitee is notified; a remote one gets an {@code Invite} (object: the group,
     * target: them), which Polity shows as an invitation and other servers may ignore.
     */
    public void invite(Actor by, Actor group, String handle) throws FetchException {
        queries.requireModerator(by, group);
        Actor invitee = actors.lookup(handle, FetchBudget.perRequest());
        if (invitee.type() == ActorType.Group || invitee.id() == group.id()) {
            throw InvalidInput.of("handle", Message.of("groups.service.invitePerson"));
        }
        if (queries.isMember(group, invitee)) {
            throw InvalidInput.of("handle", Message.of("groups.service.memberAlready", invitee.acct()));
        }
        stores().groups().deleteBan(group.id(), invitee.id()); // inviting someone lifts their ban
        if (!stores().groups().insertInvitation(group.id(), invitee.id(), by.id(), polity.clock().instant())) {
            throw InvalidInput.of("handle", Message.of("groups.service.invitedAlready", invitee.acct()));
        }
        Optional<Follow> pending = stores().follows().findFollow(invitee.id(), group.id())
                .filter(f -> f.state() == Follow.State.PENDING);
        if (pending.isPresent()) {
            follows.approve(group, pending.get().id());
            stores().groups().deleteInvitation(group.id(), invitee.id());
            return;
        }
        if (invitee.local()) {
            notices.notify(invitee.id(), Notification.Kind.GROUP_INVITE, group.id(), group.uri());
        } else {
            ObjectNode activity = publisher.activity(group, "Invite");
            activity.put("object", group.uri());
            activity.put("target", invitee.uri());
            activity.set("to", Publisher.array(invitee.uri()));
            publisher.publish(group, activity);
        }
    }

    /** A remote group invites one of our actors (inbox {@code Invite}): they are told, and may join. */
    public boolean receiveInvite(Actor group, Actor invitee) {
        if (group.type() != ActorType.Group || !invitee.local() || queries.isMember(group, invitee)) {
            return false;
        }
        if (stores().groups().insertInvitation(group.id(), invitee.id(), null, polity.clock().instant())) {
            notices.notify(invitee.id(), Notification.Kind.GROUP_INVITE, group.id(), group.uri());
            return true;
        }
        return false;
    }

    /** An admin of one of our groups makes a member a moderator or admin, or (role null) takes the role away. */
    public void setRole(Actor by, Actor group, Actor target, GroupInfo.Role role) {
        queries.requireRole(by, group, GroupInfo.Role.ADMIN);
        long admins = stores().groups().findRoles(group.id()).stream()
                .filter(r -> r.role() == GroupInfo.Role.ADMIN).count();
        if (role != GroupInfo.Role.ADMIN && admins <= 1 && stores().groups().findRole(group.id(), target.id())
                .filter(r -> r == GroupInfo.Role.ADMIN).isPresent()) {
            throw InvalidInput.of("role", Message.of("groups.service.lastAdmin"));
        }
        if (role == null) {
            stores().groups().removeRole(group.id(), target.id());
        } else {
            if (!queries.isMember(group, target)) {
                throw InvalidInput.of("member", Message.of("groups.service.notMemberOfGroup", target.acct()));
            }
            stores().groups().setRole(group.id(), target.id(), role);
        }
        polity.audit().record(by, AuditLog.GROUP_ROLE, target.acct(), "group " + group.acct() + ": "
                + (role == null ? "member" : role.name().toLowerCase(java.util.Locale.ROOT)));
    }

}
