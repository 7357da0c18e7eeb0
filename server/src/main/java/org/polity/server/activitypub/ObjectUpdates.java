package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.Consumer;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;

/** Editing one of our actors' objects: its content replaced, an Update sent to its recipients. */
public final class ObjectUpdates {
    private final Polity polity;
    private final Publisher publisher;
    private final ReadAccess access;
    private final ContentRules content;
    private final Addressing addressing;

    ObjectUpdates(Polity polity, Publisher publisher, ReadAccess access, ContentRules content,
            Addressing addressing) {
        this.polity = polity;
        this.publisher = publisher;
        this.access = access;
        this.content = content;
        this.addressing = addressing;
    }

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
    public StoredActivity update(Actor author, ObjectNode update, ObjectNode extensions, Consumer<Stores> alongside) {
        JsonNode input = update.get("object");
        if (input == null || !input.isObject() || ApReader.idOf(input) == null) {
            throw InvalidInput.of("object", Message.of("svc.update.noObject"));
        }
        StoredObject row = access.ownObject(author, ApReader.idOf(input));
        ObjectNode object = (ObjectNode) ObjectService.readTree(row.payload());
        ContentRules.applyContent(object, (ObjectNode) input, "Article".equals(row.type())
                && polity.storage().stores().groups().findPost(row.uri()).isEmpty());
        content.linkHashtags(object);
        if (extensions != null) {
            ObjectCreation.applyExtensions(object, extensions);
        }
        Instant now = polity.clock().instant();
        object.put("updated", now.toString());

        ObjectNode activity = publisher.activity(author, "Update");
        addressing.addressLike(activity, row.uri(), object);
        ObjectNode embedded = object.deepCopy();
        embedded.remove("@context");
        activity.set("object", embedded);
        String name = ContentRules.text(object, "name");
        String html = object.path("content").asText("");
        StoredActivity published = publisher.publish(author, activity, tx -> {
            if (!tx.objects().update(row.uri(), name, html, object.toString(), now)) {
                throw new NotFound(Message.of("svc.object.notVisible"));
            }
            alongside.accept(tx);
        });
        polity.federation().groups().distribution().afterLocalPublish(published);
        return published;
    }
}
