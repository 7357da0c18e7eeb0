package org.polity.server.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.polity.server.Polity;
import org.polity.server.web.Page;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code GET /admin/deliveries} (administrators): the delivery queue as an operator reads it when a server
 * seems slow to reach: how many deliveries and received activities wait and for how long, the hosts with waiting
 * deliveries (how many, the next retry, attempts so far, the last error), and the hosts that are failing or
 * unavailable. Read-only; the same figures are in {@code /metrics}.
 */
public final class DeliveryQueueRoutes implements RouteGroup {
    static final int HOSTS_SHOWN = 100;

    private final Web web;
    private final Polity polity;

    public DeliveryQueueRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/deliveries", this::page);
    }

    private void page(Context ctx) {
        web.requireAdmin(ctx);
        var stores = polity.storage().stores();
        Map<String, Object> params = new HashMap<>();
        params.put("deliveries", stores.deliveries().pendingDepth());
        params.put("inbox", stores.inbox().queuedDepth());
        params.put("queues", stores.deliveries().findHostQueues(HOSTS_SHOWN));
        params.put("troubled", stores.hosts().findTroubled(HOSTS_SHOWN));
        params.put("now", polity.clock().instant());
        Page page = web.pageTitled(ctx, "queue.title");
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "admin/deliveries.jte", page, params);
    }
}
