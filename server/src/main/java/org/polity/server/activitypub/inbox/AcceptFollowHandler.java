package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;

/**
 * Accept of one of our Follows. Trust: only the followed actor can accept (matched on the follow row). Once
 * accepted, the followed group's recent threads or person's recent posts are backfilled in the background.
 */
final class AcceptFollowHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        var challenge = new org.polity.server.challenges.ChallengeRelay(ctx.polity()).receiveAccept(ctx.actor(), object);
        if (challenge.isPresent()) {
            return Outcome.processed(challenge.get());
        }
        var admitted = new org.polity.server.hub.Hub(ctx.polity()).receiveAccept(ctx.actor(), object);
        if (admitted.isPresent()) {
            return Outcome.processed(admitted.get());
        }
        boolean accepted = ctx.federation().follows().receiveAccept(ctx.actor(), object);
        if (accepted && ctx.actor().type() == org.polity.server.model.ActorType.Group) {
            // One more member: ask the group's host for its count again, so this server shows the host's number
            // (in the background: the inbox worker never waits on a remote server it does not have to).
            ctx.federation().actors().refreshReportedMembersSoon(ctx.actor(), java.util.Optional.empty());
        }
        if (accepted) {
            ctx.federation().backfill().accepted(ctx.actor());
        }
        return accepted ? Outcome.processed(ctx.actor().acct() + " accepted a follow")
                : Outcome.ignored("no pending follow of " + ctx.actor().acct() + " matches");
    }
}
