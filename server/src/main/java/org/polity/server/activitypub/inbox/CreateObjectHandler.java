package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import java.util.Optional;
import org.polity.server.activitypub.GroupService;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.model.StoredObject;
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
        GroupService groups = ctx.federation().groups();
        Optional<GroupService.Placement> placement = groups.placement(document);
        if (placement.isPresent() && placement.get().group().local()) {
            try {
                groups.admit(ctx.actor(), placement.get()); // our group's host decides what enters it
            } catch (Forbidden e) {
                return Outcome.rejected(e.getMessage());
            }
        }
        try {
            RemoteObjects.Stored stored = new RemoteObjects(ctx.polity()).store(ctx.actor(), document, activity);
            if (!stored.created()) {
                return Outcome.ignored("already had " + ApReader.idOf(document.get("id")));
            }
            if (placement.isPresent()) {
                StoredObject row = stored.object();
                JsonNode doc = document;
                ctx.polity().storage().transaction(tx -> {
                    groups.record(tx, placement.get(), row.uri(), doc, row.publishedAt());
                    return null;
                });
                groups.distribute(placement.get().group(), activity);
            } else {
                ctx.polity().storage().stores().groups().insertTags(stored.object().uri(), GroupService.tagNames(document));
            }
            return Outcome.processed("stored " + type + " " + ApReader.idOf(document.get("id"))
                    + placement.map(p -> " in " + p.group().acct()).orElse(""));
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(e.getMessage());
        }
    }
}
