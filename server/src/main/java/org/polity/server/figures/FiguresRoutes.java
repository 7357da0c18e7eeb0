package org.polity.server.figures;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.figures.FigureStore.Answering;
import org.polity.server.figures.FigureStore.CountryCount;
import org.polity.server.web.Messages;
import org.polity.server.web.Page;
import org.polity.server.web.Problems;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code GET /figures} (docs/api.md, "Figures"), on every instance and linked from a hub's navigation and home
 * page: the charts, their tables and the answering matrix for browsers; the same numbers as JSON for a client
 * that asks for {@code application/json} (and not for HTML). The page advertises the Atom feeds it links to.
 */
public final class FiguresRoutes implements RouteGroup {
    public static final String PATH = "/figures";

    private final Web web;
    private final Polity polity;

    public FiguresRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(PATH, this::figures);
    }

    private void figures(Context ctx) {
        Web.vary(ctx, "Accept");
        Figures.Snapshot snapshot = new Figures(polity).snapshot();
        if (wantsJson(ctx)) {
            // The same for everyone, and counts move slowly: shared caches may keep it five minutes.
            ctx.header("Cache-Control", "public, max-age=300");
            ctx.contentType("application/json").result(Problems.utf8(json(snapshot).toString()));
            return;
        }
        Messages m = web.messages(ctx);
        FiguresView view = new FiguresView(snapshot, m);
        // The page carries the visitor's CSRF token (language form) and login state: not for shared caches.
        ctx.header("Cache-Control", "private, no-cache");
        Page page = web.pageTitled(ctx, "figures.title")
                .withFeed(m.t("figures.feed.challenges"), FiguresView.CHALLENGES_FEED)
                .withFeed(m.t("figures.feed.responses"), FiguresView.RESPONSES_FEED)
                .withFeed(m.t("figures.feed.caseStudies"), FiguresView.CASE_STUDIES_FEED);
        web.render(ctx, "figures/figures.jte", page, Map.of("view", view));
    }

    /** JSON when the client names a JSON type and not HTML (a browser's {@code *}/{@code *} gets the page). */
    private static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("json") && !a.contains("text/html");
    }

    /**
     * The figures as JSON (docs/api.md): {@code country} is an ISO 3166-1 alpha-2 code or null when the object
     * states none; {@code months} has every month of the span, oldest first; {@code answering} goes from the
     * responding country to the issuing one.
     */
    private ObjectNode json(Figures.Snapshot s) {
        ObjectNode root = Publisher.JSON.createObjectNode();
        root.put("generatedAt", s.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        ObjectNode totals = root.putObject("totals");
        totals.put("challenges", s.challenges()).put("responses", s.responses()).put("caseStudies", s.caseStudies());
        ArrayNode countries = root.putArray("countries");
        for (CountryCount c : s.countries()) {
            ObjectNode row = countries.addObject();
            putCountry(row, "country", c.country());
            row.put("challenges", c.challenges()).put("responses", c.responses()).put("caseStudies", c.caseStudies());
        }
        ArrayNode months = root.putArray("months");
        for (Figures.Month mo : s.months()) {
            months.addObject().put("month", mo.month().toString()).put("challenges", mo.challenges())
                    .put("responses", mo.responses());
        }
        ArrayNode answering = root.putArray("answering");
        for (Answering a : s.answering()) {
            ObjectNode row = answering.addObject();
            putCountry(row, "from", a.responder());
            putCountry(row, "to", a.issuer());
            row.put("responses", a.responses());
        }
        ObjectNode feeds = root.putObject("feeds");
        feeds.put("challenges", polity.uris().url(FiguresView.CHALLENGES_FEED))
                .put("responses", polity.uris().url(FiguresView.RESPONSES_FEED))
                .put("caseStudies", polity.uris().url(FiguresView.CASE_STUDIES_FEED));
        return root;
    }

    private static void putCountry(ObjectNode row, String field, String code) {
        if (code == null || code.isEmpty()) {
            row.putNull(field);
        } else {
            row.put(field, code);
        }
    }
}
