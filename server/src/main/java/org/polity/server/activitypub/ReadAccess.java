package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Forbidden;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * Who may read an object or activity (every read, ours and other servers'), and what a reader is served.
 * PUBLIC and UNLISTED to anyone; otherwise the author, any actor named in the addressing (including
 * {@code bto}/{@code bcc}, which are kept in the addressing table but never served), and, when the addressing
 * names the author's followers collection, the author's accepted followers; the same for any other actor's
 * followers collection in the addressing (a members-only group's posts are addressed to its followers: its
 * members).
 */
public final class ReadAccess {
    /** The same sentence for an object that is absent and one the reader may not see (no existence leak). */
    public static final String NOT_VISIBLE = "There is no such object, or you may not see it.";

    private final Polity polity;

    ReadAccess(Polity polity) {
        this.polity = polity;
    }

    /**
     * Whether {@code reader} (empty: anonymous) may see the object or activity {@code subjectUri} written by
     * {@code authorId} with {@code visibility}. See the class comment for the rule.
     */
    public boolean visibleTo(String subjectUri, long authorId, Visibility visibility, Optional<Actor> reader) {
        if (polity.standings().suspended(authorId) && reader.map(r -> r.id() != authorId).orElse(true)) {
            // A suspended actor's content is gone for everyone but itself (its pages answer 410); a moderator's
            // removal of it still goes through its author (Reports#removeContent).
            return false;
        }
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
        return !me.local() && me.type() == ActorType.Application
                && polity.storage().stores().follows().domainFollowsAnyCollection(me.domain(), addressing);
    }

    /**
     * One of the author's live objects. An object the author may not see is "not found" (the same answer as
     * an absent one); one they see but did not write is forbidden (only an object's owner changes it).
     */
    StoredObject ownObject(Actor author, String uri) {
        StoredObject row = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(o -> !o.deleted())
                .filter(o -> visibleTo(o.uri(), o.attributedToId(), o.visibility(), Optional.of(author)))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        if (!row.local() || row.attributedToId() != author.id()) {
            throw new Forbidden(Message.of("svc.object.authorOnly"));
        }
        return row;
    }

    /**
     * The home timeline of one of our actors: posts by the actors it follows (accepted) and its own that it
     * may see, newest first, before row id {@code beforeId} (Long.MAX_VALUE for the first page). The web UI
     * and {@code GET /users/{name}/home} both read it here.
     */
    public List<StoredObject> homeTimeline(Actor reader, long beforeId, int limit) {
        List<StoredObject> rows = polity.storage().stores().objects().findHomeTimeline(reader.id(), reader.uri(),
                beforeId, limit);
        // A suspended author's posts are gone from every feed (a silenced one's stay: the reader follows them).
        return polity.standings().any() ? rows.stream().filter(o -> !polity.standings().suspended(o.attributedToId()))
                .toList() : rows;
    }

    /**
     * An activity as it is served: a Create or Update of one of our objects embeds the object as it is now
     * (edited, or a Tombstone once deleted), never an older copy.
     */
    public ObjectNode present(StoredActivity activity) {
        ObjectNode json = (ObjectNode) ObjectService.readTree(activity.payload());
        if ((activity.type().equals("Create") || activity.type().equals("Update")) && activity.objectUri() != null
                && json.get("object") instanceof ObjectNode) {
            polity.storage().stores().objects().findObjectByUri(activity.objectUri())
                    .filter(StoredObject::local)
                    .ifPresent(o -> {
                        ObjectNode current = o.deleted() ? ObjectDeletion.tombstone(o.uri(), o.type(), o.deletedAt())
                                : (ObjectNode) ObjectService.readTree(o.payload());
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
                ObjectNode current = o.deleted() ? ObjectDeletion.tombstone(o.uri(), o.type(), o.deletedAt())
                        : (ObjectNode) ObjectService.readTree(o.payload());
                current.remove("@context");
                inner.set("object", current);
            });
        }
        if (!json.has("@context")) {
            json.put("@context", ActivityStreams.CONTEXT);
        }
        return json;
    }
}
