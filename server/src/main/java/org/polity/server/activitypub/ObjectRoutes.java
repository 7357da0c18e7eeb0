package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * {@code GET /objects/{id}} and {@code /activities/{id}}, with the addressing enforced ({@link ObjectService#visibleTo}):
 * an absent object and one the reader may not see get the same 404; a deleted object answers 410 Gone with its
 * Tombstone. Also a thread's FEP-7888 {@code context} and a post's {@code replies}.
 */
final class ObjectRoutes {
    private final Polity polity;
    private final CollectionSupport c;

    ObjectRoutes(Polity polity, CollectionSupport c) {
        this.polity = polity;
        this.c = c;
    }

    /**
     * The context of a thread (FEP-7888): the ids of its posts that this instance holds and the reader may see,
     * the thread first, oldest first.
     */
    void threadContext(Context ctx) {
        String threadUri = polity.uris().object(ctx.pathParam("id"));
        if (CollectionSupport.html(ctx)) {
            c.pages().objectCollection(ctx, threadUri);
            return;
        }
        Optional<Actor> reader = c.reader(ctx);
        StoredObject thread = polity.storage().stores().objects().findObjectByUri(threadUri)
                .filter(StoredObject::local)
                .filter(o -> c.objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        List<JsonNode> items = new ArrayList<>();
        for (String uri : polity.storage().stores().groups().findThreadPosts(thread.uri(), 1_000)) {
            polity.storage().stores().objects().findObjectByUri(uri).filter(o -> !o.deleted())
                    .filter(o -> c.objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                    .ifPresent(o -> items.add(Publisher.JSON.getNodeFactory().textNode(o.uri())));
        }
        ctx.header("Vary", "Accept, Authorization, Signature");
        CollectionSupport.privateIf(ctx, thread.visibility() != Visibility.PUBLIC && thread.visibility() != Visibility.UNLISTED);
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.inline(threadUri + "/context", items));
    }

    /** The direct replies to one of our posts that this instance holds and the reader may see, oldest first. */
    void replies(Context ctx) {
        String uri = polity.uris().object(ctx.pathParam("id"));
        if (CollectionSupport.html(ctx)) {
            c.pages().objectCollection(ctx, uri);
            return;
        }
        Optional<Actor> reader = c.reader(ctx);
        StoredObject parent = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(StoredObject::local)
                .filter(o -> c.objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        List<JsonNode> items = new ArrayList<>();
        for (StoredObject reply : polity.storage().stores().objects().findReplies(parent.uri(), 1_000)) {
            if (!reply.deleted() && c.objects().visibleTo(reply.uri(), reply.attributedToId(), reply.visibility(), reader)) {
                items.add(Publisher.JSON.getNodeFactory().textNode(reply.uri()));
            }
        }
        ctx.header("Vary", "Accept, Authorization, Signature");
        CollectionSupport.privateIf(ctx, parent.visibility() != Visibility.PUBLIC && parent.visibility() != Visibility.UNLISTED);
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.inline(uri + "/replies", items));
    }


    // --- Objects and activities --------------------------------------------------------------------------------

    void object(Context ctx) {
        String uri = polity.uris().object(ctx.pathParam("id"));
        if (CollectionSupport.html(ctx)) {
            c.pages().object(ctx, uri);
            return;
        }
        Optional<Actor> reader = c.reader(ctx);
        StoredObject row = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(StoredObject::local)
                .filter(o -> c.objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        ctx.header("Vary", "Accept, Authorization, Signature");
        CollectionSupport.privateIf(ctx, row.visibility() != Visibility.PUBLIC && row.visibility() != Visibility.UNLISTED);
        if (row.deleted()) {
            CollectionSupport.writeJson(ctx, 410, ObjectDeletion.tombstone(row.uri(), row.type(), row.deletedAt()));
            return;
        }
        JsonNode document = ObjectService.readTree(row.payload());
        if (document instanceof ObjectNode o && !o.has("likes")) {
            // Posts stored before likes and shares were served: the collections exist for them too.
            o.put("likes", polity.uris().likes(row.uri()));
            o.put("shares", polity.uris().shares(row.uri()));
        }
        CollectionSupport.writeJson(ctx, 200, document);
    }

    void activity(Context ctx) {
        String uri = polity.uris().activity(ctx.pathParam("id"));
        if (CollectionSupport.html(ctx)) {
            Optional<Actor> viewer = c.pages().viewer(ctx);
            c.pages().activity(ctx, polity.storage().stores().activities().findActivityByUri(uri)
                    .filter(a -> c.objects().visibleTo(a.uri(), a.actorId(), a.visibility(), viewer))
                    .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible"))));
            return;
        }
        Optional<Actor> reader = c.reader(ctx);
        StoredActivity row = polity.storage().stores().activities().findActivityByUri(uri)
                .filter(a -> c.objects().visibleTo(a.uri(), a.actorId(), a.visibility(), reader))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        ctx.header("Vary", "Accept, Authorization, Signature");
        CollectionSupport.privateIf(ctx, row.visibility() != Visibility.PUBLIC && row.visibility() != Visibility.UNLISTED);
        CollectionSupport.writeJson(ctx, 200, c.objects().present(row));
    }
}
