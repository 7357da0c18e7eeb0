package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.model.Actor;

/**
 * A group ban (Lemmy's {@code Block} with a {@code target}) and its {@code Undo}, from a moderator
 * ({@link GroupBans#receive} checks who may). A ban of one of our groups by a remote moderator is then re-sent by
 * the group to its members. A {@code Block} without a target is a person blocking a person, not a ban: it ends
 * as UNSUPPORTED here.
 */
public final class BlockGroupMemberHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        return apply(ctx, activity, activity, false);
    }

    /** {@code Undo} of a {@code Block}: the embedded Block must say the same group and person. */
    public Outcome undo(InboxContext ctx, JsonNode activity, JsonNode block) throws Exception {
        return apply(ctx, activity, block, true);
    }

    private Outcome apply(InboxContext ctx, JsonNode activity, JsonNode block, boolean lifted) throws Exception {
        Optional<GroupBans.Ban> ban = GroupBans.parse(block);
        if (ban.isEmpty()) {
            return Outcome.unsupported("Block without a target (a person's block, not a group ban)");
        }
        if (lifted && !ban.get().actorUri().equals(ctx.actor().uri())
                && !ban.get().groupUri().equals(ctx.actor().uri())) {
            return Outcome.rejected("Undo of a Block by someone else");
        }
        if (ctx.federation().actors().known(ban.get().groupUri()).isEmpty()) {
            return Outcome.ignored("ban in " + ban.get().groupUri() + ", a group we do not know");
        }
        Groups groups = ctx.federation().groups();
        Optional<String> done = groups.bans().receive(ctx.actor(), ban.get(), lifted, null);
        if (done.isEmpty()) {
            return Outcome.rejected(ctx.actor().acct() + " may not ban in " + ban.get().groupUri());
        }
        ctx.local(ban.get().groupUri()).filter(Actor::local)
                .ifPresent(group -> groups.distribution().distribute(group, activity));
        return Outcome.processed(done.get());
    }
}
