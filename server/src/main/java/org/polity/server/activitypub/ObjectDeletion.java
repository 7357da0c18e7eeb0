package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/** Deleting one of our actors' objects: a Tombstone in its place, a Delete sent to its recipients. */
public final class ObjectDeletion {
    private final Polity polity;
    private final Publisher publisher;
    private final ReadAccess access;
    private final Addressing addressing;

    ObjectDeletion(Polity polity, Publisher publisher, ReadAccess access, Addressing addressing) {
        this.polity = polity;
        this.publisher = publisher;
        this.access = access;
        this.addressing = addressing;
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
        StoredObject row = access.ownObject(author, uri);
        Instant now = polity.clock().instant();
        ObjectNode tombstone = tombstone(row.uri(), row.type(), now);
        ObjectNode activity = publisher.activity(author, "Delete");
        addressing.addressLike(activity, row.uri(), (ObjectNode) ObjectService.readTree(row.payload()));
        ObjectNode embedded = Publisher.JSON.createObjectNode();
        embedded.put("id", row.uri());
        embedded.put("type", "Tombstone");
        activity.set("object", embedded);
        var groupPost = polity.storage().stores().groups().findPost(row.uri());
        // Not only its addressees: every server that was sent it (a reply's thread, a relay, a group's members).
        java.util.List<String> holders = polity.storage().stores().deliveries().findInboxesForObject(row.uri());
        StoredActivity published = publisher.publish(author, activity, tx -> {
            tx.objects().update(row.uri(), null, "", tombstone.toString(), now);
            if (!tx.objects().markDeleted(row.uri(), now)) {
                throw new NotFound(Message.of("svc.object.notVisible"));
            }
            groupPost.filter(p -> !p.isThread()).ifPresent(p -> tx.groups().touchThread(p.threadUri(), -1, now));
        }, inbox -> true, holders);
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
}
