package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.blocks.Blocks;
import org.polity.server.model.Actor;

/**
 * Every {@code Block} and its {@code Undo}. One with a {@code target} is a group moderator's ban (Lemmy), handed to
 * {@link org.polity.server.groups.BlockGroupMemberHandler}; one without is a person's block of one of our actors
 * (Mastodon, Pleroma, Misskey and others send it to the blocked account's inbox). Trust: the signer is the blocker
 * (checked on arrival), and a person's Block only ever says something about its own actor.
 */
final class BlockActorHandler implements InboxDispatcher.Handler<InboxContext> {
    private final org.polity.server.groups.BlockGroupMemberHandler bans =
            new org.polity.server.groups.BlockGroupMemberHandler();

    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        if (activity.hasNonNull("target")) {
            return bans.handle(ctx, activity, object);
        }
        String target = ApReader.idOf(object);
        Actor ours = ctx.local(target).orElse(null);
        if (ours == null) {
            return Outcome.ignored("Block of " + target + ", which is not one of our actors");
        }
        new Blocks(ctx.polity()).receiveBlock(ctx.actor(), ours, activity);
        return Outcome.processed(ctx.actor().acct() + " blocks " + ours.acct());
    }

    /** {@code Undo} of a Block: the Block embedded, or only its id. */
    Outcome undo(InboxContext ctx, JsonNode activity, JsonNode block) throws Exception {
        if (block.isObject() && block.hasNonNull("target")) {
            return bans.undo(ctx, activity, block);
        }
        boolean removed = new Blocks(ctx.polity()).receiveUndoBlock(ctx.actor(), block);
        return removed ? Outcome.processed(ctx.actor().acct() + " no longer blocks")
                : Outcome.ignored("no block by " + ctx.actor().acct() + " to undo");
    }
}
