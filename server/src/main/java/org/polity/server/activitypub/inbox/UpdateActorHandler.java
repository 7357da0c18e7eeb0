package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;

/**
 * Update of an actor (profile edit, key rotation). Trust: an actor updates only itself; the new profile is
 * refetched from its id rather than taken from the message.
 */
final class UpdateActorHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        String id = ApReader.idOf(object);
        if (!ctx.item().actorUri().equals(id)) {
            return Outcome.rejected("an actor may only update itself, not " + id);
        }
        ctx.federation().actors().refresh(id, ctx.budget());
        return Outcome.processed("refreshed " + id);
    }
}
