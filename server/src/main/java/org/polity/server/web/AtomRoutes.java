package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.casestudies.Countries;
import org.polity.server.groups.Groups;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.GroupThread;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * Atom feeds (RFC 4287) of what anyone may read: {@code GET /users/{name}/feed.atom} (a member's posts),
 * {@code /groups/{name}/feed.atom} (one of our groups' threads), {@code /<directory>/feed.atom} for each
 * public directory ({@link DirectoryRoutes#DIRECTORIES}) and {@value #RESPONSES_FEED} (responses to challenges,
 * which have no directory of their own). The challenge, case study and response feeds take {@code ?country=MX}:
 * only what that country issued, published or answered, so a ministry can follow one country from the hub
 * (the figures page lists them). The newest {@value #ENTRIES} PUBLIC objects only,
 * never unlisted, followers-only, direct or deleted ones; a members-only group has no feed (404, as its
 * threads are hidden from visitors). The same answer for everyone, so shared caches may keep it five minutes;
 * feed titles are in English for that reason.
 */
public final class AtomRoutes implements RouteGroup {
    static final int ENTRIES = 20;
    /** Characters of a Note's text its entry title shows. */
    static final int TITLE_EXCERPT = 80;
    private static final int MAX_BATCHES = 5;
    static final String SUFFIX = "/feed.atom";
    /** Responses to challenges, ours and received (before {@code /challenges/{id}} in the route table). */
    public static final String RESPONSES_FEED = "/challenges/responses" + SUFFIX;
    /** The official blog's feed (its actor's posts), advertised on the home page and the blog. */
    static final String OFFICIAL_FEED = "/users/" + org.polity.server.blog.BlogService.OFFICIAL + SUFFIX;

    private final Web web;
    private final Polity polity;

    public AtomRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/users/{name}" + SUFFIX, this::person);
        routes.get("/groups/{name}" + SUFFIX, this::group);
        for (DirectoryRoutes.Directory directory : DirectoryRoutes.DIRECTORIES) {
            routes.get(directory.path() + SUFFIX, ctx -> kind(ctx, directory.kind(), directory.path(),
                    Messages.of("en").t("directory." + directory.key() + ".title"), false));
        }
        routes.get(RESPONSES_FEED, ctx -> kind(ctx, ObjectKind.RESPONSE, RESPONSES_FEED,
                Messages.of("en").t("figures.feed.responses"), true));
    }

    // --- Which pages have a feed (for their <link rel="alternate">) --------------------------------------------

    /** The feed path of a member's profile page. */
    static String personFeed(Actor person) {
        return "/users/" + person.username() + SUFFIX;
    }

    /** The feed path of a group's page, or null when it has none (another server's, or members-only). */
    public static String groupFeed(Groups groups, Actor group) {
        return hasFeed(groups, group) ? "/groups/" + group.username() + SUFFIX : null;
    }

    private static boolean hasFeed(Groups groups, Actor group) {
        return group.local() && groups.queries().info(group).filter(i -> !i.membersOnly()).isPresent()
                && groups.queries().canRead(group, null);
    }

    // --- The feeds ---------------------------------------------------------------------------------------------

    private void person(Context ctx) {
        String name = ctx.pathParam("name").toLowerCase(Locale.ROOT);
        Actor person = polity.actors().findLocal(name).filter(a -> org.polity.server.blog.BlogService.isOfficial(a)
                || a.type() == ActorType.Person && polity.storage().stores().accounts().findAccountByActorId(a.id())
                        .filter(Account::isActive).isPresent())
                .orElseThrow(() -> new NotFound(Message.of("site.error.noMember")));
        List<StoredObject> posts = new ArrayList<>();
        long cursor = Long.MAX_VALUE;
        // Read in batches, since followers-only and deleted rows are skipped; bounded work.
        for (int batch = 0; batch < MAX_BATCHES && posts.size() < ENTRIES; batch++) {
            List<StoredObject> rows = polity.storage().stores().objects().findObjectsByAuthor(person.id(), cursor,
                    ENTRIES * 2);
            for (StoredObject o : rows) {
                cursor = o.id();
                if (isPublic(o) && posts.size() < ENTRIES) {
                    posts.add(o);
                }
            }
            if (rows.size() < ENTRIES * 2) {
                break;
            }
        }
        String page = polity.uris().url("/users/" + person.username());
        write(ctx, new AtomFeed.Feed(page, displayName(person), polity.uris().url(personFeed(person)), page,
                author(Optional.of(person)), entries(posts, false)));
    }

    private void group(Context ctx) {
        String name = ctx.pathParam("name").toLowerCase(Locale.ROOT);
        Groups groups = polity.federation().groups();
        Actor group = polity.actors().findLocal(name).filter(a -> a.type() == ActorType.Group)
                .filter(a -> hasFeed(groups, a))
                .orElseThrow(() -> new NotFound(Message.of("groups.error.noGroup")));
        List<StoredObject> threads = new ArrayList<>();
        for (GroupThread t : polity.storage().stores().groups().findThreads(group.uri(), 0, ENTRIES)) {
            polity.storage().stores().objects().findObjectByUri(t.objectUri()).filter(AtomRoutes::isPublic)
                    .ifPresent(threads::add);
        }
        String page = polity.uris().groupPage(group.username());
        String title = displayName(group);
        write(ctx, new AtomFeed.Feed(page, title, page + SUFFIX, page,
                new AtomFeed.Person(title, page), entries(threads, true)));
    }

    /**
     * The newest public objects of {@code kind}, of one country with {@code ?country=}. {@code path} is the HTML
     * page the feed mirrors, and its id; the responses feed has no page of its own ({@code ownId}), so it is its
     * own id and mirrors the figures page. An unfiltered feed keeps the id it always had.
     */
    private void kind(Context ctx, ObjectKind kind, String path, String title, boolean ownId) {
        String country = country(ctx, kind);
        List<StoredObject> objects = (country == null
                ? polity.storage().stores().objects().findPublicObjectsByKind(kind, null, ENTRIES)
                : polity.storage().stores().figures().findPublicByCountry(kind, country, ENTRIES))
                .stream().filter(AtomRoutes::isPublic)
                .filter(o -> !polity.standings().hiddenFromListings(o.attributedToId())).toList();
        String query = country == null ? "" : "?country=" + country;
        String self = polity.uris().url(ownId ? path : path + SUFFIX) + query;
        String page = ownId ? polity.uris().url(org.polity.server.figures.FiguresRoutes.PATH)
                : polity.uris().url(path) + query;
        String instance = polity.config().instanceName();
        String named = title + " · " + instance
                + (country == null ? "" : " · " + Countries.name(country, Locale.ENGLISH));
        write(ctx, new AtomFeed.Feed(ownId ? self : page, named, self, page,
                new AtomFeed.Person(instance, polity.uris().url("/")), entries(objects, false)));
    }

    /** The {@code country} filter, upper-cased; null when not given. Only kinds that state a country take one. */
    private static String country(Context ctx, ObjectKind kind) {
        String value = ctx.queryParam("country");
        if (value == null || value.isBlank()) {
            return null;
        }
        if (kind != ObjectKind.CHALLENGE && kind != ObjectKind.RESPONSE && kind != ObjectKind.CASE_STUDY) {
            throw InvalidInput.of("country", Message.of("figures.error.countryFilter"));
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        if (!Countries.isCode(code)) {
            throw InvalidInput.of("country", Message.of("figures.error.country"));
        }
        return code;
    }

    /** PUBLIC and not deleted: what a feed may carry (the directory query says so too; checked again here). */
    private static boolean isPublic(StoredObject o) {
        return o.visibility() == Visibility.PUBLIC && !o.deleted();
    }

    private List<AtomFeed.Entry> entries(List<StoredObject> objects, boolean threads) {
        Listings listings = new Listings(polity); // caches the authors
        return objects.stream().map(o -> new AtomFeed.Entry(o.uri(), title(o), o.publishedAt(),
                o.updatedAt() != null && o.updatedAt().isAfter(o.publishedAt()) ? o.updatedAt() : o.publishedAt(),
                threads ? polity.uris().url("/threads/" + o.id()) : link(o), author(listings.actor(o.attributedToId())),
                o.contentHtml() == null ? "" : o.contentHtml(),
                org.polity.server.translations.ApToTranslations.fromPayload(o.payload(), o.name(), o.contentHtml())
                        .defaultLang())).toList();
    }

    /** Its name, or for a Note (no name) a short excerpt of its text. */
    static String title(StoredObject o) {
        if (o.name() != null && !o.name().isBlank()) {
            return o.name().strip();
        }
        String text = Listings.excerpt(o.contentHtml()).replaceAll("…$", "");
        if (text.isEmpty()) {
            return o.type();
        }
        if (text.length() <= TITLE_EXCERPT) {
            return text;
        }
        int cut = text.lastIndexOf(' ', TITLE_EXCERPT);
        return text.substring(0, cut > TITLE_EXCERPT / 2 ? cut : TITLE_EXCERPT) + "…";
    }

    private static String link(StoredObject o) {
        String url = Cards.httpOrNull(o.url());
        return url != null ? url : o.uri();
    }

    private AtomFeed.Person author(Optional<Actor> actor) {
        return actor.map(a -> new AtomFeed.Person(displayName(a), a.uri()))
                .orElse(new AtomFeed.Person(polity.config().instanceName(), polity.uris().url("/")));
    }

    private static String displayName(Actor a) {
        return a.displayName() == null || a.displayName().isBlank() ? a.username() : a.displayName();
    }

    private static void write(Context ctx, AtomFeed.Feed feed) {
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType(AtomFeed.MEDIA_TYPE).result(AtomFeed.write(feed));
    }
}
