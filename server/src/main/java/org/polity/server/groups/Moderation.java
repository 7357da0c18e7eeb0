package org.polity.server.groups;

import org.polity.server.audit.AuditLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.ObjectDeletion;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteActors;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;
import org.polity.server.text.Html;

/**
 * Moderation of threads and posts, all sent to the group and announced by it as Lemmy does: {@code Lock} (and
 * Undo) of a thread, {@code Add}/{@code Remove} of a thread to the group's {@code featured} collection
 * (pinning), a moderator's {@code Delete} of someone else's post (removal); and accepted answers, Polity's: an
 * {@code Accept} whose object is the answer and whose {@code target} is the question (ActivityStreams: "the
 * target property can be used ... to indicate the context into which the object has been accepted"), by the
 * asker or a moderator. Our moderators act here; the same activities received go through
 * {@link #applyModeration}.
 */
public final class Moderation {
    private final Polity polity;
    private final RemoteActors actors;
    private final Publisher publisher;
    private final GroupQueries queries;
    private final GroupNotices notices;
    private final GroupAddressing addressing;
    private final GroupDistribution distribution;

    Moderation(Polity polity, RemoteActors actors, Publisher publisher, GroupQueries queries, GroupNotices notices,
            GroupAddressing addressing, GroupDistribution distribution) {
        this.polity = polity;
        this.actors = actors;
        this.publisher = publisher;
        this.queries = queries;
        this.notices = notices;
        this.addressing = addressing;
        this.distribution = distribution;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    /** A moderator pins or unpins a thread of one of our groups (Add / Remove to the featured collection). */
    public void setPinned(Actor by, String threadUri, boolean pinned) {
        GroupThread thread = queries.thread(threadUri);
        Actor group = queries.localGroupOf(thread);
        queries.requireModerator(by, group);
        stores().groups().setPinned(threadUri, pinned);
        polity.audit().record(by, pinned ? AuditLog.GROUP_PIN : AuditLog.GROUP_UNPIN, threadUri,
                "group " + group.acct());
        ObjectNode activity = publisher.activity(by, pinned ? "Add" : "Remove");
        activity.put("object", threadUri);
        activity.put("target", queries.featuredUri(group));
        addressing.moderationAddressing(activity, group);
        distribution.distribute(group, ObjectService.readTree(publisher.publish(by, activity).payload()));
    }

    /** A moderator locks or unlocks a thread of one of our groups (Lemmy's {@code Lock}, or Undo of it). */
    public void setLocked(Actor by, String threadUri, boolean locked) {
        GroupThread thread = queries.thread(threadUri);
        Actor group = queries.localGroupOf(thread);
        queries.requireModerator(by, group);
        stores().groups().setLocked(threadUri, locked);
        polity.audit().record(by, locked ? AuditLog.GROUP_LOCK : AuditLog.GROUP_UNLOCK, threadUri,
                "group " + group.acct());
        ObjectNode lock = publisher.activity(by, "Lock");
        lock.put("object", threadUri);
        addressing.moderationAddressing(lock, group);
        ObjectNode activity = lock;
        if (!locked) {
            activity = publisher.activity(by, "Undo");
            lock.remove("@context");
            activity.set("object", lock);
            addressing.moderationAddressing(activity, group);
        }
        distribution.distribute(group, ObjectService.readTree(publisher.publish(by, activity).payload()));
    }

    /**
     * The asker, or a moderator of the question's group when it is ours, accepts an answer: the thread records
     * it, the answer's author is told, and an {@code Accept} (object: the answer, target: the question) goes to
     * the group, which re-sends it to its members' servers. {@code answerUri} null withdraws the choice
     * (Undo of the Accept).
     */
    public void acceptAnswer(Actor by, String threadUri, String answerUri) {
        GroupThread thread = queries.thread(threadUri);
        if (thread.kind() != GroupThread.Kind.QUESTION) {
            throw InvalidInput.of("thread", Message.of("groups.service.onlyQuestion"));
        }
        StoredObject question = stores().objects().findObjectByUri(threadUri).orElseThrow();
        Actor group = actors.known(thread.groupUri()).orElseThrow();
        boolean asker = question.attributedToId() == by.id();
        if (!asker && !(group.local() && queries.canModerate(group, by))) {
            throw new Forbidden(Message.of("groups.service.answerer"));
        }
        if (answerUri != null) {
            GroupPost answer = stores().groups().findPost(answerUri)
                    .filter(p -> p.threadUri().equals(threadUri) && !p.isThread())
                    .orElseThrow(() -> InvalidInput.of("answer", Message.of("groups.service.notAnswer")));
            if (stores().objects().findObjectByUri(answer.objectUri()).map(StoredObject::deleted).orElse(true)) {
                throw InvalidInput.of("answer", Message.of("groups.service.answerDeleted"));
            }
        }
        String previous = thread.acceptedAnswerUri();
        stores().groups().setAcceptedAnswer(threadUri, answerUri);
        ObjectNode accept = publisher.activity(by, "Accept");
        ObjectNode answerRef = accept.putObject("object");
        answerRef.put("id", answerUri != null ? answerUri : previous);
        answerRef.put("type", "Note");
        accept.put("target", threadUri);
        addressing.moderationAddressing(accept, group);
        ObjectNode activity = accept;
        if (answerUri == null) {
            if (previous == null) {
                return;
            }
            activity = publisher.activity(by, "Undo");
            accept.remove("@context");
            activity.set("object", accept);
            addressing.moderationAddressing(activity, group);
        } else {
            notices.tellAnswerAuthor(answerUri, by);
        }
        StoredActivity published = publisher.publish(by, activity);
        if (group.local()) {
            distribution.distribute(group, ObjectService.readTree(published.payload()));
        }
    }

    /**
     * A moderator of one of our groups removes someone else's post (Lemmy's remove: a Delete by a moderator,
     * with the reason as {@code summary}); the group re-sends it.
     */
    public void remove(Actor by, String objectUri, String reason) {
        remove(by, objectUri, reason, false);
    }

    /**
     * As {@link #remove(Actor, String, String)}, for one of this instance's moderators acting on a report
     * ({@code moderation.Reports}): the instance's moderators may remove any post in the instance's groups, so the
     * group's own roles are not asked. The caller has checked the moderator.
     */
    public void removeForInstance(Actor moderator, String objectUri, String reason) {
        remove(moderator, objectUri, reason, true);
    }

    private void remove(Actor by, String objectUri, String reason, boolean instanceModerator) {
        GroupPost post = stores().groups().findPost(objectUri)
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        Actor group = actors.known(post.groupUri()).filter(Actor::local)
                .orElseThrow(() -> new Forbidden(Message.of("groups.service.remoteRemoval")));
        if (!instanceModerator) {
            queries.requireModerator(by, group);
        }
        StoredObject row = stores().objects().findObjectByUri(objectUri).filter(o -> !o.deleted())
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        ObjectNode delete = publisher.activity(by, "Delete");
        delete.put("object", row.uri());
        if (reason != null && !reason.isBlank()) {
            delete.put("summary", Html.escape(reason.strip()));
        }
        addressing.moderationAddressing(delete, group);
        Instant now = polity.clock().instant();
        StoredActivity published = publisher.publish(by, delete, tx -> {
            tx.objects().update(row.uri(), null, "", ObjectDeletion.tombstone(row.uri(), row.type(), now).toString(), now);
            tx.objects().markDeleted(row.uri(), now);
            if (!post.isThread()) {
                tx.groups().touchThread(post.threadUri(), -1, now);
            }
        }, inbox -> true, stores().deliveries().findInboxesForObject(row.uri())); // and every server sent it
        distribution.distribute(group, ObjectService.readTree(published.payload()));
        polity.audit().record(by, AuditLog.GROUP_REMOVE_POST, row.uri(), "group " + group.acct()
                + (reason == null || reason.isBlank() ? "" : ": " + reason.strip()));
    }

    /**
     * A moderation activity received from the group's host (announced by a group we belong to) or sent to one of
     * our groups by a moderator or the asker: Lock, Undo{Lock}, Add/Remove (pin), Accept (answer), Undo{Accept}.
     * {@code trusted} is true when the group itself vouches for it (an Announce signed by the group).
     * Returns a short description of what changed, or empty when it did not apply.
     */
    public Optional<String> applyModeration(Actor actor, Actor group, JsonNode activity, boolean trusted) {
        String type = activity.path("type").asText();
        boolean undo = type.equals("Undo");
        JsonNode inner = undo ? activity.get("object") : activity;
        if (inner == null || !inner.isObject()) {
            return Optional.empty();
        }
        String innerType = inner.path("type").asText();
        String objectUri = ApReader.idOf(inner.get("object"));
        if (objectUri == null) {
            return Optional.empty();
        }
        switch (innerType) {
            case "Lock" -> {
                Optional<GroupThread> thread = threadIn(group, objectUri);
                if (thread.isEmpty() || !(trusted || queries.canModerate(group, actor))) {
                    return Optional.empty();
                }
                stores().groups().setLocked(objectUri, !undo);
                return Optional.of((undo ? "unlocked " : "locked ") + objectUri);
            }
            case "Add", "Remove" -> {
                Optional<GroupThread> thread = threadIn(group, objectUri);
                String target = ApReader.idOf(inner.get("target"));
                boolean featured = target != null && (target.equals(queries.featuredUri(group))
                        || target.equals(group.uri() + "//featured")); // as Lemmy spells it
                if (undo || thread.isEmpty() || !featured || !(trusted || queries.canModerate(group, actor))) {
                    return Optional.empty();
                }
                stores().groups().setPinned(objectUri, innerType.equals("Add"));
                return Optional.of((innerType.equals("Add") ? "pinned " : "unpinned ") + objectUri);
            }
            case "Accept" -> {
                String threadUri = ApReader.idOf(inner.get("target"));
                Optional<GroupThread> thread = threadUri == null ? Optional.empty() : threadIn(group, threadUri);
                if (thread.isEmpty() || thread.get().kind() != GroupThread.Kind.QUESTION) {
                    return Optional.empty();
                }
                boolean asker = stores().objects().findObjectByUri(threadUri)
                        .map(q -> q.attributedToId() == actor.id()).orElse(false);
                if (!(trusted || asker || queries.canModerate(group, actor))) {
                    return Optional.empty();
                }
                Optional<GroupPost> answer = stores().groups().findPost(objectUri)
                        .filter(p -> p.threadUri().equals(threadUri));
                if (undo) {
                    if (objectUri.equals(thread.get().acceptedAnswerUri())) {
                        stores().groups().setAcceptedAnswer(threadUri, null);
                    }
                    return Optional.of("withdrew the accepted answer of " + threadUri);
                }
                if (answer.isEmpty()) {
                    return Optional.empty();
                }
                if (!objectUri.equals(thread.get().acceptedAnswerUri())) {
                    stores().groups().setAcceptedAnswer(threadUri, objectUri);
                    notices.tellAnswerAuthor(objectUri, actor);
                }
                return Optional.of("accepted " + objectUri + " as the answer to " + threadUri);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Optional<GroupThread> threadIn(Actor group, String threadUri) {
        return stores().groups().findThread(threadUri).filter(t -> t.groupUri().equals(group.uri()));
    }

}
