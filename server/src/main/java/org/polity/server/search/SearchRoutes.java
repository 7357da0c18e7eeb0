package org.polity.server.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.Contexts;
import org.polity.server.Polity;
import org.polity.server.limits.Limits;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.web.Cards;
import org.polity.server.web.Listings;
import org.polity.server.web.Messages;
import org.polity.server.web.Negotiation;
import org.polity.server.web.Page;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.Web;

/**
 * {@code GET /search?q=&type=&country=&tag=&lang=&from=&to=}, for everyone (DESIGN.md): ranked full-text search
 * over the public posts this instance holds (local and remote: threads, comments, articles, resources, case
 * studies, challenges) and the people and groups it knows ({@link SearchIndex}), with filters; HTML, or an
 * ActivityStreams {@code OrderedCollection} ({@code OrderedCollectionPage} after {@code ?before=}) when asked
 * for {@code application/activity+json}. Without a type filter the first page shows the best people and groups
 * above the posts; with one, the list is of that type. For a logged-in member a query that looks like a handle
 * or a profile URL is also resolved, over the network when it is remote, and shown as an actor card with
 * Follow, and a post's URL shows the post. Anonymous readers never cause a remote fetch: that would let anyone
 * make this server fetch any address. A query over {@value SearchFilters#MAX_QUERY} characters or an invalid
 * filter is answered 422 before anything is searched.
 */
public final class SearchRoutes implements RouteGroup {
    /** People and groups shown at most above the posts (first page, no type filter). */
    static final int PEOPLE = 10;
    /** {@code @name@host} or {@code name@host}: a handle, looked up rather than (only) searched for. */
    private static final Pattern HANDLE = Pattern.compile("@?[^@\\s/]+@[^@\\s/]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Web web;
    private final Polity polity;
    private final SearchService search;

    public SearchRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        this.search = new SearchService(polity);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/search", this::search);
    }

    /** Whether a query names an actor to look up: a handle or an http(s) URL. */
    static boolean looksLikeHandleOrUrl(String q) {
        return HANDLE.matcher(q).matches() || q.startsWith("https://") || q.startsWith("http://");
    }

    private void search(Context ctx) {
        ctx.header("Vary", "Accept");
        ctx.header("Cache-Control", "private, no-store");
        // Before any query runs or any remote handle is looked up (answered 429, see PolityServer).
        polity.limits().enforce(Limits.Rule.SEARCH_PER_IP, polity.limits().clientAddress(ctx));
        Messages m = web.messages(ctx);
        boolean json = Negotiation.wantsActivityJson(ctx);
        SearchFilters f = SearchFilters.read(ctx);
        Long before = f.valid() ? Listings.before(ctx, m) : null;
        if (json && f.valid() && !f.asked()) {
            throw InvalidInput.of("q", Message.of("directory.search.error.empty"));
        }
        if (json && !f.valid()) {
            throw InvalidInput.of(f.errors());
        }
        String q = f.q();
        SearchService.Results main = SearchService.Results.empty();
        List<Actor> people = new ArrayList<>();
        boolean peopleList = f.valid() && f.query().types().stream().allMatch(SearchType::isActor)
                && !f.query().types().isEmpty();
        if (f.valid() && f.asked()) {
            SearchQuery query = f.query().types().isEmpty() ? f.query().withTypes(SearchQuery.POSTS) : f.query();
            main = search.search(query, before, Listings.PAGE_SIZE, true);
            if (f.query().types().isEmpty() && before == null) {
                people.addAll(search.search(f.query().withTypes(SearchQuery.ACTORS), null, PEOPLE, false).actors());
            }
            if (peopleList) {
                people.addAll(main.actors());
            }
            if (before == null && !peopleList) {
                localHandle(q).filter(a -> people.stream().noneMatch(p -> p.id() == a.id()))
                        .ifPresent(a -> people.add(0, a));
            }
        }
        if (json) {
            Listings.writeJson(ctx, collection(f, before, main, peopleList ? List.of() : people));
            return;
        }
        Page page = web.page(ctx, q.isEmpty() ? m.t("pages.search.title") : m.t("pages.search.titleFor", q));
        Listings listings = new Listings(polity);
        Map<String, Object> params = new HashMap<>();
        params.put("filters", f);
        params.put("card", null);
        params.put("found", null);
        params.put("error", null);
        params.put("back", f.path());
        params.put("entries", main.objects().stream().map(o -> listings.entry(o, m, page.contentLanguages())).toList());
        params.put("people", people);
        params.put("peopleList", peopleList);
        params.put("total", main.total());
        params.put("next", main.next() == null ? null : f.path() + "&before=" + main.next());
        params.put("later", before != null);
        int status = f.valid() ? 200 : 422;
        Optional<Account> viewer = web.viewer(ctx);
        if (f.valid() && viewer.isPresent() && before == null && (q.startsWith("https://") || q.startsWith("http://"))) {
            status = byUrl(q, page, people, params, m);
        } else if (f.valid() && viewer.isPresent() && before == null && looksLikeHandleOrUrl(q)) {
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
        web.render(ctx, status, "search/search.jte", page, params);
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
                        o.attributedToId(), o.visibility(), Optional.of(page.viewerActor())));
                if (visible.isEmpty()) {
                    throw new NotFound(Message.of("svc.object.notVisible"));
                }
                params.put("found", new Cards(polity).post(visible.get(), m, page.contentLanguages()));
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
    private Optional<Actor> localHandle(String q) {
        if (!HANDLE.matcher(q).matches()) {
            return Optional.empty();
        }
        String handle = q.startsWith("@") ? q.substring(1) : q;
        int at = handle.indexOf('@');
        if (!handle.substring(at + 1).equalsIgnoreCase(polity.uris().authority())) {
            return Optional.empty();
        }
        // the same rule as the index: a group, or a member whose account is active
        return polity.storage().stores().actors().findLocalActorByUsername(handle.substring(0, at))
                .filter(a -> a.type() == org.polity.server.model.ActorType.Group
                        || polity.storage().stores().accounts().findAccountByActorId(a.id()).map(Account::isActive)
                                .orElse(false));
    }

    /**
     * The results as ActivityStreams: an {@code OrderedCollection} with {@code totalItems} on the first page, an
     * {@code OrderedCollectionPage} {@code partOf} it after {@code before}; both carry {@code next} while more
     * follow. People and groups shown above the posts come first on the first page.
     */
    private ObjectNode collection(SearchFilters f, Long before, SearchService.Results main, List<Actor> people) {
        Listings listings = new Listings(polity);
        String id = polity.uris().url(f.path());
        ObjectNode c = JSON.createObjectNode();
        ArrayNode context = c.putArray("@context");
        context.add(ActivityStreams.CONTEXT);
        context.add(Contexts.polityTerms());
        if (before == null) {
            c.put("id", id);
            c.put("type", "OrderedCollection");
        } else {
            c.put("id", id + "&before=" + before);
            c.put("type", "OrderedCollectionPage");
            c.put("partOf", id);
        }
        c.put("totalItems", main.total() + people.size());
        ArrayNode items = c.putArray("orderedItems");
        people.forEach(a -> items.add(listings.actorItem(a)));
        for (SearchService.Result r : main.results()) {
            items.add(r.isActor() ? listings.actorItem(r.actor()) : listings.objectItem(r.object()));
        }
        if (main.next() != null) {
            c.put("next", id + "&before=" + main.next());
        }
        return c;
    }
}
