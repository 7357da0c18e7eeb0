package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;

/**
 * Update of an actor (profile edit, key rotation). Trust: an actor updates only itself. The embedded document
 * is used as sent, since the request was signed by that actor (as Mastodon does); an Update naming the actor
 * by id only makes us refetch it.
 */
final class UpdateActorHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        String id = ApReader.idOf(object);
        if (!ctx.item().actorUri().equals(id)) {
            return Outcome.rejected("an actor may only update itself, not " + id);
        }
        if (object.isObject()) {
            org.polity.server.model.Actor updated = ctx.federation().actors().store(
                    new org.polity.federation.vocab.ApReader().readActor(object));
            ctx.federation().resolver().invalidateActor(id);
            return Outcome.processed("updated " + updated.acct());
        }
        ctx.federation().actors().refresh(id, ctx.budget());
        return Outcome.processed("refreshed " + id);
    }
}
