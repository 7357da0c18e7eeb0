package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/** Our actors' Like and Announce of any object, ours or remote, and the Undo of one of them. */
public final class Reactions {
    private final Polity polity;
    private final Publisher publisher;
    private final ReadAccess access;
    private final Addressing addressing;

    Reactions(Polity polity, Publisher publisher, ReadAccess access, Addressing addressing) {
        this.polity = polity;
        this.publisher = publisher;
        this.access = access;
        this.addressing = addressing;
    }

    /**
     * Our actor likes or announces an object, ours or remote, named by its id. A Like goes to the object's
     * author; an Announce to the author and our actor's followers, and publicly when the client gave no
     * addressing. Only public and unlisted objects can be announced (sharing must not widen an audience).
     */
    public StoredActivity react(Actor author, ObjectNode input, Reaction.Kind kind) {
        String objectUri = ApReader.idOf(input.get("object"));
        if (objectUri == null) {
            throw InvalidInput.of("object", Message.of(kind == Reaction.Kind.LIKE ? "svc.like.noObject"
                    : "svc.share.noObject"));
        }
        Addressing.checkIri("object", objectUri);
        Target target = target(author, objectUri);
        if (kind == Reaction.Kind.ANNOUNCE && !target.isPublic()) {
            throw InvalidInput.of("object", Message.of("svc.share.publicOnly"));
        }
        Map<String, List<String>> addressed = Addressing.addressing(input, null);
        String type = kind == Reaction.Kind.LIKE ? "Like" : "Announce";
        ObjectNode activity = publisher.activity(author, type);
        activity.put("object", objectUri);
        if (kind == Reaction.Kind.ANNOUNCE) {
            if (addressed.isEmpty()) {
                addressed.put("to", new ArrayList<>(List.of(ActivityStreams.PUBLIC)));
            }
            Addressing.addTo(addressed, "cc", author.followersUri());
            if (target.authorUri() != null && !target.authorUri().equals(author.uri())) {
                Addressing.addTo(addressed, "cc", target.authorUri());
            }
        } else if (target.authorUri() != null && !target.authorUri().equals(author.uri())) {
            Addressing.addTo(addressed, "to", target.authorUri());
        }
        addressed.forEach((field, values) -> activity.set(field, Addressing.array(values)));
        String activityUri = activity.get("id").asText();
        Instant now = polity.clock().instant();
        return publisher.publish(author, activity, tx -> {
            if (!tx.reactions().insertIfNew(kind, author.id(), objectUri, activityUri, now)) {
                throw InvalidInput.of("object", Message.of(kind == Reaction.Kind.LIKE ? "svc.like.already"
                        : "svc.share.already"));
            }
        });
    }

    /** The author of the object a reaction is for, and whether it is public. */
    private record Target(String authorUri, boolean isPublic) {}

    private Target target(Actor reader, String objectUri) {
        Optional<StoredObject> known = polity.storage().stores().objects().findObjectByUri(objectUri);
        if (known.isPresent() || polity.uris().isLocal(objectUri)) {
            StoredObject o = known.filter(x -> !x.deleted())
                    .filter(x -> access.visibleTo(x.uri(), x.attributedToId(), x.visibility(), Optional.of(reader)))
                    .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
            String authorUri = polity.storage().stores().actors().findActorById(o.attributedToId())
                    .map(Actor::uri).orElse(null);
            return new Target(authorUri, o.visibility() == Visibility.PUBLIC || o.visibility() == Visibility.UNLISTED);
        }
        // Not seen yet: fetch it (signed by the instance actor) to learn its author and audience.
        try {
            ObjectNode fetched = polity.federation().fetcher().fetch(URI.create(objectUri), FetchBudget.perRequest());
            String authorUri = ApReader.idOf(first(fetched.get("attributedTo")));
            boolean isPublic = Publisher.allRecipients(fetched).stream().anyMatch(ActivityStreams::isPublic);
            return new Target(authorUri, isPublic);
        } catch (FetchException | IllegalArgumentException e) {
            throw InvalidInput.of("object", Message.of("svc.fetch.failed", objectUri, String.valueOf(e.getMessage())));
        }
    }

    /**
     * Undoes one of our actor's Like or Announce activities, named by its id (Undo of a Follow is the follow
     * service's). The reaction is removed and the Undo, embedding the original, goes to the same recipients.
     */
    public StoredActivity undoReaction(Actor author, StoredActivity original, ObjectNode undo) {
        Reaction reaction = polity.storage().stores().reactions().findReactionByActivityUri(original.uri())
                .filter(r -> r.actorId() == author.id())
                .orElseThrow(() -> new NotFound(Message.of("svc.undo.already", original.type())));
        ObjectNode embedded = Publisher.JSON.createObjectNode();
        embedded.put("id", original.uri());
        embedded.put("type", original.type());
        embedded.put("actor", author.uri());
        embedded.put("object", reaction.objectUri());
        addressing.addressLike(undo, original.uri(), (ObjectNode) ObjectService.readTree(original.payload()));
        undo.set("object", embedded);
        return publisher.publish(author, undo, tx -> tx.reactions().delete(reaction.id()));
    }

    private static JsonNode first(JsonNode node) {
        return node != null && node.isArray() ? (node.isEmpty() ? null : node.get(0)) : node;
    }
}
