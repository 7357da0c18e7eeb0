package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Finding people and following them, for logged-in members: {@code GET /search?q=} resolves a handle
 * ({@code @name@host}, {@code name@host}) or a profile URL, here or on another server, and shows the actor
 * with a Follow or Unfollow button; {@code GET /profiles/{id}} shows any actor this instance knows;
 * {@code POST /follows} and {@code POST /follows/delete} (field {@code target}, the actor's id) follow and
 * unfollow through the follow service.
 */
public final class SearchRoutes implements RouteGroup {
    /** Posts shown on a profile: the latest this instance knows of that the viewer may see. */
    static final int PROFILE_POSTS = 20;

    private final Web web;
    private final Polity polity;

    public SearchRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/search", this::search);
        routes.get("/profiles/{id}", this::profile);
        routes.post("/follows", ctx -> follow(ctx, true));
        routes.post("/follows/delete", ctx -> follow(ctx, false));
    }

    private void search(Context ctx) {
        web.requireViewer(ctx);
        Messages m = web.messages(ctx);
        String q = Objects.requireNonNullElse(ctx.queryParam("q"), "").strip();
        Page page = web.page(ctx, q.isEmpty() ? m.t("pages.search.title") : m.t("pages.search.titleFor", q));
        Map<String, Object> params = new HashMap<>();
        params.put("q", q);
        params.put("card", null);
        params.put("error", null);
        params.put("back", "/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
        int status = 200;
        if (!q.isEmpty()) {
            try {
                Actor found = polity.federation().actors().lookup(q, FetchBudget.perRequest());
                params.put("card", new Cards(polity).card(page.viewerActor(), found));
            } catch (FetchException | IllegalArgumentException e) {
                params.put("error", m.t("pages.search.error.fetch", q));
            } catch (InvalidInput e) {
                params.put("error", e.getMessage());
                status = 422;
            } catch (NotFound e) {
                params.put("error", m.t("pages.search.error.notFound", q));
                status = 404;
            }
        }
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "pages/search.jte", page, params);
    }

    private void profile(Context ctx) {
        web.requireViewer(ctx);
        Actor actor;
        try {
            actor = polity.storage().stores().actors().findActorById(Long.parseLong(ctx.pathParam("id")))
                    .orElseThrow(() -> new NotFound(web.messages(ctx).t("pages.profile.notFound")));
        } catch (NumberFormatException e) {
            throw new NotFound(web.messages(ctx).t("pages.profile.notFound"));
        }
        Page page = web.page(ctx, actor.displayName() == null || actor.displayName().isBlank() ? actor.username()
                : actor.displayName());
        Cards cards = new Cards(polity);
        Cards.ActorCard card = cards.card(page.viewerActor(), actor);
        java.util.Optional<Actor> reader = java.util.Optional.of(page.viewerActor());
        java.util.List<Cards.Post> posts = polity.storage().stores().objects()
                .findObjectsByAuthor(actor.id(), Long.MAX_VALUE, PROFILE_POSTS * 2).stream()
                .filter(o -> polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(),
                        reader))
                .limit(PROFILE_POSTS).map(o -> cards.post(o, page.messages())).toList();
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "pages/profile.jte", page, Map.of("card", card, "posts", posts));
    }

    private void follow(Context ctx, boolean follow) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        Messages m = web.messages(ctx);
        String target = Objects.requireNonNullElse(ctx.formParam("target"), "").strip();
        if (target.isEmpty()) {
            throw InvalidInput.of("target", m.t("pages.follow.error.target"));
        }
        Actor other;
        if (follow) {
            java.util.Optional<Actor> known = polity.federation().actors().known(target);
            try {
                other = known.isPresent() ? known.get()
                        : polity.federation().actors().lookup(target, FetchBudget.perRequest());
            } catch (FetchException | IllegalArgumentException e) {
                throw InvalidInput.of("target", m.t("pages.search.error.fetch", target));
            }
            polity.federation().follows().follow(me, other, null);
        } else {
            other = polity.federation().actors().known(target)
                    .orElseThrow(() -> new NotFound(m.t("pages.follow.error.notFollowing")));
            if (polity.storage().stores().follows().findFollow(me.id(), other.id()).isPresent()) {
                polity.federation().follows().unfollow(me, other);
            }
        }
        String back = AccountRoutes.safeNext(ctx.formParam("back"));
        ctx.redirect(back.equals("/") ? "/profiles/" + other.id() : back, HttpStatus.SEE_OTHER);
    }
}
