package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Optional;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.groups.Groups;
import org.polity.server.groups.Hashtags;
import org.polity.server.groups.Placement;
import org.polity.server.service.Forbidden;

/**
 * Create of a post (Note, Page, Article, ...). Trust: the object is attributed to the signer and lives on the
 * signer's host. An object given by reference is fetched (its id must match where it was fetched from).
 */
final class CreateObjectHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        JsonNode document = object;
        if (object == null || object.isNull()) {
            return Outcome.rejected("Create without an object");
        }
        if (object.isTextual()) {
            document = ctx.federation().fetcher().fetch(URI.create(object.asText()), ctx.budget());
        }
        String type = InboxDispatcher.types(document).get(0);
        if (!RemoteObjects.STORED_TYPES.contains(type)) {
            return Outcome.ignored("Create of " + type + " is not stored");
        }
        Groups groups = ctx.federation().groups();
        // A post for a remote group is placed in it only when that group re-sends it (AnnounceGroupHandler):
        // the group's host decides what enters the group, not the sender.
        Optional<Placement> placement = groups.placements().placement(document).filter(p -> p.group().local());
        if (placement.isPresent() && placement.get().group().local()) {
            try {
                groups.placements().admit(ctx.actor(), placement.get()); // our group's host decides what enters it
            } catch (Forbidden e) {
                return Outcome.rejected(e.getMessage());
            }
        }
        try {
            JsonNode doc = document;
            RemoteObjects.Stored stored = new RemoteObjects(ctx.polity()).store(ctx.actor(), document, activity,
                    (tx, row) -> {
                        if (placement.isPresent()) {
                            groups.placements().record(tx, placement.get(), row.uri(), doc, row.publishedAt());
                        } else {
                            tx.groups().insertTags(row.uri(), Hashtags.tagNames(doc));
                        }
                    });
            if (!stored.created()) {
                return Outcome.ignored("already had " + ApReader.idOf(document.get("id")));
            }
            placement.ifPresent(p -> groups.distribution().distribute(p.group(), activity));
            return Outcome.processed("stored " + type + " " + ApReader.idOf(document.get("id"))
                    + placement.map(p -> " in " + p.group().acct()).orElse(""));
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(e.getMessage());
        }
    }
}
