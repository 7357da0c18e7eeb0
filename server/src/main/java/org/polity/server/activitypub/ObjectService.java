package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.federation.vocab.ApTypes;
import org.polity.server.Polity;
import org.polity.server.groups.Groups;
import org.polity.server.groups.Hashtags;
import org.polity.server.groups.Placement;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.text.Html;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.TranslationsInput;

/**
 * Our actors' own objects (posts) and reactions: Create, Update and Delete of Notes, Pages and Articles,
 * Like and Announce of any object, Undo of a Like or Announce; and who may read an object or activity. The
 * C2S outbox, and later the web UI and REST API, come here. Objects received from other servers are the
 * inbox side's ({@code RemoteObjects}); both share the {@code objects} and {@code addressing} tables.
 *
 * <p>Addressing is the client's to decide (ActivityPub, section 6): this class adds nothing to a Create. An
 * object sent without any {@code to}, {@code cc}, {@code bto}, {@code bcc} or {@code audience} is private to
 * its author (visibility DIRECT with no recipients): stored, listed in the author's own outbox view, delivered
 * to no one.
 *
 * <p>Who may read (every read, ours and other servers'): PUBLIC and UNLISTED to anyone; otherwise the author,
 * any actor named in the addressing (including {@code bto}/{@code bcc}, which are kept in the addressing table
 * but never served), and, when the addressing names the author's followers collection, the author's
 * accepted followers; the same for any other actor's followers collection in the addressing (a members-only
 * group's posts are addressed to its followers: its members).
 */
public final class ObjectService {
    /**
     * Characters of content (Markdown source, or HTML) one post of ours may have: threads, replies, posts on a
     * profile or the home page, from the web, C2S and the CLI alike. The forms state it ("Up to 5,000
     * characters"); {@link #TOO_LONG} is what every path answers.
     */
    public static final int MAX_CONTENT = 5_000;
    /** The one sentence for a post over {@link #MAX_CONTENT} (translated as {@code svc.content.long}). */
    public static final String TOO_LONG = "Posts can have at most 5,000 characters.";
    /**
     * Characters of content an {@code Article} of ours outside a group may have: blog articles are long-form.
     * Notes, Pages and every post in a group keep {@link #MAX_CONTENT}; {@link #ARTICLE_TOO_LONG} is what every path answers (translated as
     * {@code svc.article.long}).
     */
    public static final int MAX_ARTICLE = 100_000;
    public static final String ARTICLE_TOO_LONG = "Articles can have at most 100,000 characters.";
    public static final int MAX_NAME = 500;
    public static final int MAX_SUMMARY = 5_000;
    public static final int MAX_RECIPIENTS = 500;
    /**
     * The object types a client may create. {@code Question} is not among them: polls need options and votes,
     * which Polity does not model yet; Polity's own types (Challenge, CaseStudy, ...) ride beside one of these.
     */
    public static final Set<String> CREATABLE_TYPES = Set.of("Note", "Page", "Article");
    static final List<String> ADDRESS_FIELDS = Publisher.ADDRESS_FIELDS;

    private final Polity polity;
    private final RemoteActors actors;
    private final Publisher publisher;

    public ObjectService(Polity polity, RemoteActors actors, Publisher publisher) {
        this.polity = polity;
        this.actors = actors;
        this.publisher = publisher;
    }

    // --- Create ------------------------------------------------------------------------------------------------

    /**
     * Creates an object for {@code author} and publishes its Create. {@code create} is the client's Create
     * activity, or null when the client posted a bare object, which is wrapped (ActivityPub 6.2.1). The server
     * assigns the object's and the activity's ids and ignores any the client sent (ActivityPub 6). The
     * addressing of the object and of the Create is the union of both, so they agree (ActivityPub 6.2 copies
     * the object's addressing onto the Create).
     */
    /** What this service assigns to every new object, which no feature's extensions may set. */
    static final Set<String> SERVER_ASSIGNED = Set.of("id", "type", "attributedTo", "published", "updated",
            "replies", "likes", "shares");

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
            java.util.function.BiConsumer<org.polity.server.storage.Stores, String> alongside) {
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
        Map<String, List<String>> addressing = addressing(input, create);
        // A post into a group: our group's rules apply now; a remote group's host applies its own on arrival.
        Groups groups = polity.federation().groups();
        Optional<Placement> placement = groups.placements().placement(input);
        placement.ifPresent(p -> {
            if (p.group().local()) {
                groups.placements().admit(author, p);
            } else if (!groups.queries().isMember(p.group(), author)) {
                throw new Forbidden(Message.of("groups.service.membersOnlyPost", p.group().displayName()));
            } else if (!p.newThread() && polity.storage().stores().groups().findThread(p.threadUri())
                    .filter(t -> t.locked()).isPresent()) {
                throw new Forbidden(Message.of("groups.service.locked"));
            }
        });
        if (placement.isPresent() && groups.queries().membersOnly(placement.get().group())) {
            // A members-only group's posts go to the group and its members, never to the public, whatever the
            // client asked for.
            Actor group = placement.get().group();
            addressing.values().forEach(values -> values.removeIf(ActivityStreams::isPublic));
            addressing.values().removeIf(List::isEmpty);
            addTo(addressing, "to", group.uri());
            addTo(addressing, "cc", group.followersUri());
        }

        ObjectNode object = Publisher.JSON.createObjectNode();
        object.put("@context", ActivityStreams.CONTEXT);
        String objectUri = publisher.newObjectId();
        object.put("id", objectUri);
        if (types.size() == 1) {
            object.put("type", types.get(0));
        } else {
            ArrayNode typeArray = object.putArray("type");
            types.forEach(typeArray::add);
        }
        object.put("attributedTo", author.uri());
        // Long-form Articles (blog posts) outside groups; a group's threads and replies keep the post limit.
        applyContent(object, input, types.contains("Article") && placement.isEmpty());
        String inReplyTo = optionalIri(input, "inReplyTo");
        if (inReplyTo != null) {
            object.put("inReplyTo", inReplyTo);
        }
        String context = optionalIri(input, "context");
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
        copyTags(object, input);
        linkHashtags(object);
        if (extensions != null) {
            applyExtensions(object, extensions);
        }
        addressing.forEach((field, values) -> object.set(field, addressValue(field, values)));

        ObjectNode activity = publisher.activity(author, "Create");
        activity.put("published", now.toString());
        addressing.forEach((field, values) -> activity.set(field, addressValue(field, values)));
        ObjectNode embedded = object.deepCopy();
        embedded.remove("@context");
        activity.set("object", embedded);

        ObjectNode stored = withoutBlind(object);
        Visibility visibility = Publisher.visibility(object, author);
        List<String> recipients = Publisher.allRecipients(object);
        String primaryType = types.stream().filter(t -> CREATABLE_TYPES.contains(t) || t.equals("Document"))
                .findFirst().orElseThrow();
        String contextUri = context;
        StoredActivity published = publisher.publish(author, activity, tx -> {
            tx.objects().insert(new StoredObject(0, objectUri, primaryType, author.id(), true, text(object, "name"),
                    object.path("content").asText(""), inReplyTo, contextUri, null, visibility, now, null, null,
                    stored.toString(), ObjectKind.of(types)));
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

    /** A feature's own terms set on the object as given; a JSON null removes the term (an edit that emptied it). */
    private static void applyExtensions(ObjectNode object, ObjectNode extensions) {
        extensions.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                object.remove(e.getKey());
            } else {
                object.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** #tags in the text link to the tag pages of the post's own Hashtag tags (as Mastodon's do). */
    private void linkHashtags(ObjectNode object) {
        if (!object.has("content")) {
            return;
        }
        java.util.Set<String> tagNames = new java.util.HashSet<>(Hashtags.tagNames(object));
        object.put("content", Html.linkHashtags(object.path("content").asText(""), tagNames,
                tag -> polity.uris().url("/tags/" + tag)));
        TranslationsInput.mapContent(object, html -> Html.linkHashtags(html, tagNames,
                tag -> polity.uris().url("/tags/" + tag)));
    }

    /** Most tags one object may carry. */
    public static final int MAX_TAGS = 50;

    /**
     * Copies the client's Mention and Hashtag tags (ActivityStreams {@code tag}): each with an http(s)
     * {@code href} and a plain-text {@code name}; anything else is dropped.
     */
    private static void copyTags(ObjectNode object, ObjectNode input) {
        JsonNode tags = input.get("tag");
        if (tags == null || tags.isNull()) {
            return;
        }
        ArrayNode out = Publisher.JSON.createArrayNode();
        for (JsonNode tag : tags.isArray() ? tags : Publisher.JSON.createArrayNode().add(tags)) {
            String type = tag.path("type").asText("");
            String href = tag.path("href").asText(null);
            if (out.size() >= MAX_TAGS || !(type.equals("Mention") || type.equals("Hashtag")) || href == null) {
                continue;
            }
            checkIri("tag", href);
            ObjectNode kept = out.addObject();
            kept.put("type", type);
            kept.put("href", href);
            String name = tag.path("name").asText("").strip();
            if (!name.isEmpty()) {
                kept.put("name", name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME));
            }
        }
        if (!out.isEmpty()) {
            object.set("tag", out);
        }
    }

    // --- Update and Delete -------------------------------------------------------------------------------------

    /**
     * Replaces the content of one of the author's objects (ActivityPub 6.3: the properties given replace the
     * old ones; Polity takes {@code content} or {@code source}, {@code name}, {@code summary} and
     * {@code sensitive}, and ignores the rest, addressing included). The Update goes to the object's recipients.
     */
    public StoredActivity update(Actor author, ObjectNode update) {
        return update(author, update, null, tx -> { });
    }

    /**
     * As {@link #update(Actor, ObjectNode)}, for a feature that writes its own terms: the fields of
     * {@code extensions} replace the object's (addressing fields among them add recipients to the Update; a JSON
     * null removes the term), and
     * {@code alongside} runs in the same transaction (case studies keep their prior version there).
     */
    public StoredActivity update(Actor author, ObjectNode update, ObjectNode extensions,
            java.util.function.Consumer<org.polity.server.storage.Stores> alongside) {
        JsonNode input = update.get("object");
        if (input == null || !input.isObject() || ApReader.idOf(input) == null) {
            throw InvalidInput.of("object", Message.of("svc.update.noObject"));
        }
        StoredObject row = ownObject(author, ApReader.idOf(input));
        ObjectNode object = (ObjectNode) readTree(row.payload());
        applyContent(object, (ObjectNode) input, "Article".equals(row.type())
                && polity.storage().stores().groups().findPost(row.uri()).isEmpty());
        linkHashtags(object);
        if (extensions != null) {
            applyExtensions(object, extensions);
        }
        Instant now = polity.clock().instant();
        object.put("updated", now.toString());

        ObjectNode activity = publisher.activity(author, "Update");
        addressLike(activity, row.uri(), object);
        ObjectNode embedded = object.deepCopy();
        embedded.remove("@context");
        activity.set("object", embedded);
        String name = text(object, "name");
        String content = object.path("content").asText("");
        StoredActivity published = publisher.publish(author, activity, tx -> {
            if (!tx.objects().update(row.uri(), name, content, object.toString(), now)) {
                throw new NotFound(Message.of("svc.object.notVisible"));
            }
            alongside.accept(tx);
        });
        polity.federation().groups().distribution().afterLocalPublish(published);
        return published;
    }

    /**
     * Deletes one of the author's objects: it becomes a Tombstone (its content is gone from the database) and a
     * Delete goes to its recipients (ActivityPub 6.4).
     */
    public StoredActivity delete(Actor author, ObjectNode delete) {
        String uri = ApReader.idOf(delete.get("object"));
        if (uri == null) {
            throw InvalidInput.of("object", Message.of("svc.delete.noObject"));
        }
        StoredObject row = ownObject(author, uri);
        Instant now = polity.clock().instant();
        ObjectNode tombstone = tombstone(row.uri(), row.type(), now);
        ObjectNode activity = publisher.activity(author, "Delete");
        addressLike(activity, row.uri(), (ObjectNode) readTree(row.payload()));
        ObjectNode embedded = Publisher.JSON.createObjectNode();
        embedded.put("id", row.uri());
        embedded.put("type", "Tombstone");
        activity.set("object", embedded);
        var groupPost = polity.storage().stores().groups().findPost(row.uri());
        StoredActivity published = publisher.publish(author, activity, tx -> {
            tx.objects().update(row.uri(), null, "", tombstone.toString(), now);
            if (!tx.objects().markDeleted(row.uri(), now)) {
                throw new NotFound(Message.of("svc.object.notVisible"));
            }
            groupPost.filter(p -> !p.isThread()).ifPresent(p -> tx.groups().touchThread(p.threadUri(), -1, now));
        });
        polity.federation().groups().distribution().afterLocalPublish(published);
        return published;
    }

    /** A Tombstone for a deleted object (Activity Vocabulary, section 3.3, {@code Tombstone}). */
    public static ObjectNode tombstone(String uri, String formerType, Instant deleted) {
        ObjectNode t = Publisher.JSON.createObjectNode();
        t.put("@context", ActivityStreams.CONTEXT);
        t.put("id", uri);
        t.put("type", "Tombstone");
        if (formerType != null) {
            t.put("formerType", formerType);
        }
        if (deleted != null) {
            t.put("deleted", deleted.toString());
        }
        return t;
    }

    /**
     * One of the author's live objects. An object the author may not see is "not found" (the same answer as
     * an absent one); one they see but did not write is forbidden (only an object's owner changes it).
     */
    private StoredObject ownObject(Actor author, String uri) {
        StoredObject row = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(o -> !o.deleted())
                .filter(o -> visibleTo(o.uri(), o.attributedToId(), o.visibility(), Optional.of(author)))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        if (!row.local() || row.attributedToId() != author.id()) {
            throw new Forbidden(Message.of("svc.object.authorOnly"));
        }
        return row;
    }

    // --- Like, Announce, Undo ----------------------------------------------------------------------------------

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
        checkIri("object", objectUri);
        Target target = target(author, objectUri);
        if (kind == Reaction.Kind.ANNOUNCE && !target.isPublic()) {
            throw InvalidInput.of("object", Message.of("svc.share.publicOnly"));
        }
        Map<String, List<String>> addressing = addressing(input, null);
        String type = kind == Reaction.Kind.LIKE ? "Like" : "Announce";
        ObjectNode activity = publisher.activity(author, type);
        activity.put("object", objectUri);
        if (kind == Reaction.Kind.ANNOUNCE) {
            if (addressing.isEmpty()) {
                addressing.put("to", new ArrayList<>(List.of(ActivityStreams.PUBLIC)));
            }
            addTo(addressing, "cc", author.followersUri());
            if (target.authorUri() != null && !target.authorUri().equals(author.uri())) {
                addTo(addressing, "cc", target.authorUri());
            }
        } else if (target.authorUri() != null && !target.authorUri().equals(author.uri())) {
            addTo(addressing, "to", target.authorUri());
        }
        addressing.forEach((field, values) -> activity.set(field, array(values)));
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
                    .filter(x -> visibleTo(x.uri(), x.attributedToId(), x.visibility(), Optional.of(reader)))
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
        addressLike(undo, original.uri(), (ObjectNode) readTree(original.payload()));
        undo.set("object", embedded);
        return publisher.publish(author, undo, tx -> tx.reactions().delete(reaction.id()));
    }

    // --- Reading -----------------------------------------------------------------------------------------------

    /** The same sentence for an object that is absent and one the reader may not see (no existence leak). */
    public static final String NOT_VISIBLE = "There is no such object, or you may not see it.";

    /**
     * Whether {@code reader} (empty: anonymous) may see the object or activity {@code subjectUri} written by
     * {@code authorId} with {@code visibility}. See the class comment for the rule.
     */
    public boolean visibleTo(String subjectUri, long authorId, Visibility visibility, Optional<Actor> reader) {
        if (visibility == Visibility.PUBLIC || visibility == Visibility.UNLISTED) {
            return true;
        }
        if (reader.isEmpty()) {
            return false;
        }
        Actor me = reader.get();
        if (me.id() == authorId) {
            return true;
        }
        List<String> addressing = polity.storage().stores().objects().findAddressing(subjectUri);
        if (addressing.contains(me.uri())) {
            return true;
        }
        // Addressed to a followers collection the reader is in: the author's, or a group's (a members-only
        // group addresses its posts to its followers, who are its members).
        if (polity.storage().stores().follows().followsAnyCollection(me.id(), addressing)) {
            return true;
        }
        // Another server's own actor (FEP-2677) fetching for its members: allowed when one of its actors is in
        // an addressed followers collection (how a member's server checks an announced members-only post).
        return !me.local() && me.type() == org.polity.server.model.ActorType.Application
                && polity.storage().stores().follows().domainFollowsAnyCollection(me.domain(), addressing);
    }

    /**
     * The home timeline of one of our actors: posts by the actors it follows (accepted) and its own that it
     * may see, newest first, before row id {@code beforeId} (Long.MAX_VALUE for the first page). The web UI
     * and {@code GET /users/{name}/home} both read it here.
     */
    public List<StoredObject> homeTimeline(Actor reader, long beforeId, int limit) {
        return polity.storage().stores().objects().findHomeTimeline(reader.id(), reader.uri(), beforeId, limit);
    }

    /**
     * An activity as it is served: a Create or Update of one of our objects embeds the object as it is now
     * (edited, or a Tombstone once deleted), never an older copy.
     */
    public ObjectNode present(StoredActivity activity) {
        ObjectNode json = (ObjectNode) readTree(activity.payload());
        if ((activity.type().equals("Create") || activity.type().equals("Update")) && activity.objectUri() != null
                && json.get("object") instanceof ObjectNode) {
            polity.storage().stores().objects().findObjectByUri(activity.objectUri())
                    .filter(StoredObject::local)
                    .ifPresent(o -> {
                        ObjectNode current = o.deleted() ? tombstone(o.uri(), o.type(), o.deletedAt())
                                : (ObjectNode) readTree(o.payload());
                        current.remove("@context");
                        json.set("object", current);
                    });
        }
        // A group's Announce of a post's Create or Update shows the post as it is now (edited, or a Tombstone),
        // never the copy it re-sent.
        if (activity.type().equals("Announce") && json.get("object") instanceof ObjectNode inner
                && (inner.path("type").asText().equals("Create") || inner.path("type").asText().equals("Update"))
                && inner.get("object") instanceof ObjectNode wrapped && wrapped.hasNonNull("id")) {
            polity.storage().stores().objects().findObjectByUri(wrapped.get("id").asText()).ifPresent(o -> {
                ObjectNode current = o.deleted() ? tombstone(o.uri(), o.type(), o.deletedAt())
                        : (ObjectNode) readTree(o.payload());
                current.remove("@context");
                inner.set("object", current);
            });
        }
        if (!json.has("@context")) {
            json.put("@context", ActivityStreams.CONTEXT);
        }
        return json;
    }

    // --- Input checks ------------------------------------------------------------------------------------------

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

    /**
     * Copies the editable properties from {@code input} onto {@code object}, checked and sanitised: content from
     * {@code source} (Markdown, ActivityPub 3.3) or {@code content} (HTML, sanitised), name (plain text),
     * summary (HTML, sanitised), sensitive. None is required; on update, what is absent stays. An Article's
     * content may be {@link #MAX_ARTICLE} characters long, any other object's {@link #MAX_CONTENT}.
     */
    private static void applyContent(ObjectNode object, ObjectNode input, boolean article) {
        int limit = article ? MAX_ARTICLE : MAX_CONTENT;
        Message tooLong = article ? Message.of("blog.error.contentLong", MAX_ARTICLE)
                : Message.of("post.error.long", MAX_CONTENT);
        String previousLang = ApToTranslations.read(object).defaultLang();
        InvalidInput.Collector errors = new InvalidInput.Collector();
        JsonNode source = input.get("source");
        JsonNode content = input.get("content");
        if (source != null && !source.isNull()) {
            String mediaType = source.path("mediaType").asText("");
            JsonNode text = source.get("content");
            if (!source.isObject() || text == null || !text.isTextual()) {
                errors.add("source", Message.of("svc.source.shape"));
            } else if (!mediaType.equals("text/markdown")) {
                errors.add("source", Message.of("svc.source.mediaType", mediaType));
            } else if (text.asText().length() > limit) {
                errors.add("content", tooLong);
            } else {
                ObjectNode kept = object.putObject("source");
                kept.put("content", text.asText());
                kept.put("mediaType", "text/markdown");
                object.put("content", Html.markdownToHtml(text.asText()));
            }
        } else if (content != null && !content.isNull()) {
            if (!content.isTextual()) {
                errors.add("content", Message.of("svc.content.html"));
            } else if (content.asText().length() > limit) {
                errors.add("content", tooLong);
            } else {
                object.remove("source");
                object.put("content", Html.autolink(Html.sanitize(content.asText())));
            }
        }
        if (errors.has("content") || errors.has("source")) {
            errors.throwIfAny();
        }
        // ActivityPub asks for no content: a Note may be only a name, a summary, or nothing yet (docs/c2s.md).
        // Content that is empty once sanitised is left out rather than kept as an empty string.
        if (object.path("content").asText("").isBlank()) {
            object.remove("content");
        }
        JsonNode name = input.get("name");
        if (name != null && !name.isNull()) {
            if (!name.isTextual() || name.asText().strip().length() > MAX_NAME) {
                errors.add("name", Message.of("svc.name.long", MAX_NAME));
            } else if (name.asText().isBlank()) {
                object.remove("name");
            } else {
                object.put("name", name.asText().strip());
            }
        }
        JsonNode summary = input.get("summary");
        if (summary != null && !summary.isNull()) {
            if (!summary.isTextual() || summary.asText().length() > MAX_SUMMARY) {
                errors.add("summary", Message.of("svc.summary.long", MAX_SUMMARY));
            } else if (summary.asText().isBlank()) {
                object.remove("summary");
            } else {
                object.put("summary", Html.sanitize(summary.asText()));
            }
        }
        JsonNode sensitive = input.get("sensitive");
        if (sensitive != null && !sensitive.isNull()) {
            if (!sensitive.isBoolean()) {
                errors.add("sensitive", Message.of("svc.sensitive.boolean"));
            } else {
                object.put("sensitive", sensitive.asBoolean());
            }
        }
        errors.throwIfAny();
        // Translations: contentMap / nameMap / summaryMap beside the plain values (org.polity.server.translations).
        TranslationsInput.apply(object, input, previousLang, limit, tooLong);
    }

    /**
     * The addressing of the documents, field by field, merged: every value an absolute http(s) IRI or the
     * Public collection (written as its full IRI), at most {@value #MAX_RECIPIENTS} recipients in all. Fields
     * without values are left out.
     */
    static Map<String, List<String>> addressing(JsonNode... documents) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (String field : ADDRESS_FIELDS) {
            Set<String> values = new LinkedHashSet<>();
            for (JsonNode doc : documents) {
                if (doc == null) {
                    continue;
                }
                JsonNode node = doc.get(field);
                if (node == null || node.isNull()) {
                    continue;
                }
                if (node.isArray() && node.size() > MAX_RECIPIENTS) {
                    throw tooMany();
                }
                for (JsonNode item : node.isArray() ? node : Publisher.JSON.createArrayNode().add(node)) {
                    String iri = ApReader.idOf(item);
                    if (iri == null) {
                        throw InvalidInput.of(field, Message.of("svc.addressing.ids", field));
                    }
                    if (ActivityStreams.isPublic(iri)) {
                        iri = ActivityStreams.PUBLIC;
                    } else {
                        checkIri(field, iri);
                    }
                    values.add(iri);
                }
            }
            if (!values.isEmpty()) {
                out.put(field, new ArrayList<>(values));
                all.addAll(values);
            }
        }
        if (all.size() > MAX_RECIPIENTS) {
            throw tooMany();
        }
        return out;
    }

    private static InvalidInput tooMany() {
        return InvalidInput.of("to", Message.of("svc.addressing.tooMany", MAX_RECIPIENTS));
    }

    private static void checkIri(String field, String iri) {
        URI uri;
        try {
            uri = URI.create(iri);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of(field, Message.of("svc.iri.invalid", abbreviate(iri)));
        }
        if (iri.length() > 2048 || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw InvalidInput.of(field, Message.of("svc.iri.http", abbreviate(iri)));
        }
    }

    private static String optionalIri(ObjectNode input, String field) {
        JsonNode node = input.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        String iri = ApReader.idOf(node);
        if (iri == null) {
            throw InvalidInput.of(field, Message.of("svc.iri.objectId", field));
        }
        checkIri(field, iri);
        return iri;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    // --- Helpers -----------------------------------------------------------------------------------------------

    /**
     * Addresses {@code activity} to the recipients of {@code subjectUri}: {@code to}, {@code cc} and
     * {@code audience} as {@code document} shows them, and every other recorded recipient (the original
     * {@code bto}/{@code bcc}) in {@code bcc}, so blind recipients stay blind.
     */
    private void addressLike(ObjectNode activity, String subjectUri, ObjectNode document) {
        Set<String> shown = new LinkedHashSet<>();
        for (String field : List.of("to", "cc", "audience")) {
            List<String> values = Publisher.addresses(document, field);
            if (!values.isEmpty()) {
                activity.set(field, addressValue(field, values));
                shown.addAll(values);
            }
        }
        List<String> blind = new ArrayList<>(polity.storage().stores().objects().findAddressing(subjectUri));
        blind.removeAll(shown);
        if (!blind.isEmpty()) {
            activity.set("bcc", array(blind));
        }
    }

    private static void addTo(Map<String, List<String>> addressing, String field, String value) {
        if (value == null) {
            return;
        }
        List<String> values = addressing.computeIfAbsent(field, f -> new ArrayList<>());
        if (!values.contains(value)) {
            values.add(value);
        }
        if (addressing.values().stream().mapToInt(List::size).sum() > MAX_RECIPIENTS) {
            throw tooMany();
        }
    }

    private static ObjectNode withoutBlind(ObjectNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("bto");
        copy.remove("bcc");
        return copy;
    }

    /**
     * An addressing field as written: an array, except a single {@code audience}, which is written as one id
     * because Lemmy and Mbin read {@code audience} as a single community (FEP-1b12 examples do the same).
     */
    private static JsonNode addressValue(String field, List<String> values) {
        if (field.equals("audience") && values.size() == 1) {
            return Publisher.JSON.getNodeFactory().textNode(values.get(0));
        }
        return array(values);
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = Publisher.JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static JsonNode first(JsonNode node) {
        return node != null && node.isArray() ? (node.isEmpty() ? null : node.get(0)) : node;
    }

    private static String text(ObjectNode object, String field) {
        JsonNode v = object.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    public static JsonNode readTree(String json) {
        try {
            return Publisher.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
