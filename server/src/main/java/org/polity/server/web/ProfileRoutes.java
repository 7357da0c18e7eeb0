package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * Profiles and following (search is {@code org.polity.server.search.SearchRoutes}, whose results link here):
 * {@code GET /profiles/{id}} shows any actor this instance knows;
 * {@code POST /follows} and {@code POST /follows/delete} (field {@code target}, the actor's id) follow and
 * unfollow through the follow service.
 */
public final class ProfileRoutes implements RouteGroup {
    private final Web web;
    private final Polity polity;

    public ProfileRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/profiles/{id}", this::profile);
        routes.post("/follows", ctx -> follow(ctx, true));
        routes.post("/follows/delete", ctx -> follow(ctx, false));
    }

    private void profile(Context ctx) {
        web.requireViewer(ctx);
        Actor actor;
        try {
            actor = polity.storage().stores().actors().findActorById(Long.parseLong(ctx.pathParam("id")))
                    .orElseThrow(() -> new NotFound(Message.of("pages.profile.notFound")));
        } catch (NumberFormatException e) {
            throw new NotFound(Message.of("pages.profile.notFound"));
        }
        Page page = web.page(ctx, actor.displayName() == null || actor.displayName().isBlank() ? actor.username()
                : actor.displayName());
        Cards cards = new Cards(polity);
        Cards.ActorCard card = cards.card(page.viewerActor(), actor);
        org.polity.server.blocks.Blocks.Relation relation = new org.polity.server.blocks.Blocks(polity)
                .relation(page.viewerActor(), actor);
        // A block either way: the profile stays (so it can be undone) but its posts are not shown.
        ObjectPages.PostsPage posts = relation.blocking() || relation.blockedBy()
                ? new ObjectPages.PostsPage(List.of(), null)
                : new ObjectPages(web).authorPosts(actor, java.util.Optional.of(page.viewerActor()),
                        FeedRoutes.longParam(ctx.queryParam("before")), page.messages(), page.contentLanguages());
        Map<String, Object> params = new HashMap<>();
        params.put("card", card);
        params.put("relation", relation);
        params.put("blockable", org.polity.server.blocks.Blocks.blockable(page.viewerActor(), actor));
        params.put("posts", posts.posts());
        params.put("next", posts.nextBefore() == null ? null : card.profilePath() + "?before=" + posts.nextBefore());
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, 200, "pages/profile.jte", page, params);
    }

    private void follow(Context ctx, boolean follow) {
        Account account = web.requireViewer(ctx);
        Actor me = polity.storage().stores().actors().findActorById(account.actorId()).orElseThrow();
        Messages m = web.messages(ctx);
        String target = Objects.requireNonNullElse(ctx.formParam("target"), "").strip();
        if (target.isEmpty()) {
            throw InvalidInput.of("target", Message.of("pages.follow.error.target"));
        }
        Actor other;
        if (follow) {
            java.util.Optional<Actor> known = polity.federation().actors().known(target);
            try {
                other = known.isPresent() ? known.get()
                        : polity.federation().actors().lookup(target, FetchBudget.perRequest());
            } catch (FetchException | IllegalArgumentException e) {
                throw InvalidInput.of("target", Message.of("pages.search.error.fetch", target));
            }
            polity.federation().follows().follow(me, other, null);
        } else {
            other = polity.federation().actors().known(target)
                    .orElseThrow(() -> new NotFound(Message.of("pages.follow.error.notFollowing")));
            if (polity.storage().stores().follows().findFollow(me.id(), other.id()).isPresent()) {
                polity.federation().follows().unfollow(me, other);
            }
        }
        String back = AccountRoutes.safeNext(ctx.formParam("back"));
        ctx.redirect(back.equals("/") ? "/profiles/" + other.id() : back, HttpStatus.SEE_OTHER);
    }
}
