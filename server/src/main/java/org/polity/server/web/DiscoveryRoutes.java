package org.polity.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.nodeinfo.NodeInfo;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.Contexts;
import org.polity.federation.webfinger.Jrd;
import org.polity.federation.webfinger.WebFinger;
import org.polity.federation.webfinger.WebFingerResource;
import org.polity.server.Polity;
import org.polity.server.convert.ModelToAp;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.service.Message;
import org.polity.server.service.ActorService;
import org.polity.server.service.NotFound;

/**
 * How other servers and people find this instance and its members: WebFinger (RFC 7033), actor documents
 * (ActivityPub, section 4.1) as ActivityStreams JSON or an HTML profile page, the instance actor (FEP-2677),
 * NodeInfo 2.1, host-meta (RFC 6415) and the Polity JSON-LD context.
 *
 * <p>What is discoverable: active members' {@code Person} actors and the instance actor. Pending, rejected
 * and suspended accounts are answered exactly like names that do not exist (404), so their existence does
 * not leak.
 */
public final class DiscoveryRoutes implements RouteGroup {
    /** The path the Polity context is served at; its id stays {@value ActivityStreams#POLITY_CONTEXT}. */
    public static final String CONTEXT_PATH = "/ns/polity/v1";
    static final String XRD_MEDIA_TYPE = "application/xrd+xml";
    private static final Duration MONTH = Duration.ofDays(30);
    private static final Duration HALF_YEAR = Duration.ofDays(180);

    private final Web web;
    private final Polity polity;
    private final ObjectMapper json = new ObjectMapper();
    private final String polityContext = Contexts.polityContextDocument();

    public DiscoveryRoutes(Web web) {
        this.web = web;
        this.polity = web.polity();
    }

    private ModelToAp toAp() {
        // The base URL is bound after the routes are built, so the converter is made on use.
        return new ModelToAp(polity.uris(), polity.config(), polity.proofKeys()::assertionMethod);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(WebFinger.PATH, this::webfinger);
        routes.get("/.well-known/host-meta", this::hostMeta);
        routes.get("/.well-known/host-meta.json", this::hostMetaJson);
        routes.get(NodeInfo.WELL_KNOWN_PATH, this::nodeInfoLinks);
        routes.get("/nodeinfo/2.1", this::nodeInfo);
        routes.get("/users/{name}", this::actor);
        routes.get("/@{name}", this::profileRedirect);
        routes.get("/actor", this::instanceActor);
        routes.get(CONTEXT_PATH, this::polityContext);
    }

    // --- WebFinger -------------------------------------------------------------------------------------------

    /**
     * RFC 7033: {@code resource} is required (400 without it, section 4.2), may be {@code acct:name@authority}
     * or the URL of a local actor or profile page; {@code rel} parameters filter the links (section 4.3).
     * Browsers may query it from any origin (section 5), so it carries {@code Access-Control-Allow-Origin: *}.
     */
    private void webfinger(Context ctx) throws JsonProcessingException {
        ctx.header("Access-Control-Allow-Origin", "*");
        String resource = ctx.queryParam("resource");
        if (resource == null || resource.isBlank()) {
            Problems.write(ctx, 400, "Bad request", "The resource parameter is required, for example "
                    + "?resource=acct:name@" + polity.uris().authority() + ".");
            return;
        }
        WebFingerResource parsed;
        try {
            parsed = WebFingerResource.parse(resource);
        } catch (IllegalArgumentException e) {
            Problems.write(ctx, 400, "Bad request", "Cannot read the resource: " + e.getMessage() + ".");
            return;
        }
        Optional<Actor> actor;
        if (parsed instanceof WebFingerResource.Acct acct) {
            actor = isThisInstance(acct) ? findDiscoverable(acct.user()) : Optional.empty();
        } else {
            actor = findByUrl(((WebFingerResource.Url) parsed).uri());
        }
        if (actor.isEmpty() && parsed instanceof WebFingerResource.Acct acct && isThisInstance(acct)
                && deletedLocal(acct.user()).isPresent()) {
            Problems.write(ctx, 410, "Gone", "The account " + resource + " was deleted.");
            return;
        }
        if (actor.isEmpty()) {
            Problems.write(ctx, 404, "Not found", "No account here answers to " + resource + ".");
            return;
        }
        Set<String> rels = new LinkedHashSet<>(ctx.queryParams("rel"));
        Jrd jrd = toAp().actorToWebFinger(actor.get()).onlyRels(rels);
        ctx.contentType(WebFinger.JRD_MEDIA_TYPE).result(json.writeValueAsBytes(jrd));
    }

    /**
     * Whether an account's authority names this instance: the same host and the same port, where a port left
     * out means the scheme's default (so {@code acct:a@gov.example} matches {@code https://gov.example:443}).
     */
    private boolean isThisInstance(WebFingerResource.Acct acct) {
        URI base = polity.uris().base();
        return acct.host().equalsIgnoreCase(base.getHost())
                && effectivePort(acct.port(), base.getScheme()) == effectivePort(base.getPort(), base.getScheme());
    }

    private static int effectivePort(int port, String scheme) {
        if (port != -1) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /**
     * The local actor behind an actor id ({@code /users/name}, {@code /actor}), a profile URL ({@code /@name}) or
     * the instance's base URL (the instance actor).
     */
    private Optional<Actor> findByUrl(URI url) {
        URI base = polity.uris().base();
        if (!base.getScheme().equalsIgnoreCase(url.getScheme()) || !base.getHost().equalsIgnoreCase(url.getHost())
                || effectivePort(url.getPort(), url.getScheme()) != effectivePort(base.getPort(), base.getScheme())
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            return Optional.empty();
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (!path.startsWith(basePath)) {
            return Optional.empty();
        }
        path = path.substring(basePath.length());
        // The server's own URL names the instance actor (FEP-d556, server-level actor discovery, draft).
        if (path.isEmpty() || path.equals("/") || path.equals("/actor")) {
            return findDiscoverable(ActorService.INSTANCE_ACTOR);
        }
        if (path.startsWith("/users/") && path.indexOf('/', 7) < 0) {
            return findDiscoverable(path.substring(7)).filter(a -> a.type() == ActorType.Person
                    || a.type() == ActorType.Group || org.polity.server.blog.BlogService.isOfficial(a));
        }
        if (path.startsWith("/groups/") && path.indexOf('/', 8) < 0) {
            return findDiscoverable(path.substring(8)).filter(a -> a.type() == ActorType.Group);
        }
        if (path.startsWith("/@") && path.indexOf('/', 2) < 0) {
            return findDiscoverable(path.substring(2)).filter(a -> a.type() == ActorType.Person);
        }
        return Optional.empty();
    }

    /**
     * A local actor that may be found by others: the instance actor, or a {@code Person} whose account is
     * active. Usernames are matched without regard to case.
     */
    private Optional<Actor> findDiscoverable(String username) {
        String name = username.toLowerCase(Locale.ROOT);
        if (!ActorService.USERNAME.matcher(name).matches()) {
            return Optional.empty();
        }
        if (name.equals(org.polity.server.blog.BlogService.OFFICIAL)) {
            // The official blog (a Service actor), made the first time anyone looks for it.
            return Optional.of(new org.polity.server.blog.BlogService(polity).officialActor());
        }
        Optional<Actor> actor = polity.actors().findLocal(name);
        if (actor.isEmpty()) {
            return Optional.empty();
        }
        if (isInstanceActor(actor.get())) {
            return actor;
        }
        if (actor.get().type() == ActorType.Person && activeAccount(actor.get()).isPresent()) {
            return actor;
        }
        if (actor.get().type() == ActorType.Group
                && polity.storage().stores().groups().findGroup(actor.get().id()).isPresent()) {
            return actor;
        }
        return Optional.empty();
    }

    private static boolean isInstanceActor(Actor actor) {
        return actor.type() == ActorType.Application && ActorService.INSTANCE_ACTOR.equals(actor.username());
    }

    private Optional<Account> activeAccount(Actor actor) {
        return polity.storage().stores().accounts().findAccountByActorId(actor.id()).filter(Account::isActive);
    }

    // --- Actors --------------------------------------------------------------------------------------------

    /**
     * A member's actor: ActivityStreams JSON when asked for {@code application/activity+json} or
     * {@code application/ld+json} (ActivityPub, section 3.2), the HTML profile page otherwise. The answer
     * depends on {@code Accept}, so it says {@code Vary: Accept} for caches.
     */
    private void actor(Context ctx) throws JsonProcessingException {
        ctx.header("Vary", "Accept");
        String name = ctx.pathParam("name");
        Optional<Actor> deleted = deletedLocal(name);
        if (deleted.isPresent()) {
            gone(ctx, deleted.get());
            return;
        }
        Actor actor = findDiscoverable(name).filter(a -> a.type() == ActorType.Person || a.type() == ActorType.Group
                        || org.polity.server.blog.BlogService.isOfficial(a))
                .orElseThrow(() -> new NotFound(Message.of("site.error.noMember")));
        if (org.polity.server.blog.BlogService.isOfficial(actor)) {
            // The official blog's actor: its document, or the blog for browsers.
            if (Negotiation.wantsActivityJson(ctx)) {
                writeActivityJson(ctx, toAp().serviceToAs(actor, polity.uris().url("/blog")));
            } else {
                ctx.redirect("/blog", HttpStatus.SEE_OTHER);
            }
            return;
        }
        if (actor.type() == ActorType.Group) {
            // A group (FEP-1b12): its document, or its page for browsers.
            if (Negotiation.wantsActivityJson(ctx)) {
                writeActivityJson(ctx, polity.federation().groups().setup().document(actor));
            } else {
                ctx.redirect(actor.profileUrl(), HttpStatus.SEE_OTHER);
            }
            return;
        }
        if (!actor.username().equals(name)) {
            // Usernames are lower-case; one address per actor, so other spellings move there.
            ctx.redirect(actor.uri(), HttpStatus.MOVED_PERMANENTLY);
            return;
        }
        Account account = activeAccount(actor).orElseThrow(() -> new NotFound(Message.of("svc.member.none")));
        if (Negotiation.wantsActivityJson(ctx)) {
            writeActivityJson(ctx, toAp().personToAs(actor, account));
            return;
        }
        Account.Profile profile = account.profile();
        Map<String, Object> params = new HashMap<>();
        params.put("actor", actor);
        params.put("profile", profile);
        params.put("handle", actor.username() + "@" + polity.uris().authority());
        params.put("countryName", countryName(profile.country(), web.messages(ctx).locale()));
        // Their posts that the reader may see (visitors: the public ones), newest first, paged.
        ObjectPages pages = new ObjectPages(web);
        Optional<Actor> viewer = pages.viewer(ctx);
        ObjectPages.PostsPage posts = pages.authorPosts(actor, viewer, FeedRoutes.longParam(ctx.queryParam("before")),
                web.messages(ctx), web.contentLanguages(ctx));
        params.put("posts", posts.posts());
        params.put("next", posts.nextBefore() == null ? null : "/users/" + actor.username() + "?before="
                + posts.nextBefore());
        if (viewer.isPresent()) {
            ctx.header("Cache-Control", "private, no-store");
        }
        web.render(ctx, "profile.jte", web.page(ctx, actor.displayName())
                .withFeed(actor.displayName(), AtomRoutes.personFeed(actor)), params);
    }

    /** {@code /@name}, the profile address Mastodon users know, leads to the actor (page or document). */
    private void profileRedirect(Context ctx) {
        Actor actor = findDiscoverable(ctx.pathParam("name")).filter(a -> a.type() == ActorType.Person)
                .orElseThrow(() -> new NotFound(Message.of("site.error.noMember")));
        ctx.header("Vary", "Accept");
        ctx.redirect(actor.uri(), HttpStatus.FOUND);
    }

    /** The instance actor (FEP-2677), always as ActivityStreams JSON: it has no page of its own. */
    private void instanceActor(Context ctx) throws JsonProcessingException {
        ctx.header("Vary", "Accept");
        Actor actor = findDiscoverable(ActorService.INSTANCE_ACTOR)
                .orElseThrow(() -> new NotFound(Message.of("svc.instanceActor.none")));
        writeActivityJson(ctx, toAp().instanceActorToAs(actor));
    }

    /**
     * Answers with the media type that was asked for: {@code application/activity+json} by default, or
     * {@code application/ld+json} with the ActivityStreams profile when the client asked for JSON-LD only.
     */
    /** A local actor whose account was deleted (V20), by username. */
    private Optional<Actor> deletedLocal(String username) {
        String name = username.toLowerCase(Locale.ROOT);
        if (!ActorService.USERNAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return polity.actors().findLocal(name)
                .filter(a -> polity.storage().stores().actors().findDeletedAt(a.id()).isPresent());
    }

    /** 410 Gone for a deleted actor: a Tombstone for servers (as Mastodon answers), a short page for browsers. */
    private void gone(Context ctx, Actor actor) throws JsonProcessingException {
        java.time.Instant at = polity.storage().stores().actors().findDeletedAt(actor.id()).orElse(null);
        ctx.status(410);
        if (Negotiation.wantsActivityJson(ctx)) {
            writeActivityJson(ctx, org.polity.server.activitypub.ObjectDeletion.tombstone(actor.uri(),
                    actor.type().name(), at));
            return;
        }
        web.render(ctx, 410, "accounts/gone.jte", web.pageTitled(ctx, "invitations.gone.title"),
                Map.of("handle", actor.acct()));
    }

    private void writeActivityJson(Context ctx, Object document) throws JsonProcessingException {
        String accept = ctx.header("Accept") == null ? "" : ctx.header("Accept").toLowerCase(Locale.ROOT);
        boolean ldOnly = accept.contains(ActivityStreams.LD_JSON) && !accept.contains(ActivityStreams.MEDIA_TYPE);
        ctx.contentType(ldOnly ? ActivityStreams.LD_JSON_PROFILE : ActivityStreams.MEDIA_TYPE)
                .result(json.writeValueAsBytes(document));
    }

    private static String countryName(String code, Locale language) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        String name = new Locale("", code).getDisplayCountry(language);
        return name.isEmpty() || name.equals(code) ? code : name;
    }

    // --- NodeInfo, host-meta, context ------------------------------------------------------------------------

    /**
     * The NodeInfo discovery document: a link to the 2.1 document, and the FEP-2677 link from the
     * ActivityStreams {@code Application} relation to the instance actor.
     */
    private void nodeInfoLinks(Context ctx) throws JsonProcessingException {
        Jrd links = new Jrd()
                .link(Jrd.Link.href(NodeInfo.REL_2_1, null, polity.uris().url("/nodeinfo/2.1")))
                .link(Jrd.Link.href(ActivityStreams.CONTEXT + "#Application", null, polity.uris().instanceActor()));
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType("application/json").result(json.writeValueAsBytes(links));
    }

    /**
     * NodeInfo 2.1. There are no posts in this version of Polity, so {@code localPosts} is honestly 0.
     * Active users are those who logged in or used an API token within 30 and 180 days.
     */
    private void nodeInfo(Context ctx) throws JsonProcessingException {
        var accounts = polity.storage().stores().accounts();
        Instant now = polity.clock().instant();
        ModelToAp.Usage usage = new ModelToAp.Usage(
                accounts.countByStatus(Account.Status.ACTIVE),
                accounts.countActiveSince(now.minus(MONTH)),
                accounts.countActiveSince(now.minus(HALF_YEAR)),
                0);
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType(NodeInfo.MEDIA_TYPE_2_1).result(json.writeValueAsBytes(toAp().instanceToNodeInfo(usage)));
    }

    private String webfingerTemplate() {
        return polity.uris().url(WebFinger.PATH) + "?resource={uri}";
    }

    /** RFC 6415 host-meta: an XRD whose {@code lrdd} template points at WebFinger (older clients start here). */
    private void hostMeta(Context ctx) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
                + "  <Link rel=\"" + WebFinger.REL_LRDD + "\" template=\"" + xmlAttribute(webfingerTemplate())
                + "\"/>\n"
                + "</XRD>\n";
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType(XRD_MEDIA_TYPE + "; charset=utf-8").result(xml);
    }

    /** The JSON form of host-meta (RFC 6415, appendix A). */
    private void hostMetaJson(Context ctx) throws JsonProcessingException {
        Jrd jrd = new Jrd().link(Jrd.Link.template(WebFinger.REL_LRDD, webfingerTemplate()));
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType("application/json").result(json.writeValueAsBytes(jrd));
    }

    /**
     * The Polity JSON-LD context. Its id is {@value ActivityStreams#POLITY_CONTEXT}, which every instance
     * preloads; this copy is for people and tools that want to read it.
     */
    private void polityContext(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.contentType(ActivityStreams.LD_JSON).result(Problems.utf8(polityContext));
    }

    private static String xmlAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
