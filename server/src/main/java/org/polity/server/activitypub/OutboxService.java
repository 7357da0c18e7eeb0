package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.vocab.ApReader;
import org.polity.federation.vocab.ApTypes;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredActivity;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * What a client posts to its actor's outbox (ActivityPub 6, client-to-server): one handler per activity type,
 * picked from one table; a bare object is wrapped in a Create (6.2.1). Handlers check the input and delegate
 * to the services the inbox and the web UI use too ({@link ObjectService}, {@link FollowService}).
 *
 * <p>Whatever the client sends as the activity's {@code id} is ignored and a new one assigned (ActivityPub 6);
 * an {@code actor} other than the outbox's owner is refused. Activity types outside the table are refused
 * with a sentence listing the ones Polity takes.
 */
public final class OutboxService {
    private interface Handler {
        StoredActivity handle(Actor actor, ObjectNode activity);
    }

    private final Polity polity;
    private final RemoteActors actors;
    private final Publisher publisher;
    private final FollowService follows;
    private final ObjectService objects;
    private final Map<String, Handler> handlers;

    public OutboxService(Polity polity, RemoteActors actors, Publisher publisher, FollowService follows,
            ObjectService objects) {
        this.polity = polity;
        this.actors = actors;
        this.publisher = publisher;
        this.follows = follows;
        this.objects = objects;
        this.handlers = Map.of(
                "Create", (actor, a) -> objects.create(actor, a.get("object"), a),
                "Update", objects::update,
                "Delete", objects::delete,
                "Like", (actor, a) -> objects.react(actor, a, Reaction.Kind.LIKE),
                "Announce", (actor, a) -> objects.react(actor, a, Reaction.Kind.ANNOUNCE),
                "Follow", this::follow,
                "Undo", this::undo);
    }

    /** Handles one document posted to {@code actor}'s outbox; returns the activity as stored. */
    public StoredActivity submit(Actor actor, ObjectNode document) {
        List<String> types = types(document);
        for (String type : types) {
            Handler handler = handlers.get(type);
            if (handler != null) {
                checkActor(actor, document);
                return handler.handle(actor, document);
            }
        }
        if (types.stream().anyMatch(ObjectCreation.CREATABLE_TYPES::contains)) {
            return objects.create(actor, document, null);
        }
        if (types.isEmpty() && !document.has("type")) {
            // ActivityStreams makes every property optional, type included: an untyped object is created as
            // the plainest thing Polity makes, a Note (wrapped in a Create like any bare object).
            ObjectNode note = document.deepCopy();
            note.put("type", "Note");
            return objects.create(actor, note, null);
        }
        if (types.isEmpty()) {
            throw InvalidInput.of("type", Message.of("svc.outbox.noType"));
        }
        throw InvalidInput.of("type", Message.of("svc.outbox.types", String.join(", ", types)));
    }

    private static List<String> types(ObjectNode document) {
        List<String> types = new ArrayList<>();
        JsonNode type = document.get("type");
        if (type != null && type.isTextual()) {
            types.add(ApTypes.localName(type.asText()));
        } else if (type != null && type.isArray()) {
            type.forEach(t -> {
                if (t.isTextual()) {
                    types.add(ApTypes.localName(t.asText()));
                }
            });
        }
        return types;
    }

    private static void checkActor(Actor actor, ObjectNode activity) {
        JsonNode given = activity.get("actor");
        if (given != null && !given.isNull() && !actor.uri().equals(ApReader.idOf(given))) {
            throw new Forbidden(Message.of("svc.outbox.actAs", actor.uri()));
        }
    }

    /**
     * Follow: {@code object} is the actor to follow, by id, profile URL or handle ({@code @name@host}). The
     * follow is pending until accepted (at once, for one of ours that does not approve followers by hand).
     */
    private StoredActivity follow(Actor actor, ObjectNode input) {
        JsonNode object = input.get("object");
        String target = object != null && object.isTextual() ? object.asText() : ApReader.idOf(object);
        if (target == null || target.isBlank()) {
            throw InvalidInput.of("object", Message.of("svc.outbox.followWhom"));
        }
        Actor followed;
        try {
            followed = actors.lookup(target, FetchBudget.perRequest());
        } catch (FetchException e) {
            throw InvalidInput.of("object", Message.of("svc.outbox.notFound", target, String.valueOf(e.getMessage())));
        }
        Follow follow = follows.follow(actor, followed, publisher.activity(actor, "Follow"));
        return polity.storage().stores().activities().findActivityByUri(follow.activityUri())
                .orElseThrow(() -> new IllegalStateException("follow without its activity: " + follow.activityUri()));
    }

    /** Undo of one of our actor's own Follow, Like or Announce activities, named by id (or embedded). */
    private StoredActivity undo(Actor actor, ObjectNode input) {
        String undone = ApReader.idOf(input.get("object"));
        if (undone == null) {
            throw InvalidInput.of("object", Message.of("svc.undo.which"));
        }
        StoredActivity original = polity.storage().stores().activities().findActivityByUri(undone)
                .orElseThrow(() -> new NotFound(Message.of("svc.undo.noActivity", undone)));
        if (original.actorId() != actor.id()) {
            throw new Forbidden(Message.of("svc.undo.ownOnly"));
        }
        ObjectNode undo = publisher.activity(actor, "Undo");
        return switch (original.type()) {
            case "Follow" -> {
                Follow follow = polity.storage().stores().follows().findFollowByActivityUri(original.uri())
                        .filter(f -> f.followerId() == actor.id())
                        .orElseThrow(() -> new NotFound(Message.of("svc.undo.followEnded")));
                Actor followed = polity.storage().stores().actors().findActorById(follow.followedId()).orElseThrow();
                yield follows.unfollow(actor, followed, undo);
            }
            case "Like", "Announce" -> objects.undoReaction(actor, original, undo);
            default -> throw InvalidInput.of("object", Message.of("svc.undo.kinds", original.type()));
        };
    }
}
