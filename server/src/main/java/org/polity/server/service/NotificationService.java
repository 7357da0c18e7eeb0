package org.polity.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.Notification;
import org.polity.server.model.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications for local actors. The follow and object services call one method each when something
 * worth telling happens, for local and remote actions alike; a failure here is logged and never undoes or
 * stops what caused it.
 */
public final class NotificationService {
    private static final Logger log = LoggerFactory.getLogger(NotificationService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Polity polity;

    public NotificationService(Polity polity) {
        this.polity = polity;
    }

    /**
     * {@code follower} follows (or asks to follow) {@code followed}. Only a new follow made by the activity
     * {@code activityUri} notifies: a repeated Follow of an existing pair does not.
     */
    public void followed(Actor follower, Actor followed, Follow follow, String activityUri) {
        if (!followed.local() || activityUri == null || !activityUri.equals(follow.activityUri())) {
            return;
        }
        if (followed.type() == org.polity.server.model.ActorType.Group) {
            return; // a join: the group service tells its moderators (GROUP_REQUEST, GROUP_MEMBER_JOINED)
        }
        notify(followed.id(), follow.state() == Follow.State.PENDING ? Notification.Kind.FOLLOW_REQUEST
                : Notification.Kind.FOLLOW, follower.id(), null);
    }

    /**
     * A follow was accepted: its follower, when local, is told who accepted. A group's Accept is a join: "the
     * group accepted your request to join" when it approves members, "you joined" when it is open.
     */
    public void followAccepted(Follow follow) {
        if (polity.storage().stores().actors().findActorById(follow.followerId()).filter(Actor::local).isEmpty()) {
            return;
        }
        Optional<Actor> followed = polity.storage().stores().actors().findActorById(follow.followedId());
        Notification.Kind kind = Notification.Kind.FOLLOW_ACCEPTED;
        if (followed.filter(a -> a.type() == org.polity.server.model.ActorType.Group).isPresent()) {
            kind = followed.get().manuallyApprovesFollowers() ? Notification.Kind.GROUP_ACCEPTED
                    : Notification.Kind.GROUP_JOINED;
        }
        notify(follow.followerId(), kind, follow.followedId(), null);
    }

    /**
     * A post was stored (ours or received): its author's local parent author is told of the reply, and local
     * actors it mentions (a {@code tag} of type Mention) of the mention, if they may read it. Nobody is told of
     * their own post, and nobody twice for one post.
     */
    public void posted(String objectUri) {
        try {
            Optional<StoredObject> found = polity.storage().stores().objects().findObjectByUri(objectUri);
            if (found.isEmpty()) {
                return;
            }
            StoredObject post = found.get();
            Set<Long> told = new LinkedHashSet<>();
            told.add(post.attributedToId());
            if (post.inReplyToUri() != null) {
                polity.storage().stores().objects().findObjectByUri(post.inReplyToUri())
                        .filter(StoredObject::local)
                        .ifPresent(parent -> tell(post, parent.attributedToId(), Notification.Kind.REPLY, told));
            }
            for (String href : mentions(post.payload())) {
                if (polity.uris().isLocal(href)) {
                    polity.storage().stores().actors().findActorByUri(href).filter(Actor::local)
                            .ifPresent(a -> tell(post, a.id(), Notification.Kind.MENTION, told));
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not create notifications for {}", objectUri, e);
        }
    }

    private void tell(StoredObject post, long recipientId, Notification.Kind kind, Set<Long> told) {
        if (told.contains(recipientId)) {
            return;
        }
        Optional<Actor> recipient = polity.storage().stores().actors().findActorById(recipientId);
        if (recipient.isEmpty() || !polity.federation().objects().visibleTo(post.uri(), post.attributedToId(),
                post.visibility(), recipient)) {
            return;
        }
        told.add(recipientId);
        notify(recipientId, kind, post.attributedToId(), post.uri());
    }

    private static List<String> mentions(String payload) {
        Set<String> out = new LinkedHashSet<>();
        try {
            JsonNode tags = JSON.readTree(payload).get("tag");
            if (tags == null) {
                return List.of();
            }
            for (JsonNode tag : tags.isArray() ? tags : JSON.createArrayNode().add(tags)) {
                if ("Mention".equals(tag.path("type").asText()) && tag.path("href").isTextual()) {
                    out.add(tag.path("href").asText());
                }
            }
        } catch (java.io.IOException e) {
            return List.of();
        }
        return List.copyOf(out);
    }

    /** A web sign-up waits for approval: every active administrator is told (the link leads to the approvals). */
    public void signUpWaiting(org.polity.server.model.Account pending) {
        for (var admin : polity.storage().stores().accounts().findAccountsByStatus(
                org.polity.server.model.Account.Status.ACTIVE, 10_000)) {
            if (admin.isAdmin()) {
                notify(admin.actorId(), Notification.Kind.SIGNUP_PENDING, pending.actorId(), null);
            }
        }
    }

    /**
     * Tells the moderators and administrators that a report waits in the queue, except the one who made it. The
     * notification names the reported account, never the reporter.
     */
    public void reportReceived(org.polity.server.moderation.Report report) {
        for (var account : polity.storage().stores().accounts().findAccountsByStatus(
                org.polity.server.model.Account.Status.ACTIVE, 10_000)) {
            if (account.isModerator() && !java.util.Objects.equals(report.reporterActorId(), account.actorId())) {
                notify(account.actorId(), Notification.Kind.REPORT_RECEIVED, report.targetActorId(), report.uri());
            }
        }
    }

    /**
     * Tells the followers of a challenge ({@code recipients}, local actors) that it changed or has a new response
     * ({@code objectUri}), except {@code fromActorId} itself.
     */
    public void challengeNews(java.util.Collection<Long> recipients, Notification.Kind kind, long fromActorId,
            String objectUri) {
        for (long recipient : new LinkedHashSet<>(recipients)) {
            if (recipient != fromActorId) {
                notify(recipient, kind, fromActorId, objectUri);
            }
        }
    }

    private void notify(long recipientId, Notification.Kind kind, Long fromActorId, String objectUri) {
        try {
            // A block either way, or a mute that hides notifications: nothing from them reaches the recipient.
            if (fromActorId != null && polity.storage().stores().blocks().silences(recipientId, fromActorId,
                    polity.clock().instant())) {
                return;
            }
            polity.storage().stores().notifications().insert(recipientId, kind, fromActorId, objectUri,
                    polity.clock().instant());
        } catch (RuntimeException e) {
            log.warn("could not store a {} notification for actor {}", kind, recipientId, e);
        }
    }

    /** The recipient's notifications, newest first, before row id {@code beforeId}. */
    public List<Notification> list(Actor recipient, long beforeId, int limit) {
        return polity.storage().stores().notifications().findNotifications(recipient.id(), beforeId, limit);
    }

    public long unread(long actorId) {
        return polity.storage().stores().notifications().countUnread(actorId);
    }

    /** Marks the recipient's notifications up to {@code upToId} read (the ones just shown). */
    public void markRead(Actor recipient, long upToId) {
        polity.storage().stores().notifications().markRead(recipient.id(), upToId, polity.clock().instant());
    }
}
