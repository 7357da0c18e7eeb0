package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * Follow requests in the browser, for members who approve followers by hand: {@code GET /follow-requests}
 * lists the pending ones, oldest first ({@code ?after=<id>} for more), each with Approve and Reject buttons:
 * {@code POST /follow-requests/{id}/approve} and {@code .../reject}, forms with the CSRF token (checked for
 * every form by the server). The decision goes through the follow service, as the REST API's does
 * ({@link FollowRequestRoutes}); the page comes back with a notice.
 */
public final class FollowRequestPages implements RouteGroup {
    static final int PAGE_SIZE = 40;

    private final Web web;
    private final Polity polity;

    public FollowRequestPages(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/follow-requests", this::list);
        routes.post("/follow-requests/{id}/approve", ctx -> decide(ctx, true));
        routes.post("/follow-requests/{id}/reject", ctx -> decide(ctx, false));
    }

    /** A pending request as the page shows it. */
    public record Request(long id, Actor follower, String date) {
        public String name() {
            return follower.displayName() == null || follower.displayName().isBlank() ? follower.username()
                    : follower.displayName();
        }
    }

    private Actor me(Context ctx) {
        Account account = web.requireViewer(ctx);
        return polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
    }

    private void list(Context ctx) {
        Actor me = me(ctx);
        Messages m = web.messages(ctx);
        long after = 0;
        String afterParam = ctx.queryParam("after");
        if (afterParam != null && !afterParam.isBlank()) {
            try {
                after = Long.parseLong(afterParam.strip());
            } catch (NumberFormatException e) {
                throw org.polity.server.service.InvalidInput.of("after", Message.of("directory.requests.error.after"));
            }
        }
        var follows = polity.storage().stores().follows();
        List<Follow> rows = follows.findFollowers(me.id(), Follow.State.PENDING, after, PAGE_SIZE + 1);
        List<Request> requests = new ArrayList<>();
        Cards cards = new Cards(polity);
        for (Follow f : rows.subList(0, Math.min(rows.size(), PAGE_SIZE))) {
            cards.actor(f.followerId()).ifPresent(a -> requests.add(new Request(f.id(), a, m.dateTime(f.createdAt()))));
        }
        String done = ctx.queryParam("done");
        Map<String, Object> params = new HashMap<>();
        params.put("requests", requests);
        params.put("total", follows.countFollowers(me.id(), Follow.State.PENDING));
        params.put("locked", me.manuallyApprovesFollowers());
        params.put("more", rows.size() > PAGE_SIZE ? rows.get(PAGE_SIZE - 1).id() : null);
        // Only the two known values choose a sentence; anything else shows none.
        params.put("notice", "approved".equals(done) ? m.t("directory.requests.approved")
                : "rejected".equals(done) ? m.t("directory.requests.rejected") : null);
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "directory/followRequests.jte", web.page(ctx, m.t("directory.requests.title")), params);
    }

    private void decide(Context ctx, boolean approve) {
        Actor me = me(ctx);
        Messages m = web.messages(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("directory.requests.gone"));
        }
        try {
            if (approve) {
                polity.federation().follows().approve(me, id);
            } else {
                polity.federation().follows().reject(me, id);
            }
        } catch (NotFound e) {
            throw new NotFound(Message.of("directory.requests.gone"));
        }
        ctx.redirect("/follow-requests?done=" + (approve ? "approved" : "rejected"), HttpStatus.SEE_OTHER);
    }
}
