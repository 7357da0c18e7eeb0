package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;

/** Reject of one of our Follows (or removal of a follower). Trust: only the followed actor. */
final class RejectFollowHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        boolean removed = ctx.federation().follows().receiveReject(ctx.actor(), object);
        return removed ? Outcome.processed(ctx.actor().acct() + " rejected a follow")
                : Outcome.ignored("no follow of " + ctx.actor().acct() + " matches");
    }
}
