package org.polity.server.activitypub.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.server.activitypub.RemoteObjects;

/** Update of a post. Trust: only the object's stored author may change it. */
final class UpdateObjectHandler implements InboxDispatcher.Handler<InboxContext> {
    @Override
    public Outcome handle(InboxContext ctx, JsonNode activity, JsonNode object) throws Exception {
        if (object == null || !object.isObject()) {
            return Outcome.ignored("Update by reference only: nothing to apply");
        }
        try {
            boolean updated = new RemoteObjects(ctx.polity()).update(ctx.actor(), object);
            return updated ? Outcome.processed("updated " + object.path("id").asText())
                    : Outcome.ignored("Update of an object we do not hold");
        } catch (IllegalArgumentException e) {
            return Outcome.rejected(e.getMessage());
        }
    }
}
