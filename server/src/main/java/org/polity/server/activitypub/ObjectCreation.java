package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApTypes;
import org.polity.server.Polity;
import org.polity.server.groups.Groups;
import org.polity.server.groups.Hashtags;
import org.polity.server.groups.Placement;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.storage.Stores;

/**
 * Creating our actors' objects (Notes, Pages and Articles; a feature's own types ride beside one of these, and
 * resources are Documents): checked, placed in a group when they are posted to one, stored with their
 * addressing, and published in a Create.
 */
public final class ObjectCreation {
    /**
     * The object types a client may create. {@code Question} is not among them: polls need options and votes,
     * which Polity does not model yet; Polity's own types (Challenge, CaseStudy, ...) ride beside one of these.
     */
    public static final Set<String> CREATABLE_TYPES = Set.of("Note", "Page", "Article");
    /** What this service assigns to every new object, which no feature's extensions may set. */
    static final Set<String> SERVER_ASSIGNED = Set.of("id", "type", "attributedTo", "published", "updated",
            "replies", "likes", "shares");

    private final Polity polity;
    private final Publisher publisher;
    private final ContentRules content;

    ObjectCreation(Polity polity, Publisher publisher, ContentRules content) {
        this.polity = polity;
        this.publisher = publisher;
        this.content = content;
    }

    /**
     * Creates an object for {@code author} and publishes its Create. {@code create} is the client's Create
     * activity, or null when the client posted a bare object, which is wrapped (ActivityPub 6.2.1). The server
     * assigns the object's and the activity's ids and ignores any the client sent (ActivityPub 6). The
     * addressing of the object and of the Create is the union of both, so they agree (ActivityPub 6.2 copies
     * the object's addressing onto the Create).
     */
    public StoredActivity create(Actor author, JsonNode objectJson, ObjectNode create) {
        return create(author, objectJson, create, null, (tx, uri) -> { });
    }

    /**
     * As {@link #create(Actor, JsonNode, ObjectNode)}, for a feature that writes its own terms: the fields of
     * {@code extensions} (checked by that feature; {@code @context} too) are set on the object as given, and
     * {@code alongside} runs in the same transaction with the new object's id, so the feature's rows are never
     * stored without the object, nor the object without them (case studies). With extensions the object may also be
     * a {@code Document}: an uploaded resource, whose {@code attachment}, {@code url}, {@code icon}, licence and
     * language the server stored and checked itself ({@code resources.ResourceService}); a client's own C2S
     * Create never passes extensions.
     */
    public StoredActivity create(Actor author, JsonNode objectJson, ObjectNode create, ObjectNode extensions,
            BiConsumer<Stores, String> alongside) {
        return createNamed(author, objectJson, create, extensions == null ? null : uri -> extensions, alongside);
    }

    /**
     * As {@link #create(Actor, JsonNode, ObjectNode, ObjectNode, BiConsumer)}, with terms that name the new
     * object's id: {@code extensionsFor} is given it (a challenge's sub-questions are {@code <id>/questions/{k}},
     * its {@code context} {@code <id>/context}). A {@code context} among the extensions is the stored one too.
     */
    public StoredActivity createNamed(Actor author, JsonNode objectJson, ObjectNode create,
            java.util.function.Function<String, ObjectNode> extensionsFor, BiConsumer<Stores, String> alongside) {
        String objectUri = publisher.newObjectId();
        ObjectNode extensions = extensionsFor == null ? null : extensionsFor.apply(objectUri);
        if (extensions != null) {
            extensions.fieldNames().forEachRemaining(f -> {
                if (SERVER_ASSIGNED.contains(f)) {
                    throw new IllegalArgumentException("a feature may not set " + f + " itself");
                }
            });
        }
        if (objectJson == null || objectJson.isNull() || objectJson.isMissingNode()) {
            throw InvalidInput.of("object", Message.of("svc.create.noObject"));
        }
        if (!objectJson.isObject()) {
            throw InvalidInput.of("object", Message.of("svc.create.reference"));
        }
        ObjectNode input = (ObjectNode) objectJson;
        List<String> types = creatableTypes(input, extensions != null);
        Instant now = polity.clock().instant();
        Map<String, List<String>> addressing = Addressing.addressing(input, create);
        // A post into a group: our group's rules apply now; a remote group's host applies its own on arrival.
        Groups groups = polity.federation().groups();
        Optional<Placement> placement = groups.placements().placement(input);
        placement.ifPresent(p -> groups.placements().checkPosting(author, p));
        if (placement.isPresent() && groups.queries().membersOnly(placement.get().group())) {
            // A members-only group's posts go to the group and its members, never to the public, whatever the
            // client asked for.
            Actor group = placement.get().group();
            addressing.values().forEach(values -> values.removeIf(ActivityStreams::isPublic));
            addressing.values().removeIf(List::isEmpty);
            Addressing.addTo(addressing, "to", group.uri());
            Addressing.addTo(addressing, "cc", group.followersUri());
        }

        ObjectNode object = Publisher.JSON.createObjectNode();
        object.put("@context", ActivityStreams.CONTEXT);
        object.put("id", objectUri);
        if (types.size() == 1) {
            object.put("type", types.get(0));
        } else {
            ArrayNode typeArray = object.putArray("type");
            types.forEach(typeArray::add);
        }
        object.put("attributedTo", author.uri());
        // Long-form Articles (blog posts) outside groups; a group's threads and replies keep the post limit.
        ContentRules.applyContent(object, input, types.contains("Article") && placement.isEmpty());
        String inReplyTo = Addressing.optionalIri(input, "inReplyTo");
        if (inReplyTo != null) {
            object.put("inReplyTo", inReplyTo);
        }
        String context = Addressing.optionalIri(input, "context");
        if (placement.isPresent()) {
            // FEP-7888: a thread's context is the collection of its posts (GET {thread}/context); every post in
            // the thread carries the thread's context.
            String threadUri = placement.get().threadUri();
            context = placement.get().newThread() ? objectUri + "/context"
                    : polity.storage().stores().objects().findObjectByUri(threadUri)
                            .map(StoredObject::contextUri).orElse(threadUri);
            if (placement.get().newThread() && "question".equals(input.path("threadKind").asText(""))) {
                object.put("threadKind", "question");
            }
        }
        if (context != null) {
            object.put("context", context);
        }
        object.put("published", now.toString());
        // Every post has a replies collection (ActivityPub 5.8; Mastodon and Lemmy read it to load a thread).
        object.put("replies", objectUri + "/replies");
        // Its Likes and Announces (ActivityPub 5.7, 5.8), from the stored reactions.
        object.put("likes", polity.uris().likes(objectUri));
        object.put("shares", polity.uris().shares(objectUri));
        ContentRules.copyTags(object, input);
        content.linkHashtags(object);
        if (extensions != null) {
            applyExtensions(object, extensions);
            if (extensions.hasNonNull("context")) {
                context = Addressing.optionalIri(object, "context");
            }
        }
        addressing.forEach((field, values) -> object.set(field, Addressing.addressValue(field, values)));

        ObjectNode activity = publisher.activity(author, "Create");
        activity.put("published", now.toString());
        addressing.forEach((field, values) -> activity.set(field, Addressing.addressValue(field, values)));
        ObjectNode embedded = object.deepCopy();
        embedded.remove("@context");
        activity.set("object", embedded);

        ObjectNode stored = Addressing.withoutBlind(object);
        Visibility visibility = Publisher.visibility(object, author);
        List<String> recipients = Publisher.allRecipients(object);
        String primaryType = types.stream().filter(t -> CREATABLE_TYPES.contains(t) || t.equals("Document"))
                .findFirst().orElseThrow();
        String contextUri = context;
        StoredActivity published = publisher.publish(author, activity, tx -> {
            tx.objects().insert(new StoredObject(0, objectUri, primaryType, author.id(), true,
                    ContentRules.text(object, "name"), object.path("content").asText(""), inReplyTo, contextUri,
                    null, visibility, now, null, null, stored.toString(), ObjectKind.of(types)));
            tx.objects().insertAddressing(objectUri, recipients);
            placement.ifPresent(p -> groups.placements().record(tx, p, objectUri, object, now));
            if (placement.isEmpty()) {
                tx.groups().insertTags(objectUri, Hashtags.tagNames(object));
            }
            alongside.accept(tx, objectUri);
        });
        polity.notifications().posted(objectUri);
        groups.distribution().afterLocalPublish(published);
        return published;
    }

    /** The object's types, local names; one must be creatable, and none may be another known AS type. */
    private static List<String> creatableTypes(ObjectNode input, boolean document) {
        List<String> types = new ArrayList<>();
        JsonNode type = input.get("type");
        if (type != null && type.isTextual()) {
            types.add(ApTypes.localName(type.asText()));
        } else if (type != null && type.isArray() && type.size() <= 8) {
            for (JsonNode t : type) {
                if (!t.isTextual()) {
                    throw InvalidInput.of("type", Message.of("svc.type.string"));
                }
                types.add(ApTypes.localName(t.asText()));
            }
        }
        if (document && types.contains("Document")) {
            return types; // a resource of ours (an uploaded file): its properties are the server's own
        }
        if (types.stream().noneMatch(CREATABLE_TYPES::contains)) {
            throw InvalidInput.of("type", types.isEmpty() ? Message.of("svc.type.missing")
                    : Message.of("svc.type.unsupported", String.join(", ", types)));
        }
        for (String t : types) {
            if (!CREATABLE_TYPES.contains(t) && ApTypes.classFor(List.of(t)) != null) {
                throw InvalidInput.of("type", Message.of("svc.type.both", t));
            }
        }
        return types;
    }

    /** A feature's own terms set on the object as given; a JSON null removes the term (an edit that emptied it). */
    static void applyExtensions(ObjectNode object, ObjectNode extensions) {
        extensions.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                object.remove(e.getKey());
            } else {
                object.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }
}
