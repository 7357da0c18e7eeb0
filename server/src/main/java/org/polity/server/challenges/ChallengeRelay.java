package org.polity.server.challenges;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.model.Actor;
import org.polity.server.model.Notification;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the federation does with challenges beyond storing them (docs/vocabulary.md, "Challenges"): the issuing
 * server re-sends each new response to the challenge's followers (an {@code Announce} by the issuer), notifies
 * local followers of responses and Updates, answers a {@code Follow} of its challenge with an {@code Accept}, and
 * refuses a response to a challenge that is not open. A receiving server takes the issuer's {@code Announce} of a
 * response it does not hold by fetching the response from its own server (an announced copy is another server's
 * word, not the responder's).
 */
public final class ChallengeRelay {
    private static final Logger log = LoggerFactory.getLogger(ChallengeRelay.class);

    private final Polity polity;

    public ChallengeRelay(Polity polity) {
        this.polity = polity;
    }

    private ChallengeStore store() {
        return polity.storage().stores().challenges();
    }

    /**
     * Why an incoming activity must be refused at the inbox, before it is queued: a Create of a response to one of
     * our challenges that is not open (the sender hears 422 at once, not silence).
     */
    public Optional<String> refusal(JsonNode activity) {
        if (!"Create".equals(activity.path("type").asText()) || !activity.path("object").isObject()) {
            return Optional.empty();
        }
        JsonNode object = activity.get("object");
        if (ObjectKind.of(InboxDispatcher.types(object)) != ObjectKind.RESPONSE) {
            return Optional.empty();
        }
        String target = ApReader.idOf(object.get("inReplyTo"));
        if (target == null || !polity.uris().isLocal(target)) {
            return Optional.empty();
        }
        return store().findByObjectUri(target).filter(e -> e.status() != ChallengeStatus.OPEN)
                .map(e -> "The challenge " + target + " is " + e.status().key()
                        + " and does not take responses any more.");
    }

    /** A received object was stored (and is news): a response to our challenge goes on to its followers. */
    public void afterReceived(StoredObject row) {
        if (row.kind() != ObjectKind.RESPONSE || row.inReplyToUri() == null) {
            return;
        }
        try {
            Optional<ChallengeStore.Entry> challenge = store().findByObjectUri(row.inReplyToUri());
            if (challenge.isEmpty() || store().findResponse(row.uri()).isEmpty()) {
                return;
            }
            Actor responder = polity.storage().stores().actors().findActorById(row.attributedToId()).orElseThrow();
            if (challenge.get().local()) {
                redistribute(challenge.get(), row.uri(), responder);
            } else {
                polity.notifications().challengeNews(new ChallengeService(polity).localFollowers(row.inReplyToUri()),
                        Notification.Kind.CHALLENGE_RESPONSE, responder.id(), row.uri());
            }
        } catch (RuntimeException e) {
            log.warn("could not pass on response {}", row.uri(), e);
        }
    }

    /** A received challenge changed: its local followers hear of it. */
    public void afterUpdated(StoredObject row) {
        if (row.kind() != ObjectKind.CHALLENGE || row.local()) {
            return;
        }
        polity.notifications().challengeNews(new ChallengeService(polity).localFollowers(row.uri()),
                Notification.Kind.CHALLENGE_UPDATED, row.attributedToId(), row.uri());
    }

    /**
     * A new response to our challenge: the issuer Announces it to the public, their followers and the challenge's
     * remote followers (not back to the responder's own server's followers-only audience), and local followers
     * are notified.
     */
    void redistribute(ChallengeStore.Entry challenge, String responseUri, Actor responder) {
        Actor issuer = polity.storage().stores().actors().findActorById(challenge.authorId()).orElseThrow();
        Set<String> cc = new LinkedHashSet<>();
        cc.add(issuer.followersUri());
        var actors = polity.storage().stores().actors();
        for (ChallengeStore.Follower f : store().findFollowers(challenge.objectUri(), ChallengeStore.Follower.ACCEPTED)) {
            actors.findActorById(f.followerId()).filter(a -> !a.local() && a.id() != responder.id())
                    .ifPresent(a -> cc.add(a.uri()));
        }
        Publisher publisher = polity.federation().publisher();
        ObjectNode announce = publisher.activity(issuer, "Announce");
        announce.put("object", responseUri);
        announce.putArray("to").add(ActivityStreams.PUBLIC);
        ArrayNode ccs = announce.putArray("cc");
        cc.forEach(ccs::add);
        publisher.publish(issuer, announce);
        polity.notifications().challengeNews(new ChallengeService(polity).localFollowers(challenge.objectUri()),
                Notification.Kind.CHALLENGE_RESPONSE, responder.id(), responseUri);
    }

    /**
     * An {@code Announce} of {@code target}, which we do not hold, by {@code announcer}: when the announcer issued
     * a challenge we hold and {@code target} is a response to it, the response is fetched from its own server and
     * stored. Anything else is not ours to take; empty then.
     */
    public Optional<String> receiveAnnounce(Actor announcer, String target, FetchBudget budget) throws Exception {
        if (store().findByAuthor(announcer.id(), 1).isEmpty()) {
            return Optional.empty();
        }
        JsonNode doc = polity.federation().fetcher().fetch(URI.create(target), budget);
        if (ObjectKind.of(InboxDispatcher.types(doc)) != ObjectKind.RESPONSE) {
            return Optional.empty();
        }
        String challengeUri = ApReader.idOf(doc.get("inReplyTo"));
        Optional<ChallengeStore.Entry> challenge = challengeUri == null ? Optional.empty()
                : store().findByObjectUri(challengeUri).filter(e -> e.authorId() == announcer.id());
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        List<String> attributedTo = Publisher.addresses(doc, "attributedTo");
        if (attributedTo.isEmpty()) {
            return Optional.empty();
        }
        Actor author = polity.federation().actors().resolve(attributedTo.get(0), budget);
        new RemoteObjects(polity).store(author, doc, null);
        return Optional.of("stored response " + target + " to " + challengeUri + ", announced by " + announcer.acct());
    }

    /**
     * A {@code Follow} whose object is one of our challenges: recorded and accepted by the issuer at once (a
     * challenge is public; following it only asks to hear of it). Empty when the object is no challenge of ours.
     */
    public Optional<String> receiveFollow(Actor follower, JsonNode follow) {
        String target = ApReader.idOf(follow.get("object"));
        if (target == null || !polity.uris().isLocal(target)) {
            return Optional.empty();
        }
        Optional<ChallengeStore.Entry> challenge = store().findByObjectUri(target).filter(ChallengeStore.Entry::local);
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        String followId = ApReader.idOf(follow.get("id"));
        store().putFollower(new ChallengeStore.Follower(target, follower.id(), followId,
                ChallengeStore.Follower.ACCEPTED, polity.clock().instant()));
        Actor issuer = polity.storage().stores().actors().findActorById(challenge.get().authorId()).orElseThrow();
        Publisher publisher = polity.federation().publisher();
        ObjectNode accept = publisher.activity(issuer, "Accept");
        ObjectNode inner = accept.putObject("object");
        inner.put("id", followId).put("type", "Follow").put("actor", follower.uri()).put("object", target);
        accept.putArray("to").add(follower.uri());
        publisher.publish(issuer, accept);
        return Optional.of(follower.acct() + " follows challenge " + target);
    }

    /** An {@code Accept} of one of our members' Follows of a challenge, by its issuer. */
    public Optional<String> receiveAccept(Actor accepter, JsonNode follow) {
        return followRow(follow).filter(f -> issuerIs(f.challengeUri(), accepter)).map(f -> {
            store().putFollower(new ChallengeStore.Follower(f.challengeUri(), f.followerId(), f.activityUri(),
                    ChallengeStore.Follower.ACCEPTED, f.createdAt()));
            return accepter.acct() + " accepted a follow of challenge " + f.challengeUri();
        });
    }

    /** An {@code Undo} of a Follow of one of our challenges, by its follower. */
    public Optional<String> receiveUndoFollow(Actor follower, JsonNode follow) {
        return followRow(follow).filter(f -> f.followerId() == follower.id()).map(f -> {
            store().removeFollower(f.challengeUri(), f.followerId());
            return follower.acct() + " no longer follows challenge " + f.challengeUri();
        });
    }

    private Optional<ChallengeStore.Follower> followRow(JsonNode follow) {
        String id = ApReader.idOf(follow);
        return id == null ? Optional.empty() : store().findFollowerByActivity(id);
    }

    private boolean issuerIs(String challengeUri, Actor actor) {
        return store().findByObjectUri(challengeUri).filter(e -> e.authorId() == actor.id()).isPresent();
    }

    /** The local and remote actors following {@code challengeUri} (for tests and the page's count). */
    public List<Long> followers(String challengeUri) {
        return new ArrayList<>(store().findFollowers(challengeUri, ChallengeStore.Follower.ACCEPTED).stream()
                .map(ChallengeStore.Follower::followerId).toList());
    }
}
