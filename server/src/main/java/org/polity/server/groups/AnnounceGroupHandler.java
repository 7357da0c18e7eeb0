package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.resolve.ObjectFetcher;
import org.polity.federation.vocab.ApReader;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.GroupPost;

/**
 * {@code Announce} by a group we belong to, re-sending an activity (Create, Update, Delete, Lock, Add, Remove,
 * Accept, Undo) of its members (FEP-1b12). Trust: the signer is the group. The wrapped activity was not signed
 * for us, so a post is believed only as its own server serves it: embedded copies are used when the post lives
 * on the group's server (which vouches for its own), and fetched from its id otherwise (FEP-1b12, "the
 * receiving server ... should fetch the object from its origin"). Deletions and moderation of posts in the
 * group are the group host's to decide, so they are applied as announced.
 */
public final class AnnounceGroupHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode inner) throws Exception {
        Actor group = ctx.actor();
        if (group.type() != ActorType.Group) {
            return Outcome.ignored("Announce of an activity by " + group.acct() + ", which is not a group");
        }
        var stores = ctx.polity().storage().stores();
        if (!stores.follows().hasLocalFollower(group.id())) {
            return Outcome.ignored("no member of " + group.acct() + " here");
        }
        if (inner.isTextual()) {
            inner = ctx.federation().fetcher().fetch(URI.create(inner.asText()), ctx.budget());
        }
        String type = InboxDispatcher.types(inner).get(0);
        Groups groups = ctx.federation().groups();
        // A ban the group re-sends (Lemmy's Block with a target), or its Undo.
        boolean undoBlock = type.equals("Undo") && inner.get("object") != null && inner.get("object").isObject()
                && "Block".equals(inner.get("object").path("type").asText());
        if (type.equals("Block") || undoBlock) {
            var ban = GroupBans.parse(undoBlock ? inner.get("object") : inner);
            if (ban.isEmpty() || !ban.get().groupUri().equals(group.uri())) {
                return Outcome.ignored("announced Block is not a ban in " + group.acct());
            }
            return groups.bans().receive(group, ban.get(), undoBlock, group)
                    .map(what -> Outcome.processed(group.acct() + ": " + what))
                    .orElse(Outcome.rejected("announced ban in " + group.acct() + " does not hold"));
        }
        switch (type) {
            case "Create", "Update" -> {
                return createOrUpdate(ctx, group, inner, type.equals("Update"));
            }
            case "Delete" -> {
                String id = ApReader.idOf(inner.get("object"));
                Optional<GroupPost> post = id == null ? Optional.empty() : stores.groups().findPost(id)
                        .filter(p -> p.groupUri().equals(group.uri()));
                if (post.isEmpty()) {
                    return Outcome.ignored("Delete of " + id + ", which is not a post of " + group.acct() + " we hold");
                }
                if (ctx.polity().uris().isLocal(id)) {
                    // Our own member's post: the group's host takes it out of the group; only its author deletes
                    // the original.
                    var now = ctx.polity().clock().instant();
                    ctx.polity().storage().transaction(tx -> {
                        if (tx.groups().deletePost(id) && !post.get().isThread()) {
                            tx.groups().touchThread(post.get().threadUri(), -1, now);
                        }
                        return null;
                    });
                    return Outcome.processed(group.acct() + " removed our post " + id + " from the group");
                }
                var now = ctx.polity().clock().instant();
                boolean deleted = ctx.polity().storage().transaction(tx -> {
                    boolean d = tx.objects().markDeleted(id, now);
                    if (d && !post.get().isThread()) {
                        tx.groups().touchThread(post.get().threadUri(), -1, now);
                    }
                    return d;
                });
                return deleted ? Outcome.processed(group.acct() + " deleted " + id) : Outcome.ignored("already deleted");
            }
            default -> {
                String actorUri = ApReader.idOf(inner.get("actor"));
                Actor actor = actorUri == null ? group : ctx.federation().actors().resolve(actorUri, ctx.budget());
                return groups.moderation().applyModeration(actor, group, inner, true)
                        .map(what -> Outcome.processed(group.acct() + ": " + what))
                        .orElse(Outcome.ignored(type + " announced by " + group.acct() + " does not apply here"));
            }
        }
    }

    private Outcome createOrUpdate(InboxContext ctx, Actor group, JsonNode inner, boolean update) throws Exception {
        JsonNode embedded = inner.get("object");
        String id = ApReader.idOf(embedded);
        if (id == null) {
            return Outcome.rejected("announced " + inner.path("type").asText() + " without an object id");
        }
        if (ctx.polity().uris().isLocal(id)) {
            return Outcome.ignored("our own post " + id + " came back from " + group.acct());
        }
        JsonNode document = embedded != null && embedded.isObject() && ObjectFetcher.sameOrigin(URI.create(id), URI.create(group.uri())) ? embedded
                : ctx.federation().fetcher().fetch(URI.create(id), ctx.budget());
        String type = InboxDispatcher.types(document).get(0);
        if (!RemoteObjects.STORED_TYPES.contains(type)) {
            return Outcome.ignored("announced " + type + " is not stored");
        }
        List<String> attributedTo = Publisher.addresses(document, "attributedTo");
        if (attributedTo.isEmpty()) {
            return Outcome.rejected("announced object " + id + " has no author");
        }
        Actor author = ctx.federation().actors().resolve(attributedTo.get(0), ctx.budget());
        RemoteObjects remote = new RemoteObjects(ctx.polity());
        var stores = ctx.polity().storage().stores();
        try {
            boolean held = stores.objects().findObjectByUri(id).isPresent();
            if (update && held) {
                remote.update(author, document);
                stores.groups().findThread(id)
                        .filter(t -> t.groupUri().equals(group.uri()) && !group.local())
                        .ifPresent(t -> {
                    if (document.has("stickied")) {
                        stores.groups().setPinned(id, document.path("stickied").asBoolean(false));
                    }
                    if (document.has("commentsEnabled")) {
                        stores.groups().setLocked(id, !document.path("commentsEnabled").asBoolean(true));
                    }
                });
                return Outcome.processed("updated " + id + " announced by " + group.acct());
            }
            GroupIntake intake = ctx.federation().groups().intake();
            Optional<Placement> placement = intake.placement(group, document);
            GroupIntake.Result result = intake.receive(author, document, inner, placement, true);
            return switch (result) {
                case NOT_PLACED -> Outcome.processed("stored " + id + " announced by " + group.acct()
                        + " (not placed in a thread)");
                case STORED -> Outcome.processed("stored " + id + " in " + group.acct());
                case PLACED -> Outcome.processed("placed " + id + " in " + group.acct());
            };
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(e.getMessage());
        }
    }
}
