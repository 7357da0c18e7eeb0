package org.polity.server.activitypub;

import io.javalin.http.Context;
import java.util.List;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;

/** {@code GET /users/{name}/followers} and {@code /following}: accepted follows only, oldest first. */
final class FollowCollectionRoutes {
    private final Polity polity;
    private final CollectionSupport c;

    FollowCollectionRoutes(Polity polity, CollectionSupport c) {
        this.polity = polity;
        this.c = c;
    }

    void follows(Context ctx, boolean followers) {
        Actor owner = c.member(ctx.pathParam("name"));
        if (CollectionSupport.html(ctx)) {
            c.pages().follows(ctx, owner, followers);
            return;
        }
        var store = polity.storage().stores().follows();
        String id = followers ? owner.followersUri() : owner.followingUri();
        if (owner.type() == ActorType.Group && CollectionSupport.isPage(ctx)
                && !polity.federation().groups().queries().canRead(owner, c.reader(ctx).orElse(null))) {
            throw new Forbidden(Message.of("svc.group.membersSee"));
        }
        if (!CollectionSupport.isPage(ctx)) {
            CollectionSupport.writeJson(ctx, 200, CollectionSupport.collection(id, followers ? store.countFollowers(owner.id(), Follow.State.ACCEPTED)
                    : store.countFollowing(owner.id(), Follow.State.ACCEPTED)));
            return;
        }
        long after = CollectionSupport.cursor(ctx, "after", 0);
        List<Follow> rows = followers ? store.findFollowers(owner.id(), Follow.State.ACCEPTED, after, OutboxRoutes.PAGE_SIZE + 1)
                : store.findFollowing(owner.id(), Follow.State.ACCEPTED, after, OutboxRoutes.PAGE_SIZE + 1);
        var actors = polity.storage().stores().actors();
        CollectionSupport.writeJson(ctx, 200, CollectionSupport.page(id, "after", ctx, rows, Follow::id, f -> Publisher.JSON.getNodeFactory().textNode(
                actors.findActorById(followers ? f.followerId() : f.followedId()).map(Actor::uri).orElse(null))));
    }
}
