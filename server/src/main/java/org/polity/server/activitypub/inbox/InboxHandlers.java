package org.polity.server.activitypub.inbox;

import static org.polity.federation.inbox.InboxDispatcher.ANY;
import static org.polity.federation.inbox.InboxDispatcher.REFERENCE;

import org.polity.federation.inbox.InboxDispatcher;
import org.polity.server.groups.AnnounceGroupHandler;
import org.polity.server.groups.GroupModerationHandler;
import org.polity.server.groups.InviteGroupHandler;

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
        AnnounceGroupHandler announced = new AnnounceGroupHandler();
        GroupModerationHandler moderation = new GroupModerationHandler();
        InviteGroupHandler invite = new InviteGroupHandler();
        BlockActorHandler block = new BlockActorHandler();
        InboxDispatcher<InboxContext> table = new InboxDispatcher<>();
        table.on("Follow", REFERENCE, follow).on("Follow", ANY, follow)
                .on("Accept", "Follow", accept).on("Accept", REFERENCE, accept)
                .on("Reject", "Follow", reject).on("Reject", REFERENCE, reject)
                .on("Create", ANY, create).on("Create", REFERENCE, create)
                .on("Update", ANY, updateObject)
                .on("Delete", REFERENCE, delete).on("Delete", ANY, delete)
                .on("Like", REFERENCE, reactions::like).on("Like", ANY, reactions::like)
                .on("Announce", REFERENCE, reactions::announce).on("Announce", ANY, reactions::announce)
                .on("Lock", REFERENCE, moderation).on("Lock", ANY, moderation)
                .on("Add", REFERENCE, moderation).on("Remove", REFERENCE, moderation)
                .on("Accept", "Note", moderation)
                .on("Undo", "Lock", moderation)
                .on("Undo", "Accept", moderation)
                .on("Invite", REFERENCE, invite).on("Invite", ANY, invite)
                .on("Undo", "Follow", undo::follow)
                .on("Undo", "Like", undo::like)
                .on("Undo", "Announce", undo::announce)
                .on("Undo", REFERENCE, undo::byReference)
                .on("Move", REFERENCE, new MoveActorHandler())
                // A Block with a target is Lemmy's group ban; without one, a person's block (BlockActorHandler).
                .on("Block", REFERENCE, block).on("Block", ANY, block)
                .on("Undo", "Block", block::undo);
        // Reports from other servers (docs/vocabulary.md, "Reports"): the object is an IRI or a list of them.
        org.polity.server.moderation.FlagHandler flag = new org.polity.server.moderation.FlagHandler();
        table.on("Flag", REFERENCE, flag).on("Flag", ANY, flag);
        // FEP-1b12: a group re-sends its members' activities wrapped in an Announce.
        for (String wrapped : new String[] {"Create", "Update", "Delete", "Lock", "Add", "Remove", "Accept", "Undo",
                "Block"}) {
            table.on("Announce", wrapped, announced);
        }
        for (String actorType : new String[] {"Person", "Group", "Service", "Application", "Organization"}) {
            table.on("Update", actorType, updateActor);
        }
        return table;
    }
}
