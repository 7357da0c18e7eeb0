package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.model.Actor;

/**
 * Delete of a post (by its author) or of the actor itself (account deletion: its follows go, its posts
 * become tombstones). Trust: the signer owns what is deleted. Deletes from actors never seen were already
 * dropped at the door.
 */
final class DeleteHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        String id = ApReader.idOf(object);
        if (id == null) {
            return Outcome.rejected("Delete without an object id");
        }
        var stores = ctx.polity().storage().stores();
        if (id.equals(ctx.item().actorUri())) {
            Actor gone = stores.actors().findActorByUri(id).orElse(null);
            if (gone == null) {
                return Outcome.ignored("Delete of an actor we do not know");
            }
            if (gone.local()) {
                return Outcome.rejected("Delete of a local actor from elsewhere");
            }
            // Mastodon's account deletion: its posts, follows and group memberships here go with it.
            int removed = new org.polity.server.accounts.AccountDeletion(ctx.polity()).receiveActorDelete(gone);
            return Outcome.processed("actor " + id + " deleted; " + removed + " objects removed");
        }
        var post = stores.groups().findPost(id);
        var ourGroup = post.flatMap(p -> ctx.federation().actors().known(p.groupUri())).filter(Actor::local);
        var held = stores.objects().findObjectByUri(id);
        if (ourGroup.isPresent() && held.isPresent() && held.get().attributedToId() != ctx.actor().id()) {
            // Someone else's post in one of our groups: a moderator removes it (Lemmy's remove).
            if (!ctx.federation().groups().queries().canModerate(ourGroup.get(), ctx.actor())) {
                return Outcome.rejected(ctx.actor().acct() + " does not moderate " + ourGroup.get().acct());
            }
        }
        try {
            boolean deleted;
            if (ourGroup.isPresent() && held.isPresent()) {
                var now = ctx.polity().clock().instant();
                deleted = ctx.polity().storage().transaction(tx -> {
                    boolean d = tx.objects().markDeleted(id, now);
                    if (d && !post.get().isThread()) {
                        tx.groups().touchThread(post.get().threadUri(), -1, now);
                    }
                    return d;
                });
                if (deleted) {
                    ctx.federation().groups().distribution().distribute(ourGroup.get(), activity);
                }
            } else {
                deleted = new RemoteObjects(ctx.polity()).delete(ctx.actor(), id);
                if (deleted && post.isPresent() && !post.get().isThread()) {
                    stores.groups().touchThread(post.get().threadUri(), -1, ctx.polity().clock().instant());
                }
            }
            return deleted ? Outcome.processed("deleted " + id) : Outcome.ignored("Delete of an object we do not hold");
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(e.getMessage());
        }
    }
}
