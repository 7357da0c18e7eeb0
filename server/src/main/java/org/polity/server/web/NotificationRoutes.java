package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Notification;

/**
 * {@code GET /notifications}: the logged-in member's notifications, newest first ({@code ?before=<id>} for
 * older ones); the ones shown are marked read.
 */
public final class NotificationRoutes implements RouteGroup {
    static final int PAGE_SIZE = 30;

    private final Web web;
    private final Polity polity;

    public NotificationRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/notifications", this::list);
    }

    private void list(Context ctx) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        Messages m = web.messages(ctx);
        long before = FeedRoutes.longParam(ctx.queryParam("before"));
        List<Notification> rows = polity.notifications().list(me, before, PAGE_SIZE + 1);
        List<Notification> shown = rows.stream().limit(PAGE_SIZE).toList();
        if (!shown.isEmpty()) {
            polity.notifications().markRead(me, shown.get(0).id());
        }
        Cards cards = new Cards(polity);
        Map<String, Object> params = new HashMap<>();
        params.put("items", shown.stream().map(n -> cards.item(n, m)).toList());
        params.put("older", rows.size() > PAGE_SIZE ? shown.get(PAGE_SIZE - 1).id() : null);
        params.put("pendingRequests", polity.storage().stores().follows().countFollowers(me.id(),
                org.polity.server.model.Follow.State.PENDING));
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "pages/notifications.jte", web.page(ctx, m.t("pages.notifications.title")), params);
    }
}
