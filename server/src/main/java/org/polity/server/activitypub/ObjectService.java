package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.storage.Stores;

/**
 * Our actors' own objects (posts) and reactions: Create, Update and Delete of Notes, Pages and Articles,
 * Like and Announce of any object, Undo of a Like or Announce; and who may read an object or activity. The
 * C2S outbox, the web UI, the CLI and the features (groups, blog, case studies, resources) come here. Objects
 * received from other servers are the inbox side's ({@code RemoteObjects}); both share the {@code objects}
 * and {@code addressing} tables.
 *
 * <p>Wired once per server ({@code Federation.objects()}), one class per kind of operation, each built once by
 * constructor; the methods here hand over to them:
 * <ul>
 *   <li>{@link ObjectCreation}: Create (local and C2S, with a feature's {@code extensions} and
 *       {@code alongside});</li>
 *   <li>{@link ObjectUpdates}: Update; {@link ObjectDeletion}: Delete and the Tombstone;</li>
 *   <li>{@link Reactions}: Like, Announce and their Undo;</li>
 *   <li>{@link ReadAccess}: who may read ({@code visibleTo}), the home timeline, an activity as served;</li>
 *   <li>{@link ContentRules}: content, name, summary and their limits, translations, tags and #tag links;
 *       {@link Addressing}: the addressing and the IRIs a client names (shared by the others).</li>
 * </ul>
 */
public final class ObjectService {
    private final ObjectCreation creation;
    private final ObjectUpdates updates;
    private final ObjectDeletion deletion;
    private final Reactions reactions;
    private final ReadAccess access;

    public ObjectService(Polity polity, Publisher publisher) {
        ContentRules content = new ContentRules(polity);
        Addressing addressing = new Addressing(polity);
        this.access = new ReadAccess(polity);
        this.creation = new ObjectCreation(polity, publisher, content);
        this.updates = new ObjectUpdates(polity, publisher, access, content, addressing);
        this.deletion = new ObjectDeletion(polity, publisher, access, addressing);
        this.reactions = new Reactions(polity, publisher, access, addressing);
    }

    /** See {@link ObjectCreation#create(Actor, JsonNode, ObjectNode)}. */
    public StoredActivity create(Actor author, JsonNode objectJson, ObjectNode create) {
        return creation.create(author, objectJson, create);
    }

    /** See {@link ObjectCreation#create(Actor, JsonNode, ObjectNode, ObjectNode, BiConsumer)}. */
    public StoredActivity create(Actor author, JsonNode objectJson, ObjectNode create, ObjectNode extensions,
            BiConsumer<Stores, String> alongside) {
        return creation.create(author, objectJson, create, extensions, alongside);
    }

    /** See {@link ObjectCreation#createNamed}. */
    public StoredActivity createNamed(Actor author, JsonNode objectJson, ObjectNode create,
            java.util.function.Function<String, ObjectNode> extensionsFor, BiConsumer<Stores, String> alongside) {
        return creation.createNamed(author, objectJson, create, extensionsFor, alongside);
    }

    /** See {@link ObjectUpdates#update(Actor, ObjectNode)}. */
    public StoredActivity update(Actor author, ObjectNode update) {
        return updates.update(author, update);
    }

    /** See {@link ObjectUpdates#update(Actor, ObjectNode, ObjectNode, Consumer)}. */
    public StoredActivity update(Actor author, ObjectNode update, ObjectNode extensions, Consumer<Stores> alongside) {
        return updates.update(author, update, extensions, alongside);
    }

    /** See {@link ObjectDeletion#delete(Actor, ObjectNode)}. */
    public StoredActivity delete(Actor author, ObjectNode delete) {
        return deletion.delete(author, delete);
    }

    /** See {@link Reactions#react(Actor, ObjectNode, Reaction.Kind)}. */
    public StoredActivity react(Actor author, ObjectNode input, Reaction.Kind kind) {
        return reactions.react(author, input, kind);
    }

    /** See {@link Reactions#undoReaction(Actor, StoredActivity, ObjectNode)}. */
    public StoredActivity undoReaction(Actor author, StoredActivity original, ObjectNode undo) {
        return reactions.undoReaction(author, original, undo);
    }

    /** Whether {@code reader} may see {@code subjectUri}: see {@link ReadAccess#visibleTo}, for the rule. */
    public boolean visibleTo(String subjectUri, long authorId, Visibility visibility, Optional<Actor> reader) {
        return access.visibleTo(subjectUri, authorId, visibility, reader);
    }

    /** See {@link ReadAccess#homeTimeline(Actor, long, int)}. */
    public List<StoredObject> homeTimeline(Actor reader, long beforeId, int limit) {
        return access.homeTimeline(reader, beforeId, limit);
    }

    /** See {@link ReadAccess#present(StoredActivity)}. */
    public ObjectNode present(StoredActivity activity) {
        return access.present(activity);
    }

    /** A stored payload ({@code objects.payload}, {@code activities.payload}) as JSON. */
    public static JsonNode readTree(String json) {
        try {
            return Publisher.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }
}
