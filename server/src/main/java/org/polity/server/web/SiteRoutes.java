package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.polity.server.Polity;

/** The home page and the health check. */
public final class SiteRoutes implements RouteGroup {
    private final Web web;
    private final Polity polity;
    private final BooleanSupplier ready;

    public SiteRoutes(Web web, BooleanSupplier ready) {
        this.web = web;
        this.polity = web.polity();
        this.ready = ready;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/healthz", this::health);
        routes.get("/", this::home);
    }

    /** 200 once the instance is ready and its database answers; 503 otherwise. */
    private void health(Context ctx) {
        boolean up = ready.getAsBoolean() && polity.storage().ping();
        ctx.header("Cache-Control", "no-store");
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "ok" : "unavailable",
                "database", polity.storage().engine()));
    }

    private void home(Context ctx) {
        Messages m = web.messages(ctx);
        Page page = web.page(ctx, polity.config().instanceName());
        List<Listings.Entry> official = Listings.officialBlog(polity, m, page.contentLanguages(), 3);
        // the official blog's feed is advertised once it has something to read (before, its actor may not exist)
        web.render(ctx, "home.jte", page.withFeed(m.t("blog.official.title"),
                official.isEmpty() ? null : AtomRoutes.OFFICIAL_FEED), Map.of(
                "description", polity.settings().description(),
                "mode", polity.config().mode().wireName(),
                "authority", polity.uris().authority(),
                "official", official,
                "officialHandle", "@" + org.polity.server.blog.BlogService.OFFICIAL + "@" + polity.uris().authority()));
    }
}
