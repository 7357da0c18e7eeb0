package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.StoredActivity;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Following, in both directions and for local and remote actors alike: the web UI, the C2S outbox and the
 * inbox handlers all come here (one code path for a local and a remote action).
 */
public final class FollowService {
    private final Polity polity;
    private final RemoteActors actors;
    private final Publisher publisher;

    public FollowService(Polity polity, RemoteActors actors, Publisher publisher) {
        this.polity = polity;
        this.actors = actors;
        this.publisher = publisher;
    }

    /** Our actor follows {@code target} (handle or URL). Returns the follow, pending until accepted. */
    public Follow follow(Actor follower, String target) throws FetchException {
        Actor followed = actors.lookup(target, FetchBudget.perRequest());
        return follow(follower, followed, null);
    }

    /**
     * Our actor follows {@code followed}. {@code followActivity} is a Follow the client already built (C2S);
     * null to build one.
     */
    public Follow follow(Actor follower, Actor followed, ObjectNode followActivity) {
        if (followed.id() == follower.id()) {
            throw InvalidInput.of("object", Message.of("svc.follow.self"));
        }
        Optional<Follow> existing = polity.storage().stores().follows().findFollow(follower.id(), followed.id());
        if (existing.isPresent()) {
            return existing.get();
        }
        if (polity.storage().stores().blocks().blockedEitherWay(follower.id(), followed.id())) {
            throw new Forbidden(Message.of("blocks.error.follow", followed.acct()));
        }
        ObjectNode activity = followActivity != null ? followActivity : publisher.activity(follower, "Follow");
        activity.put("object", followed.uri());
        activity.set("to", Publisher.array(followed.uri()));
        String activityUri = activity.get("id").asText();
        if (followed.local()) {
            // The hub this instance asked to join follows it back (FEP-ae0c): accepted, whoever approves followers.
        Follow.State state = followed.manuallyApprovesFollowers()
                && !new org.polity.server.hub.Hub(polity).relayedBy(follower.uri())
                ? Follow.State.PENDING : Follow.State.ACCEPTED;
            Follow follow = polity.storage().stores().follows().insertOrGet(follower.id(), followed.id(), state,
                    activityUri, polity.clock().instant());
            publisher.publish(follower, activity);
            polity.notifications().followed(follower, followed, follow, activityUri);
            return follow;
        }
        Follow follow = polity.storage().stores().follows().insertOrGet(follower.id(), followed.id(),
                Follow.State.PENDING, activityUri, polity.clock().instant());
        publisher.publish(follower, activity);
        return follow;
    }

    /**
     * A remote actor asks to follow one of ours (inbox). Accepted at once unless our actor approves followers
     * by hand; then it waits for {@link #approve}.
     */
    public Follow receiveFollow(Actor follower, Actor followed, JsonNode followActivity) {
        String activityUri = followActivity.get("id").asText();
        // The hub this instance asked to join follows it back (FEP-ae0c): accepted, whoever approves followers.
        // A follower on a silenced domain always waits for approval (domain policy, as Mastodon's "limit").
        boolean silenced = polity.domainPolicy().silenced(follower.uri());
        Follow.State state = silenced || followed.manuallyApprovesFollowers()
                && !new org.polity.server.hub.Hub(polity).relayedBy(follower.uri())
                ? Follow.State.PENDING : Follow.State.ACCEPTED;
        Follow follow = polity.storage().stores().follows().insertOrGet(follower.id(), followed.id(), state,
                activityUri, polity.clock().instant());
        if (follow.state() == Follow.State.ACCEPTED) {
            sendDecision(followed, follower, followActivity, "Accept");
        }
        polity.notifications().followed(follower, followed, follow, activityUri);
        return follow;
    }

    /** Our actor approves a pending follower. */
    public void approve(Actor followed, long followId) {
        Follow follow = pendingFollowerRequest(followed, followId);
        polity.storage().stores().follows().accept(follow.id(), polity.clock().instant());
        Actor follower = polity.storage().stores().actors().findActorById(follow.followerId()).orElseThrow();
        if (!follower.local()) {
            sendDecision(followed, follower, followReference(follow, follower, followed), "Accept");
        }
        polity.notifications().followAccepted(follow);
    }

    /** Our actor turns down a pending follower. */
    public void reject(Actor followed, long followId) {
        Follow follow = pendingFollowerRequest(followed, followId);
        polity.storage().stores().follows().delete(follow.id());
        Actor follower = polity.storage().stores().actors().findActorById(follow.followerId()).orElseThrow();
        if (!follower.local()) {
            sendDecision(followed, follower, followReference(follow, follower, followed), "Reject");
        }
    }

    private Follow pendingFollowerRequest(Actor followed, long followId) {
        return polity.storage().stores().follows().findFollowers(followed.id(), Follow.State.PENDING, followId - 1, 1)
                .stream().filter(f -> f.id() == followId).findFirst()
                .orElseThrow(() -> new NotFound(Message.of("svc.follow.noRequest", String.valueOf(followId))));
    }

    /** A remote actor accepted one of our follows (inbox). {@code follow} is the Follow, embedded or by id. */
    public boolean receiveAccept(Actor accepter, JsonNode follow) {
        Optional<Follow> ours = ourFollowOf(accepter, follow);
        boolean accepted = ours.isPresent()
                && polity.storage().stores().follows().accept(ours.get().id(), polity.clock().instant());
        if (accepted) {
            polity.notifications().followAccepted(ours.get());
        }
        return accepted;
    }

    /** A remote actor refused (or removed) one of our follows (inbox). */
    public boolean receiveReject(Actor rejecter, JsonNode follow) {
        Optional<Follow> ours = ourFollowOf(rejecter, follow);
        return ours.isPresent() && polity.storage().stores().follows().delete(ours.get().id());
    }

    /** A remote actor stops following one of ours (inbox: Undo of a Follow). */
    public boolean receiveUndoFollow(Actor follower, JsonNode follow) {
        String objectUri = follow.isTextual() ? null : follow.path("object").asText(null);
        String followId = follow.isTextual() ? follow.asText() : follow.path("id").asText(null);
        Optional<Follow> row = followId == null ? Optional.empty()
                : polity.storage().stores().follows().findFollowByActivityUri(followId)
                        .filter(f -> f.followerId() == follower.id());
        if (row.isEmpty() && objectUri != null) {
            row = actors.known(objectUri).flatMap(followed ->
                    polity.storage().stores().follows().findFollow(follower.id(), followed.id()));
        }
        return row.isPresent() && polity.storage().stores().follows().delete(row.get().id());
    }

    /** Our actor stops following {@code followed}: Undo{Follow} to them, and the follow is gone. */
    public void unfollow(Actor follower, Actor followed) {
        unfollow(follower, followed, null);
    }

    /**
     * As {@link #unfollow(Actor, Actor)}; {@code undoActivity} is an Undo the client already built (C2S), null
     * to build one. The follow is removed and the Undo stored in one transaction.
     */
    public StoredActivity unfollow(Actor follower, Actor followed, ObjectNode undoActivity) {
        Follow follow = polity.storage().stores().follows().findFollow(follower.id(), followed.id())
                .orElseThrow(() -> new NotFound(Message.of("svc.follow.notFollowing", followed.acct())));
        ObjectNode undo = undoActivity != null ? undoActivity : publisher.activity(follower, "Undo");
        undo.set("object", followReference(follow, follower, followed));
        undo.set("to", Publisher.array(followed.uri()));
        return publisher.publish(follower, undo, tx -> tx.follows().delete(follow.id()));
    }

    private Optional<Follow> ourFollowOf(Actor remote, JsonNode follow) {
        if (follow == null || follow.isNull()) {
            return Optional.empty();
        }
        String followId = follow.isTextual() ? follow.asText() : follow.path("id").asText(null);
        Optional<Follow> byId = followId == null ? Optional.empty()
                : polity.storage().stores().follows().findFollowByActivityUri(followId);
        if (byId.isPresent()) {
            return byId.filter(f -> f.followedId() == remote.id());
        }
        // Some servers answer with a Follow they rebuilt (no id or another id): match actor and object.
        String actorUri = follow.path("actor").asText(null);
        String objectUri = follow.path("object").asText(null);
        if (actorUri == null || !remote.uri().equals(objectUri)) {
            return Optional.empty();
        }
        return actors.known(actorUri).filter(Actor::local)
                .flatMap(local -> polity.storage().stores().follows().findFollow(local.id(), remote.id()));
    }

    private ObjectNode followReference(Follow follow, Actor follower, Actor followed) {
        ObjectNode f = Publisher.JSON.createObjectNode();
        f.put("id", follow.activityUri());
        f.put("type", "Follow");
        f.put("actor", follower.uri());
        f.put("object", followed.uri());
        return f;
    }

    /**
     * Our actor refuses a Follow it will not keep (an invitation-only group asked by someone not invited, or a
     * member removed): a Reject of that Follow, with no follow row.
     */
    public void refuse(Actor followed, Actor follower, JsonNode followActivity) {
        if (!follower.local()) {
            sendDecision(followed, follower, followActivity, "Reject");
        }
    }

    private void sendDecision(Actor followed, Actor follower, JsonNode followActivity, String type) {
        if (!followed.local()) {
            throw new Forbidden(Message.of("svc.follow.ourActors"));
        }
        ObjectNode decision = publisher.activity(followed, type);
        ObjectNode embedded = Publisher.JSON.createObjectNode();
        embedded.put("id", followActivity.path("id").asText());
        embedded.put("type", "Follow");
        embedded.put("actor", follower.uri());
        embedded.put("object", followed.uri());
        decision.set("object", embedded);
        decision.set("to", Publisher.array(follower.uri()));
        publisher.publish(followed, decision);
    }
}
