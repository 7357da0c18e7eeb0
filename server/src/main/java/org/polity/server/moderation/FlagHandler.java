package org.polity.server.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.server.activitypub.inbox.InboxContext;

/**
 * {@code Flag}: another server reports one of our accounts, posts or comments, or a post in a group we host
 * (Mastodon, Lemmy, Pleroma/Akkoma, Misskey, Mbin, Polity; docs/vocabulary.md, "Reports"). Trust: anyone may
 * report, the signer is the activity's actor (checked on arrival), and only what is ours is kept; the report goes
 * to our moderation queue, marked as forwarded from the sender's domain.
 */
public final class FlagHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        Reports.Received received = new Reports(ctx.polity()).receive(ctx.actor(), activity);
        return received.report() == null ? Outcome.ignored(received.detail()) : Outcome.processed(received.detail());
    }
}
