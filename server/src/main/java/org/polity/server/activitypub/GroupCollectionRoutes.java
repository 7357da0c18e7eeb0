package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.groups.Groups;
import org.polity.server.model.Actor;

/** A group's {@code moderators} and {@code featured} (pinned threads) collections, as Lemmy serves them. */
final class GroupCollectionRoutes {
    private final Polity polity;
    private final CollectionSupport c;

    GroupCollectionRoutes(Polity polity, CollectionSupport c) {
        this.polity = polity;
        this.c = c;
    }

    // --- Groups (FEP-1b12) -------------------------------------------------------------------------------------

    /** A group's moderators (admins included), as Lemmy serves them: an OrderedCollection of actor ids. */
    void moderators(Context ctx) {
        Actor group = c.group(ctx.pathParam("name"));
        if (CollectionSupport.html(ctx)) {
            c.pages().toActorPage(ctx, group);
            return;
        }
        Groups groups = polity.federation().groups();
        List<JsonNode> items = new ArrayList<>();
        groups.queries().roles(group).forEach(r -> items.add(Publisher.JSON.getNodeFactory().textNode(r.actor().uri())));
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.inline(groups.queries().moderatorsUri(group), items));
    }

    /** A group's pinned threads ({@code featured}, as Lemmy and Mastodon name it), embedded. */
    void featured(Context ctx) {
        Actor group = c.group(ctx.pathParam("name"));
        if (CollectionSupport.html(ctx)) {
            c.pages().toActorPage(ctx, group);
            return;
        }
        Groups groups = polity.federation().groups();
        List<JsonNode> items = new ArrayList<>();
        Optional<Actor> reader = c.reader(ctx);
        if (groups.queries().canRead(group, reader.orElse(null))) {
            for (var thread : polity.storage().stores().groups().findThreads(group.uri(), 0, 50)) {
                if (!thread.pinned()) {
                    break; // pinned threads come first
                }
                polity.storage().stores().objects().findObjectByUri(thread.objectUri())
                        .filter(o -> !o.deleted())
                        .filter(o -> c.objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader))
                        .ifPresent(o -> {
                            if (!o.local()) {
                                // Another server's post: named by id, its own server serves it.
                                items.add(Publisher.JSON.getNodeFactory().textNode(o.uri()));
                                return;
                            }
                            ObjectNode json = (ObjectNode) ObjectService.readTree(o.payload());
                            json.remove("@context");
                            items.add(json);
                        });
            }
        }
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.inline(groups.queries().featuredUri(group), items));
    }
}
