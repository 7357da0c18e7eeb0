package org.polity.server.hub;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polity.federation.http.FetchException;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code GET /admin/hub} (docs/api.md, "The hub"): on a hub, the instances that asked to join, those admitted
 * and those suspended, with the buttons to decide; on a national instance, its subscription to its hub and the
 * kinds it sends there.
 */
public final class HubRoutes implements RouteGroup {
    private final Web web;
    private final Hub hub;

    public HubRoutes(Web web) {
        this.web = web;
        this.hub = new Hub(web.polity());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/hub", this::page);
        routes.post("/admin/hub/members/{actorId}", this::decide);
        routes.post("/admin/hub/kinds", this::kinds);
    }

    /** A member instance as the page lists it. */
    public record Row(long actorId, String domain, String actorUri, String state) {}

    private void page(Context ctx) {
        web.requireAdmin(ctx);
        Map<String, Object> params = new HashMap<>();
        params.put("isHub", hub.isHub());
        Map<String, List<Row>> members = new LinkedHashMap<>();
        for (String state : List.of(HubStore.Member.PENDING, HubStore.Member.ACCEPTED, HubStore.Member.SUSPENDED)) {
            members.put(state, hub.members(state).stream().map(m -> new Row(m.actorId(), m.domain(),
                    web.polity().storage().stores().actors().findActorById(m.actorId()).map(Actor::uri).orElse(""),
                    m.state())).toList());
        }
        params.put("members", members);
        params.put("subscription", web.polity().storage().stores().hub().findSubscription().orElse(null));
        params.put("hubUrl", web.polity().config().hubUrl().map(Object::toString).orElse(null));
        params.put("kinds", Hub.KINDS);
        params.put("relayedKinds", hub.isHub() ? hub.relayedKinds() : List.of());
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "admin/hub.jte", web.page(ctx, web.messages(ctx).t("hub.admin.title")), params);
    }

    private void decide(Context ctx) throws FetchException {
        Account admin = web.requireAdmin(ctx);
        long actorId;
        try {
            actorId = Long.parseLong(ctx.pathParam("actorId"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse();
        }
        if ("approve".equals(ctx.formParam("decision"))) {
            hub.approve(admin, actorId);
        } else {
            hub.suspend(admin, actorId);
        }
        ctx.redirect("/admin/hub", HttpStatus.SEE_OTHER);
    }

    private void kinds(Context ctx) {
        Account admin = web.requireAdmin(ctx);
        if (hub.isHub()) {
            hub.chooseRelayedKinds(admin, ctx.formParams("kinds"));
        } else {
            hub.chooseKinds(admin, ctx.formParams("kinds"));
        }
        ctx.redirect("/admin/hub", HttpStatus.SEE_OTHER);
    }
}
