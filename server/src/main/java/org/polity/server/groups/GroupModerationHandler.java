package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;

/**
 * Lock, Add/Remove (pin), Accept of an answer and their Undo, sent to one of our groups by a moderator or the
 * asker: applied when the sender may ({@link Moderation#applyModeration}), then re-sent by the group.
 */
public final class GroupModerationHandler implements InboxDispatcher.Handler<InboxContext> {
    /** Lock, Add/Remove, Accept of an answer, and Undo of Lock or Accept, sent to one of our groups. */
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        Optional<Actor> group = localGroupAddressed(ctx, activity);
        if (group.isEmpty()) {
            return Outcome.ignored(activity.path("type").asText() + " not addressed to one of our groups");
        }
        Groups groups = ctx.federation().groups();
        Optional<String> applied = groups.moderation().applyModeration(ctx.actor(), group.get(), activity, false);
        if (applied.isEmpty()) {
            return Outcome.rejected(activity.path("type").asText() + " by " + ctx.actor().acct()
                    + " is not allowed in " + group.get().acct() + " or names no thread of it");
        }
        groups.distribution().distribute(group.get(), activity);
        return Outcome.processed(applied.get());
    }


    /** The first of our groups the activity is addressed to (audience, to, cc). */
    static Optional<Actor> localGroupAddressed(InboxContext ctx, JsonNode activity) {
        for (String field : List.of("audience", "to", "cc")) {
            for (String uri : Publisher.addresses(activity, field)) {
                Optional<Actor> local = ctx.local(uri).filter(a -> a.type() == ActorType.Group);
                if (local.isPresent()) {
                    return local;
                }
            }
        }
        return Optional.empty();
    }
}
