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
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Finding posts and people: {@code GET /search?q=} searches the public posts and local people this instance
 * holds, for anyone, and for logged-in members also resolves a handle ({@code @name@host},
 * {@code name@host}) or a profile URL, here or on another server, and shows the actor with a Follow or
 * Unfollow button; {@code GET /profiles/{id}} shows any actor this instance knows;
 * {@code POST /follows} and {@code POST /follows/delete} (field {@code target}, the actor's id) follow and
 * unfollow through the follow service.
 */
public final class SearchRoutes implements RouteGroup {
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

    /** Longest query, in characters. */
    static final int MAX_QUERY = 200;
    /** Local people and groups shown at most for one query (first page only). */
    static final int PEOPLE = 10;
    /** {@code @name@host} or {@code name@host}: a handle, looked up rather than (only) searched for. */
    private static final java.util.regex.Pattern HANDLE = java.util.regex.Pattern.compile("@?[^@\\s/]+@[^@\\s/]+");

    /** Whether a query names an actor to look up: a handle or an http(s) URL. */
    static boolean looksLikeHandleOrUrl(String q) {
        return HANDLE.matcher(q).matches() || q.startsWith("https://") || q.startsWith("http://");
    }

    /**
     * {@code GET /search?q=}, for everyone (DESIGN.md): public posts this instance holds whose title or text
     * contains the query, newest first ({@code ?before=<id>} pages on), and the local people and groups whose
     * name matches; HTML, or an ActivityStreams {@code OrderedCollection} when asked for
     * {@code application/activity+json}. For a logged-in member, a query that looks like a handle or a profile
     * URL is also resolved, over the network when it is remote, and shown as an actor card with Follow.
     * Anonymous readers never cause a remote fetch: that would let anyone make this server fetch any address.
     */
    private void search(Context ctx) {
        ctx.header("Vary", "Accept");
        java.util.Optional<Account> viewer = web.viewer(ctx);
        Messages m = web.messages(ctx);
        String q = Objects.requireNonNullElse(ctx.queryParam("q"), "").strip();
        if (q.length() > MAX_QUERY) {
            throw InvalidInput.of("q", Message.of("directory.search.error.long", MAX_QUERY));
        }
        Long before = Listings.before(ctx, m);
        boolean json = Negotiation.wantsActivityJson(ctx);
        if (json && q.isEmpty()) {
            throw InvalidInput.of("q", Message.of("directory.search.error.empty"));
        }
        var stores = polity.storage().stores();
        Listings listings = new Listings(polity);
        Listings.Slice slice = q.isEmpty() ? new Listings.Slice(List.of(), 0, null)
                : Listings.Slice.of(stores.objects().searchPublicObjects(q, before, Listings.PAGE_SIZE + 1),
                        stores.objects().countPublicObjectsMatching(q));
        List<Actor> people = new ArrayList<>();
        if (!q.isEmpty() && before == null) {
            people.addAll(stores.actors().searchLocalActors(q, PEOPLE));
            localHandle(q).filter(a -> people.stream().noneMatch(p -> p.id() == a.id()))
                    .ifPresent(a -> people.add(0, a));
        }
        if (json) {
            Listings.writeJson(ctx, listings.collection("/search?q=" + encode(q), before, slice, people));
            return;
        }
        Page page = web.page(ctx, q.isEmpty() ? m.t("pages.search.title") : m.t("pages.search.titleFor", q));
        Map<String, Object> params = new HashMap<>();
        params.put("q", q);
        params.put("card", null);
        params.put("found", null);
        params.put("error", null);
        params.put("back", "/search?q=" + encode(q));
        params.put("entries", listings.entries(slice, m));
        params.put("people", people);
        params.put("total", slice.total());
        params.put("next", slice.next() == null ? null : "/search?q=" + encode(q) + "&before=" + slice.next());
        params.put("later", before != null);
        int status = 200;
        if (viewer.isPresent() && before == null && (q.startsWith("https://") || q.startsWith("http://"))) {
            status = byUrl(q, page, people, params, m);
        } else if (viewer.isPresent() && before == null && looksLikeHandleOrUrl(q)) {
            try {
                Actor found = polity.federation().actors().lookup(q, FetchBudget.perRequest());
                params.put("card", new Cards(polity).card(page.viewerActor(), found));
                people.removeIf(p -> p.id() == found.id());
            } catch (FetchException | IllegalArgumentException e) {
                params.put("error", m.t("pages.search.error.fetch", q));
            } catch (InvalidInput e) {
                params.put("error", String.join(" ", m.errors(e).values()));
                status = 422;
            } catch (NotFound e) {
                params.put("error", m.t("pages.search.error.notFound", q));
                status = 404;
            }
        }
        ctx.header("Cache-Control", "private, no-store");
        web.render(ctx, status, "pages/search.jte", page, params);
    }

    /**
     * A URL pasted by a member: a post's shows the post, an actor's (or a profile page's) the actor card; the
     * status to answer. Everything else answers 404 with one sentence, whatever the reason: a post this server
     * holds that the member may not see, an address that names nothing, one its server will not hand over or a
     * host that cannot be reached. Otherwise the answer would tell a member whether this server holds a given
     * followers-only or members-only post.
     */
    private int byUrl(String q, Page page, List<Actor> people, Map<String, Object> params, Messages m) {
        try {
            FetchBudget budget = FetchBudget.perRequest();
            var post = new org.polity.server.activitypub.RemoteObjects(polity).lookup(q, budget);
            if (post.object().isPresent()) {
                var visible = post.object().filter(o -> polity.federation().objects().visibleTo(o.uri(),
                        o.attributedToId(), o.visibility(), java.util.Optional.of(page.viewerActor())));
                if (visible.isEmpty()) {
                    throw new NotFound(Message.of("svc.object.notVisible"));
                }
                params.put("found", new Cards(polity).post(visible.get(), m));
                return 200;
            }
            Actor found = polity.federation().actors().lookup(Objects.requireNonNullElse(post.actorUri(), q), budget);
            params.put("card", new Cards(polity).card(page.viewerActor(), found));
            people.removeIf(p -> p.id() == found.id());
            return 200;
        } catch (FetchException | IllegalArgumentException | NotFound | InvalidInput e) {
            params.put("error", m.t("pages.search.error.noPost"));
            return 404;
        }
    }

    /** A handle on this instance ({@code @name@our.host}), found without any network call; empty otherwise. */
    private java.util.Optional<Actor> localHandle(String q) {
        if (!HANDLE.matcher(q).matches()) {
            return java.util.Optional.empty();
        }
        String handle = q.startsWith("@") ? q.substring(1) : q;
        int at = handle.indexOf('@');
        if (!handle.substring(at + 1).equalsIgnoreCase(polity.uris().authority())) {
            return java.util.Optional.empty();
        }
        return polity.storage().stores().actors().searchLocalActors(handle.substring(0, at), PEOPLE).stream()
                .filter(a -> a.username().equalsIgnoreCase(handle.substring(0, at))).findFirst();
    }

    private static String encode(String q) {
        return java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
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
        ObjectPages.PostsPage posts = new ObjectPages(web).authorPosts(actor,
                java.util.Optional.of(page.viewerActor()), FeedRoutes.longParam(ctx.queryParam("before")),
                page.messages());
        Map<String, Object> params = new HashMap<>();
        params.put("card", card);
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
