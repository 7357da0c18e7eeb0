package org.polity.server.activitypub;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.Reaction;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * Likes and shares (ActivityPub 5.7, 5.8): {@code /users/{name}/liked}, {@code /likes}, {@code /shares} and
 * {@code /objects/{id}/likes}, {@code /shares}, from the stored reactions.
 */
final class ReactionCollectionRoutes {
    private final Polity polity;
    private final CollectionSupport c;

    ReactionCollectionRoutes(Polity polity, CollectionSupport c) {
        this.polity = polity;
        this.c = c;
    }

    // --- Likes and shares (ActivityPub 5.7, 5.8) ------------------------------------------------------------

    /**
     * What a member liked: the ids of the objects, newest like first. Anyone sees the likes of public and
     * unlisted objects this instance holds; the member, with their token, sees all their likes of objects that
     * still exist (docs/api.md).
     */
    void liked(Context ctx) {
        Actor owner = c.member(ctx.pathParam("name"));
        if (CollectionSupport.html(ctx)) {
            c.pages().toActorPage(ctx, owner);
            return;
        }
        boolean self = c.auth().account(ctx).map(a -> a.actorId() == owner.id()).orElse(false);
        CollectionSupport.privateIf(ctx, self);
        var reactions = polity.storage().stores().reactions();
        long total = reactions.countLikedBy(owner.id(), !self);
        long before = CollectionSupport.isPage(ctx) ? CollectionSupport.cursor(ctx, "before", Long.MAX_VALUE) : Long.MAX_VALUE;
        List<Reaction> rows = CollectionSupport.isPage(ctx) || total <= OutboxRoutes.PAGE_SIZE
                ? reactions.findLikedBy(owner.id(), !self, before, OutboxRoutes.PAGE_SIZE + 1) : List.of();
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.collectionOrPage(polity.uris().liked(owner.username()), "before", ctx, total, rows,
                Reaction::id, r -> Publisher.JSON.getNodeFactory().textNode(r.objectUri())));
    }

    /** The Likes or Announces of one of our members (public, as the member's document is). */
    void actorReactions(Context ctx, Reaction.Kind kind) {
        Actor owner = c.member(ctx.pathParam("name"));
        if (CollectionSupport.html(ctx)) {
            c.pages().toActorPage(ctx, owner);
            return;
        }
        reactionsOf(ctx, owner.uri(), kind);
    }

    /** The Likes or Announces of one of our posts, to those who may see the post (404 to others, as the post). */
    void objectReactions(Context ctx, Reaction.Kind kind) {
        String uri = polity.uris().object(ctx.pathParam("id"));
        if (CollectionSupport.html(ctx)) {
            c.pages().objectCollection(ctx, uri);
            return;
        }
        Optional<Actor> reader = c.reader(ctx);
        StoredObject row = polity.storage().stores().objects().findObjectByUri(uri)
                .filter(StoredObject::local).filter(o -> !o.deleted())
                .filter(o -> c.objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
        ctx.header("Vary", "Accept, Authorization, Signature");
        CollectionSupport.privateIf(ctx, row.visibility() != Visibility.PUBLIC && row.visibility() != Visibility.UNLISTED);
        reactionsOf(ctx, uri, kind);
    }

    /** The ids of the Like or Announce activities of {@code uri}, newest first. */
    void reactionsOf(Context ctx, String uri, Reaction.Kind kind) {
        var reactions = polity.storage().stores().reactions();
        long total = reactions.count(uri, kind);
        long before = CollectionSupport.isPage(ctx) ? CollectionSupport.cursor(ctx, "before", Long.MAX_VALUE) : Long.MAX_VALUE;
        List<Reaction> rows = CollectionSupport.isPage(ctx) || total <= OutboxRoutes.PAGE_SIZE
                ? reactions.findByObject(uri, kind, before, OutboxRoutes.PAGE_SIZE + 1) : List.of();
        String id = kind == Reaction.Kind.LIKE ? polity.uris().likes(uri) : polity.uris().shares(uri);
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.collectionOrPage(id, "before", ctx, total, rows, Reaction::id,
                r -> Publisher.JSON.getNodeFactory().textNode(r.activityUri())));
    }
}
