package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;

/** {@code Invite} from a remote group: it invites one of our actors (object: the group, target: the invitee). */
public final class InviteGroupHandler implements InboxDispatcher.Handler<InboxContext> {
    /** A remote group invites one of our actors ({@code Invite}, object: the group, target: the invitee). */
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        Actor group = ctx.actor();
        String target = ApReader.idOf(activity.get("target"));
        Optional<Actor> invitee = ctx.local(target);
        if (group.type() != ActorType.Group || !group.uri().equals(ApReader.idOf(object)) || invitee.isEmpty()) {
            return Outcome.ignored("Invite that is not a group inviting one of our actors to itself");
        }
        return ctx.federation().groups().membership().receiveInvite(group, invitee.get())
                ? Outcome.processed(group.acct() + " invited " + invitee.get().acct())
                : Outcome.ignored("invitation already known");
    }
}
