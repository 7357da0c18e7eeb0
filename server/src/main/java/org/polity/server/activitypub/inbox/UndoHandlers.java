package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.model.Reaction;

/** Undo of a Follow, Like or Announce, dispatched on the wrapped object's type (as Mastodon's Undo does). */
final class UndoHandlers {
    Outcome follow(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        if (!ctx.item().actorUri().equals(ApReader.idOf(object.get("actor")))) {
            return Outcome.rejected("only the follower can undo a follow");
        }
        var challenge = new org.polity.server.challenges.ChallengeRelay(ctx.polity()).receiveUndoFollow(ctx.actor(),
                object);
        if (challenge.isPresent()) {
            return Outcome.processed(challenge.get());
        }
        boolean removed = ctx.federation().follows().receiveUndoFollow(ctx.actor(), object);
        return removed ? Outcome.processed(ctx.actor().acct() + " unfollowed") : Outcome.ignored("no such follow");
    }

    Outcome like(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        return undoReaction(ctx, ApReader.idOf(object.get("id")));
    }

    Outcome announce(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        return undoReaction(ctx, ApReader.idOf(object.get("id")));
    }

    /** Undo naming its object by id only: whichever of our records has that activity id. */
    Outcome byReference(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        String id = ApReader.idOf(object);
        var stores = ctx.polity().storage().stores();
        if (id != null && stores.follows().findFollowByActivityUri(id).isPresent()) {
            boolean removed = ctx.federation().follows().receiveUndoFollow(ctx.actor(), object);
            return removed ? Outcome.processed("unfollowed") : Outcome.ignored("no such follow");
        }
        if (id != null && stores.blocks().findByActivityUri(id).isPresent()) {
            return new BlockActorHandler().undo(ctx, activity, object);
        }
        return undoReaction(ctx, id);
    }

    private Outcome undoReaction(InboxContext ctx, String activityId) throws Exception {
        if (activityId == null) {
            return Outcome.rejected("Undo without the id of what it undoes");
        }
        var reactions = ctx.polity().storage().stores().reactions();
        Optional<Reaction> reaction = reactions.findReactionByActivityUri(activityId);
        if (reaction.isEmpty()) {
            return Outcome.ignored("nothing recorded for " + activityId);
        }
        if (reaction.get().actorId() != ctx.actor().id()) {
            return Outcome.rejected("only who reacted can undo " + activityId);
        }
        reactions.delete(reaction.get().id());
        return Outcome.processed("undid " + reaction.get().kind() + " " + activityId);
    }
}
