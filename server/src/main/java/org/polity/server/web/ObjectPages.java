package org.polity.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.groups.GroupViews;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupPost;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * The HTML side of our ActivityPub ids: what a browser sees at {@code /objects/{id}}, {@code /activities/{id}} and
 * an actor's collections, where servers get ActivityStreams JSON ({@code OutboxRoutes} chooses by {@code Accept},
 * {@link Negotiation#wantsHtml}). The reader is the session's member (or nobody), and the visibility rule is the
 * JSON's ({@link ObjectService#visibleTo}): an object the reader may not see is the same 404 as an absent one.
 * <ul>
 *   <li>a thread of a group, or a post in one, is read on its thread page: 303 to {@code /threads/{id}};</li>
 *   <li>any other post (a Note, a blog post, a challenge, a case study, ...) is a page of its own: its card, and
 *       the replies the reader may see; a deleted one is 410 Gone;</li>
 *   <li>an activity leads (303) to what it is about: its object's page, or the actor it names;</li>
 *   <li>followers and following are a list of people; an outbox leads to the actor's profile page, a group's
 *       collections to the group's page; replies and a thread's context to the post's page.</li>
 * </ul>
 */
public final class ObjectPages {
    static final int REPLIES_SHOWN = 100;
    static final int PEOPLE_SHOWN = 100;

    private final Web web;
    private final Polity polity;

    public ObjectPages(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    /** The session's member, as an actor; empty for a visitor. */
    public Optional<Actor> viewer(Context ctx) {
        return web.viewer(ctx).flatMap(a -> polity.storage().stores().actors().findActorById(a.actorId()));
    }

    private boolean visible(StoredObject o, Optional<Actor> reader) {
        return polity.federation().objects().visibleTo(o.uri(), o.attributedToId(), o.visibility(), reader);
    }

    /** One of our objects the viewer may see (deleted ones included), else 404. */
    private StoredObject localObject(Context ctx, String uri, Optional<Actor> viewer) {
        return polity.storage().stores().objects().findObjectByUri(uri).filter(StoredObject::local)
                .filter(o -> visible(o, viewer))
                .orElseThrow(() -> new NotFound(Message.of("svc.object.notVisible")));
    }

    /** The page depends on the session too ({@code Vary: Accept} is set by the route, for both variants). */
    private static void headers(Context ctx, boolean personal) {
        ctx.header("Vary", "Accept, Accept-Language, Authorization, Signature, Cookie");
        if (personal) {
            ctx.header("Cache-Control", "private, no-store");
        }
    }

    /** {@code GET /objects/{id}} for a browser. */
    public void object(Context ctx, String uri) {
        Optional<Actor> viewer = viewer(ctx);
        StoredObject object = localObject(ctx, uri, viewer);
        headers(ctx, viewer.isPresent() || !isPublic(object));
        Messages m = web.messages(ctx);
        if (object.deleted()) {
            web.render(ctx, 410, "error.jte", web.page(ctx, m.t("site.object.gone.title")), Map.of("status", 410,
                    "title", m.t("site.object.gone.title"), "detail", m.t("site.object.gone.detail"),
                    "errors", Map.of()));
            return;
        }
        Optional<String> thread = threadPath(object);
        if (thread.isPresent()) {
            ctx.redirect(thread.get(), HttpStatus.SEE_OTHER);
            return;
        }
        List<StoredObject> rows = polity.storage().stores().objects().findReplies(object.uri(), REPLIES_SHOWN);
        List<StoredObject> all = new ArrayList<>(rows);
        all.add(object);
        Cards cards = new Cards(polity).preload(all); // every byline on the page in two queries, not one per reply
        List<String> langs = web.contentLanguages(ctx);
        Cards.Post post = cards.post(object, m, langs);
        List<Cards.Post> replies = new ArrayList<>();
        java.util.Set<Long> hidden = viewer.map(v -> new org.polity.server.blocks.Blocks(polity).hiddenFrom(v))
                .orElse(java.util.Set.of());
        for (StoredObject reply : rows) {
            if (!reply.deleted() && visible(reply, viewer) && !hidden.contains(reply.attributedToId())) {
                replies.add(cards.post(reply, m, langs));
            }
        }
        String title = post.title() != null && !post.title().isBlank() ? post.title()
                : m.t("site.object.title", post.authorName().isEmpty() ? m.t("pages.post.unknownAuthor")
                        : post.authorName());
        Map<String, Object> params = new HashMap<>();
        params.put("post", post);
        params.put("replies", replies);
        params.put("kind", object.kind() == null ? null : m.t("site.object.kind." + object.kind().name()));
        params.put("published", publishedLink(ctx));
        params.put("titleLang", post.title() != null && !post.title().isBlank() ? post.lang() : null);
        params.put("editLink", new org.polity.server.blog.BlogService(polity).editPath(object, web.viewer(ctx)));
        // A local post's page advertises its author's feed, where it and their next posts appear.
        Page page = web.page(ctx, title);
        Actor author = !object.local() ? null : cards.actor(object.attributedToId())
                .filter(a -> a.local() && a.type() == org.polity.server.model.ActorType.Person).orElse(null);
        if (author != null) {
            page = page.withFeed(author.displayName(), AtomRoutes.personFeed(author));
        }
        web.render(ctx, 200, "pages/object.jte", page, params);
    }

    private static boolean isPublic(StoredObject o) {
        return o.visibility() == Visibility.PUBLIC || o.visibility() == Visibility.UNLISTED;
    }

    /** The thread page a group post is read on, with the post's anchor when it is a reply; empty outside groups. */
    private Optional<String> threadPath(StoredObject o) {
        Optional<GroupPost> gp = polity.storage().stores().groups().findPost(o.uri());
        if (gp.isEmpty()) {
            return Optional.empty();
        }
        if (gp.get().isThread()) {
            return Optional.of("/threads/" + o.id());
        }
        return polity.storage().stores().objects().findObjectByUri(gp.get().threadUri()).filter(t -> !t.deleted())
                .map(t -> "/threads/" + t.id() + "#post-" + o.id());
    }

    /** {@code GET /objects/{id}/replies} and {@code /context} for a browser: the post's own page. */
    public void objectCollection(Context ctx, String uri) {
        Optional<Actor> viewer = viewer(ctx);
        StoredObject object = localObject(ctx, uri, viewer);
        headers(ctx, true);
        ctx.redirect(threadPath(object).orElse(object.uri()), HttpStatus.SEE_OTHER);
    }

    /** {@code GET /activities/{id}} for a browser: to what the activity is about. */
    public void activity(Context ctx, StoredActivity activity) {
        headers(ctx, true);
        JsonNode json = polity.federation().objects().present(activity);
        JsonNode object = json.path("object");
        String target = object.isTextual() ? object.asText() : object.path("id").asText(null);
        if ((activity.type().equals("Announce") || activity.type().equals("Undo")) && object.isObject()
                && object.path("object").isObject()) {
            target = object.path("object").path("id").asText(target); // a group's Announce of a Create
        }
        String location = target == null ? null : where(target, viewer(ctx));
        if (location == null) {
            location = polity.storage().stores().actors().findActorById(activity.actorId()).map(this::actorPage)
                    .orElse("/");
        }
        ctx.redirect(location, HttpStatus.SEE_OTHER);
    }

    /** The page for an id an activity names: a post we hold and the viewer may see, an actor we know. */
    private String where(String uri, Optional<Actor> viewer) {
        Optional<StoredObject> object = polity.storage().stores().objects().findObjectByUri(uri);
        if (object.isPresent()) {
            if (!object.get().deleted() && visible(object.get(), viewer)) {
                StoredObject o = object.get();
                return o.local() ? threadPath(o).orElse(o.uri())
                        : threadPath(o).orElse(Cards.httpOrNull(o.url() != null ? o.url() : o.uri()));
            }
            return null;
        }
        return polity.storage().stores().actors().findActorByUri(uri).map(this::actorPage).orElse(null);
    }

    /** Where a browser reads about an actor: a group's page, our member's profile, another server's profile. */
    String actorPage(Actor a) {
        if (a.type() == ActorType.Group) {
            return GroupViews.path(a);
        }
        if (a.local()) {
            return a.uri();
        }
        return "/profiles/" + a.id();
    }

    /** {@code GET /users/{name}/outbox} (and a group's other collections) for a browser: the actor's page. */
    public void toActorPage(Context ctx, Actor owner) {
        headers(ctx, false);
        ctx.redirect(actorPage(owner), HttpStatus.SEE_OTHER);
    }

    /** A person in a list of followers or following. */
    public record PersonRow(Actor actor, String link) {
        public String name() {
            return GroupViews.displayName(actor);
        }
    }

    /**
     * {@code GET /users/{name}/followers} and {@code /following} for a browser: the accepted follows, oldest
     * first, {@value #PEOPLE_SHOWN} a page ({@code ?after=<follow id>}). A group's members are listed only to
     * those who may read the group, as in the JSON.
     */
    public void follows(Context ctx, Actor owner, boolean followers) {
        Optional<Actor> viewer = viewer(ctx);
        headers(ctx, viewer.isPresent());
        Messages m = web.messages(ctx);
        var store = polity.storage().stores().follows();
        long total = followers ? store.countFollowers(owner.id(), Follow.State.ACCEPTED)
                : store.countFollowing(owner.id(), Follow.State.ACCEPTED);
        boolean listed = owner.type() != ActorType.Group
                || polity.federation().groups().queries().canRead(owner, viewer.orElse(null));
        long after = Math.max(0, FeedRoutes.longParam(ctx.queryParam("after")) == Long.MAX_VALUE ? 0
                : FeedRoutes.longParam(ctx.queryParam("after")));
        List<PersonRow> people = new ArrayList<>();
        Long next = null;
        if (listed) {
            List<Follow> rows = followers ? store.findFollowers(owner.id(), Follow.State.ACCEPTED, after,
                    PEOPLE_SHOWN + 1) : store.findFollowing(owner.id(), Follow.State.ACCEPTED, after, PEOPLE_SHOWN + 1);
            List<Long> ids = rows.subList(0, Math.min(rows.size(), PEOPLE_SHOWN)).stream()
                    .map(f -> followers ? f.followerId() : f.followedId()).toList();
            Map<Long, Actor> actors = polity.storage().stores().actors().findActorsByIds(ids); // one query
            for (Long id : ids) {
                Actor a = actors.get(id);
                if (a != null) {
                    people.add(new PersonRow(a, actorPage(a)));
                }
            }
            if (rows.size() > PEOPLE_SHOWN) {
                next = rows.get(PEOPLE_SHOWN - 1).id();
            }
        }
        String name = GroupViews.displayName(owner);
        String title = m.t(followers ? "site.follows.followers" : "site.follows.following", name);
        Map<String, Object> params = new HashMap<>();
        params.put("owner", owner);
        params.put("ownerPage", actorPage(owner));
        params.put("heading", title);
        params.put("total", total);
        params.put("listed", listed);
        params.put("people", people);
        params.put("next", next == null ? null : ctx.path() + "?after=" + next);
        web.render(ctx, 200, "pages/follows.jte", web.page(ctx, title), params);
    }

    /** Posts listed on a profile page, {@value #PROFILE_POSTS} a page. */
    static final int PROFILE_POSTS = 20;

    /** Batches of {@code 2 * PROFILE_POSTS} rows read at most for one page of a profile. */
    static final int MAX_BATCHES = 10;

    /** One page of an author's posts: the cards and the {@code before} cursor of the next page (null at the end). */
    public record PostsPage(List<Cards.Post> posts, Long nextBefore) {}

    /**
     * The posts by {@code author} that this instance holds and {@code viewer} may see, newest first, before row
     * id {@code before} (Long.MAX_VALUE for the first page), deleted ones left out. A page reads at most
     * {@value #MAX_BATCHES} batches of rows; when those hold fewer posts than a page and more rows follow, the page
     * is shorter (even empty) and its cursor still leads on.
     */
    PostsPage authorPosts(Actor author, Optional<Actor> viewer, long before, Messages m, List<String> langs) {
        Cards cards = new Cards(polity);
        List<Cards.Post> posts = new ArrayList<>();
        long cursor = before;
        Long next = null;
        boolean more = true;
        // Read in batches, since some rows are not shown (deleted, or not for this viewer); bounded work.
        for (int batch = 0; batch < MAX_BATCHES && next == null && more; batch++) {
            List<StoredObject> rows = polity.storage().stores().objects().findObjectsByAuthor(author.id(), cursor,
                    PROFILE_POSTS * 2);
            cards.preload(rows); // the bylines of a batch in two queries, not one per post
            for (StoredObject o : rows) {
                cursor = o.id();
                if (o.deleted() || !visible(o, viewer)) {
                    continue;
                }
                if (posts.size() == PROFILE_POSTS) {
                    next = posts.get(PROFILE_POSTS - 1).object().id();
                    break;
                }
                posts.add(cards.post(o, m, langs));
            }
            more = rows.size() == PROFILE_POSTS * 2;
        }
        if (next == null && more) {
            // The batches ran out before the rows did (a run of posts this viewer may not see): the next page
            // reads on from the last row looked at, so older posts are still reached, a shorter page at a time.
            next = cursor;
        }
        return new PostsPage(posts, next);
    }

    /** The query parameter a form's redirect carries after a post was published: the post's row id. */
    static final String PUBLISHED = "published";

    /** The address to come back to after publishing {@code objectUri}: {@code path?published=<id>}. */
    public String afterPublishing(String path, String objectUri) {
        Optional<StoredObject> o = objectUri == null ? Optional.empty()
                : polity.storage().stores().objects().findObjectByUri(objectUri);
        if (o.isEmpty()) {
            return path;
        }
        int hash = path.indexOf('#');
        String base = hash < 0 ? path : path.substring(0, hash);
        String anchor = hash < 0 ? "" : path.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + PUBLISHED + "=" + o.get().id() + anchor;
    }

    /**
     * Where the confirmation "Your post was published." links to, when this request comes back from publishing
     * (Post/Redirect/Get, {@code ?published=<id>}): the viewer's own post that is still there, on its page (its
     * thread's, in a group); null otherwise, so a copied address shows no one else's confirmation.
     */
    public String publishedLink(Context ctx) {
        String id = ctx.queryParam(PUBLISHED);
        Optional<Actor> viewer = viewer(ctx);
        if (id == null || viewer.isEmpty()) {
            return null;
        }
        long rowId = FeedRoutes.longParam(id);
        if (rowId == Long.MAX_VALUE) {
            return null;
        }
        return polity.storage().stores().objects().findObjectById(rowId)
                .filter(o -> o.attributedToId() == viewer.get().id() && !o.deleted())
                .map(o -> threadPath(o).orElse(o.uri())).orElse(null);
    }
}
