package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.model.Reaction;

/** Like and Announce of a post we hold or of one of our actors. Trust: the signer is the one who reacts. */
final class ReactionHandlers {
    Outcome like(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        return react(ctx, activity, object, Reaction.Kind.LIKE);
    }

    Outcome announce(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        return react(ctx, activity, object, Reaction.Kind.ANNOUNCE);
    }

    private Outcome react(InboxContext ctx, JsonNode activity, JsonNode object, Reaction.Kind kind) throws Exception {
        String target = ApReader.idOf(object);
        if (target == null) {
            return Outcome.rejected(kind + " without an object");
        }
        var stores = ctx.polity().storage().stores();
        String actorUri = ctx.item().actorUri();
        if (kind == Reaction.Kind.ANNOUNCE
                && stores.groups().findPost(target).filter(p -> p.groupUri().equals(actorUri)).isPresent()) {
            return Outcome.ignored("the group's second Announce of its own post " + target + " (sent for Mastodon)");
        }
        // A post we hold, or one of our own actors (whose likes and shares collections list these too).
        if (stores.objects().findObjectByUri(target).isEmpty()
                && stores.actors().findActorByUri(target).filter(a -> a.local()).isEmpty()) {
            if (kind == Reaction.Kind.ANNOUNCE) {
                // An issuer re-sending a response to their challenge (docs/vocabulary.md, "Challenge responses").
                var response = new org.polity.server.challenges.ChallengeRelay(ctx.polity())
                        .receiveAnnounce(ctx.actor(), target, ctx.budget());
                if (response.isPresent()) {
                    return Outcome.processed(response.get());
                }
            }
            return Outcome.ignored(kind + " of " + target + ", which we do not hold");
        }
        boolean stored = stores.reactions().insertIfNew(kind, ctx.actor().id(), target, activity.get("id").asText(),
                ctx.polity().clock().instant());
        return stored ? Outcome.processed(kind + " of " + target) : Outcome.ignored("repeated " + kind);
    }
}
