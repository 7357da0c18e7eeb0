package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;

/** Follow of one of our actors. Trust: the signer is the follower (checked on arrival). */
final class FollowActorHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        String target = ApReader.idOf(object);
        Actor followed = ctx.local(target).orElse(null);
        if (followed == null) {
            // A Follow of one of our challenges (docs/vocabulary.md, "Challenges").
            var challenge = new org.polity.server.challenges.ChallengeRelay(ctx.polity()).receiveFollow(ctx.actor(),
                    activity);
            if (challenge.isPresent()) {
                return Outcome.processed(challenge.get());
            }
            // A Follow of the public collection: an instance asks to join the hub (FEP-ae0c).
            var join = new org.polity.server.hub.Hub(ctx.polity()).receiveJoin(ctx.actor(), activity);
            if (join.isPresent()) {
                return Outcome.processed(join.get());
            }
            return Outcome.ignored("Follow of " + target + ", which is not one of our actors");
        }
        if (followed.type() == org.polity.server.model.ActorType.Group) {
            Follow join = ctx.federation().groups().membership().receiveJoin(ctx.actor(), followed, activity);
            return join == null ? Outcome.rejected(ctx.actor().acct() + " is not invited to " + followed.acct())
                    : Outcome.processed(ctx.actor().acct() + " joins " + followed.acct() + " (" + join.state() + ")");
        }
        if (new org.polity.server.blocks.Blocks(ctx.polity()).blockedEitherWay(ctx.actor(), followed)) {
            // As Mastodon does: a blocked account's Follow is answered with a Reject, and nothing is kept.
            ctx.federation().follows().refuse(followed, ctx.actor(), activity);
            return Outcome.rejected(ctx.actor().acct() + " may not follow " + followed.acct() + " (a block)");
        }
        Follow follow = ctx.federation().follows().receiveFollow(ctx.actor(), followed, activity);
        return Outcome.processed(ctx.actor().acct() + " follows " + followed.acct() + " (" + follow.state() + ")");
    }
}
