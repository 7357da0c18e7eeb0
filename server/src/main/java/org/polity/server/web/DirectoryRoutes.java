package org.polity.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.Polity;
import org.polity.server.model.ObjectKind;

/**
 * The public directories, for anyone (DESIGN.md, Hub): {@code GET /challenges}, {@code /case-studies},
 * {@code /resources} and {@code /blog} list the PUBLIC objects this instance knows of that kind (its own and
 * received ones), newest first, {@value Listings#PAGE_SIZE} a page ({@code ?before=<id>} for the next). HTML
 * for browsers; an ActivityStreams {@code OrderedCollection} when the client asks for
 * {@code application/activity+json} or {@code application/ld+json}. The kind of an object is stored when
 * it arrives ({@link ObjectKind#of}).
 */
public final class DirectoryRoutes implements RouteGroup {
    /** A directory: its path, the kind it lists, and the message keys of its words ({@code directory.<key>.*}). */
    record Directory(String path, ObjectKind kind, String key) {}

    static final List<Directory> DIRECTORIES = List.of(
            new Directory("/challenges", ObjectKind.CHALLENGE, "challenges"),
            new Directory("/case-studies", ObjectKind.CASE_STUDY, "caseStudies"),
            new Directory("/resources", ObjectKind.RESOURCE, "resources"),
            new Directory("/blog", ObjectKind.BLOG, "blog"));

    /** Articles of the official blog shown above the blog's listing. */
    static final int OFFICIAL_SHOWN = 5;

    private final Web web;
    private final Polity polity;
    /**
     * Each directory's {@code totalItems}, by kind and the storage's write generation: counting 9,100 challenges
     * with their authors' domain policy takes 10 to 15 ms (scripts/bench reads), the page itself 1. An entry serves
     * until this node writes anything or public.cache.seconds pass (another node's writes: docs/operations.md,
     * Several nodes); concurrent readers of a missing entry wait for one count (Caffeine's get).
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, Long> totals;

    public DirectoryRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
        java.time.Duration ttl = polity.config().caches().publicDocuments();
        this.totals = ttl.isZero() ? null
                : com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(64).expireAfterWrite(ttl).build();
    }

    /** How many public objects of {@code kind} the directory lists (see {@link #totals}). */
    private long total(ObjectKind kind) {
        var objects = polity.storage().stores().objects();
        if (totals == null) {
            return objects.countPublicObjectsByKind(kind);
        }
        return totals.get(kind.name() + "@" + polity.storage().writeGeneration(),
                key -> objects.countPublicObjectsByKind(kind));
    }

    @Override
    public void register(RoutesConfig routes) {
        for (Directory directory : DIRECTORIES) {
            routes.get(directory.path(), ctx -> list(ctx, directory));
        }
    }

    private void list(Context ctx, Directory directory) {
        ctx.header("Vary", "Accept");
        if (directory.kind() == ObjectKind.CASE_STUDY && !Negotiation.wantsActivityJson(ctx)) {
            // Browsers get the case study library, with its filters (casestudies package).
            new org.polity.server.casestudies.CaseStudyRoutes(web,
                    new org.polity.server.casestudies.CaseStudyService(polity)).library(ctx);
            return;
        }
        if (directory.kind() == ObjectKind.CHALLENGE && !Negotiation.wantsActivityJson(ctx)) {
            // Browsers get the challenge directory, with its filters (challenges package).
            new org.polity.server.challenges.ChallengeRoutes(web,
                    new org.polity.server.challenges.ChallengeService(polity)).directory(ctx);
            return;
        }
        Messages m = web.messages(ctx);
        Long before = Listings.before(ctx, m);
        var objects = polity.storage().stores().objects();
        Listings.Slice slice = Listings.Slice.of(
                polity.standings().listed(objects.findPublicObjectsByKind(directory.kind(), before,
                        Listings.PAGE_SIZE + 1)),
                total(directory.kind()));
        Listings listings = new Listings(polity);
        if (Negotiation.wantsActivityJson(ctx)) {
            Listings.writeJson(ctx, listings.collection(directory.path(), before, slice, List.of()));
            return;
        }
        // The page carries the visitor's CSRF token (language form) and login state: not for shared caches.
        ctx.header("Cache-Control", "private, no-cache");
        Map<String, Object> params = new HashMap<>();
        params.put("key", directory.key());
        params.put("path", directory.path());
        params.put("entries", listings.entries(slice, m, web.contentLanguages(ctx)));
        params.put("total", slice.total());
        params.put("next", slice.next());
        params.put("later", before != null);
        if (directory.kind() == ObjectKind.BLOG && before == null) {
            params.put("official", Listings.officialBlog(polity, m, web.contentLanguages(ctx), OFFICIAL_SHOWN));
            params.put("officialHandle", "@" + org.polity.server.blog.BlogService.OFFICIAL + "@"
                    + polity.uris().authority());
        }
        String title = m.t("directory." + directory.key() + ".title");
        Page page = web.page(ctx, title).withFeed(title, directory.path() + AtomRoutes.SUFFIX);
        if (params.get("official") instanceof List<?> official && !official.isEmpty()) {
            page = page.withFeed(m.t("blog.official.title"), AtomRoutes.OFFICIAL_FEED);
        }
        web.render(ctx, 200, "directory/list.jte", page, params);
    }
}
