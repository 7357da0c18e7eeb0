package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.server.activitypub.RemoteObjects;

/** Update of a post. Trust: only the object's stored author may change it. */
final class UpdateObjectHandler implements InboxDispatcher.Handler<InboxContext> {
    /** When the post is in one of our groups, the group re-sends the activity to its members (FEP-1b12). */
    static void resendIfInOurGroup(InboxContext ctx, String objectUri, JsonNode activity) {
        ctx.polity().storage().stores().groups().findPost(objectUri)
                .flatMap(p -> ctx.federation().actors().known(p.groupUri()))
                .filter(org.polity.server.model.Actor::local)
                .ifPresent(group -> ctx.federation().groups().distribution().distribute(group, activity));
    }

    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        if (object == null || !object.isObject()) {
            return Outcome.ignored("Update by reference only: nothing to apply");
        }
        var held = ctx.polity().storage().stores().objects().findObjectByUri(object.path("id").asText());
        if (held.isPresent() && held.get().attributedToId() == ctx.actor().id()
                && RemoteObjects.isStale(held.get(), object)) {
            return Outcome.ignored("an older version of " + object.path("id").asText() + " than the one held");
        }
        try {
            boolean updated = new RemoteObjects(ctx.polity()).update(ctx.actor(), object);
            if (updated) {
                resendIfInOurGroup(ctx, object.path("id").asText(), activity);
            }
            return updated ? Outcome.processed("updated " + object.path("id").asText())
                    : Outcome.ignored("Update of an object we do not hold");
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(e.getMessage());
        }
    }
}
