package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;

/**
 * Move of an account to another (Mastodon's account migration): our members who follow the old account follow
 * the new one instead. Trust: the signer is the actor (the door checks), the actor moves itself ({@code object}
 * is the actor), and the new account agrees, by listing the old one in its {@code alsoKnownAs}, read fresh from
 * the new account's own server, never from the activity or a cache (Mastodon's {@code ActivityPub::Activity::Move}
 * asks the same). A Move to an account that does not point back moves no one: otherwise anyone could hand their
 * followers to a stranger, or take over another's audience by naming them.
 */
final class MoveActorHandler implements InboxDispatcher.Handler<InboxContext> {
    static final int PAGE = 200;

    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        Actor origin = ctx.actor();
        String moved = ApReader.idOf(object);
        String targetUri = ApReader.idOf(activity.get("target"));
        if (moved == null || !moved.equals(origin.uri())) {
            return Outcome.rejected("an account can only move itself; " + origin.acct() + " moved " + moved);
        }
        if (targetUri == null || targetUri.equals(origin.uri())) {
            return Outcome.rejected("Move without another account as its target");
        }
        JsonNode target = ctx.federation().fetcher().fetch(URI.create(targetUri), ctx.budget());
        if (!Publisher.addresses(target, "alsoKnownAs").contains(origin.uri())) {
            return Outcome.rejected(targetUri + " does not list " + origin.uri() + " in alsoKnownAs");
        }
        Actor newAccount = ctx.federation().actors().resolve(targetUri, ctx.budget());
        var follows = ctx.polity().storage().stores().follows();
        List<Follow> local = new ArrayList<>();
        long after = 0;
        while (true) {
            List<Follow> page = follows.findFollowers(origin.id(), Follow.State.ACCEPTED, after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Follow f : page) {
                ctx.polity().storage().stores().actors().findActorById(f.followerId()).filter(Actor::local)
                        .ifPresent(a -> local.add(f));
            }
            after = page.get(page.size() - 1).id();
        }
        if (local.isEmpty()) {
            return Outcome.ignored(origin.acct() + " moved to " + newAccount.acct() + "; none of ours followed");
        }
        int moves = 0;
        for (Follow f : local) {
            Actor follower = ctx.polity().storage().stores().actors().findActorById(f.followerId()).orElseThrow();
            if (follows.findFollow(follower.id(), newAccount.id()).isEmpty()) {
                ctx.federation().follows().follow(follower, newAccount, null);
            }
            ctx.federation().follows().unfollow(follower, origin);
            moves++;
        }
        return Outcome.processed(moves + " of our members now follow " + newAccount.acct() + " instead of "
                + origin.acct());
    }
}
