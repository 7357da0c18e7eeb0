package org.polity.server.activitypub.inbox;

import static org.polity.federation.inbox.InboxDispatcher.ANY;
import static org.polity.federation.inbox.InboxDispatcher.REFERENCE;

import org.polity.federation.inbox.InboxDispatcher;
import org.polity.server.groups.GroupHandlers;

/**
 * The one table of inbox handlers (STYLE.md 2): every (activity, object) pair Polity understands, and the
 * class that handles it. Anything else ends as UNSUPPORTED, logged and stored with the activity.
 */
public final class InboxHandlers {
    private InboxHandlers() {}

    public static InboxDispatcher<InboxContext> table() {
        FollowActorHandler follow = new FollowActorHandler();
        AcceptFollowHandler accept = new AcceptFollowHandler();
        RejectFollowHandler reject = new RejectFollowHandler();
        CreateObjectHandler create = new CreateObjectHandler();
        UpdateObjectHandler updateObject = new UpdateObjectHandler();
        UpdateActorHandler updateActor = new UpdateActorHandler();
        DeleteHandler delete = new DeleteHandler();
        ReactionHandlers reactions = new ReactionHandlers();
        UndoHandlers undo = new UndoHandlers();
        GroupHandlers groups = new GroupHandlers();
        InboxDispatcher<InboxContext> table = new InboxDispatcher<>();
        table.on("Follow", REFERENCE, follow).on("Follow", ANY, follow)
                .on("Accept", "Follow", accept).on("Accept", REFERENCE, accept)
                .on("Reject", "Follow", reject).on("Reject", REFERENCE, reject)
                .on("Create", ANY, create).on("Create", REFERENCE, create)
                .on("Update", ANY, updateObject)
                .on("Delete", REFERENCE, delete).on("Delete", ANY, delete)
                .on("Like", REFERENCE, reactions::like).on("Like", ANY, reactions::like)
                .on("Announce", REFERENCE, reactions::announce).on("Announce", ANY, reactions::announce)
                .on("Lock", REFERENCE, groups::moderation).on("Lock", ANY, groups::moderation)
                .on("Add", REFERENCE, groups::moderation).on("Remove", REFERENCE, groups::moderation)
                .on("Accept", "Note", groups::moderation)
                .on("Undo", "Lock", groups::moderation)
                .on("Undo", "Accept", groups::moderation)
                .on("Invite", REFERENCE, groups::invite).on("Invite", ANY, groups::invite)
                .on("Undo", "Follow", undo::follow)
                .on("Undo", "Like", undo::like)
                .on("Undo", "Announce", undo::announce)
                .on("Undo", REFERENCE, undo::byReference);
        // FEP-1b12: a group re-sends its members' activities wrapped in an Announce.
        for (String wrapped : new String[] {"Create", "Update", "Delete", "Lock", "Add", "Remove", "Accept", "Undo"}) {
            table.on("Announce", wrapped, groups::announce);
        }
        for (String actorType : new String[] {"Person", "Group", "Service", "Application", "Organization"}) {
            table.on("Update", actorType, updateActor);
        }
        return table;
    }
}
