package org.polity.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.polity.federation.crypto.RsaKeys;
import org.polity.server.activitypub.Federation;
import org.polity.server.activitypub.InboxRoutes;
import org.polity.server.activitypub.OutboxRoutes;
import org.polity.server.config.PolityConfig;
import org.polity.server.crypto.KeyVault;
import org.polity.server.crypto.Secrets;
import org.polity.server.delivery.DeliveryWorker;
import org.polity.server.groups.GroupSetup;
import org.polity.server.service.ActorService;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;
import org.polity.server.storage.jdbi.JdbiStorage;
import org.polity.server.web.AccountRoutes;
import org.polity.server.web.AdminRoutes;
import org.polity.server.web.Csrf;
import org.polity.server.web.DirectoryRoutes;
import org.polity.server.web.DiscoveryRoutes;
import org.polity.server.web.FeedRoutes;
import org.polity.server.web.FollowRequestPages;
import org.polity.server.web.FollowRequestRoutes;
import org.polity.server.web.Negotiation;
import org.polity.server.web.NotificationRoutes;
import org.polity.server.web.Problems;
import org.polity.server.web.RouteGroup;
import org.polity.server.web.SiteRoutes;
import org.polity.server.web.Views;
import org.polity.server.web.Web;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one running instance from its configuration: storage, keys, services, the HTTP server. The
 * factory has no static state, so tests start several on port 0 in one JVM.
 */
public final class PolityServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolityServer.class);
    static final String CSRF_SECRET_SETTING = "csrf_secret";

    private final Polity polity;
    private final Javalin javalin;
    private volatile boolean ready;

    private PolityServer(Polity polity, Javalin javalin) {
        this.polity = polity;
        this.javalin = javalin;
    }

    /** Opens storage and keys, starts listening, binds the base URL and creates the instance actor. */
    public static PolityServer start(PolityConfig config) {
        long t0 = System.nanoTime();
        org.polity.server.metrics.LogFormat.apply(config.observability().logFormat());
        warmUpInBackground();
        // First start: the instance actor needs a 2048-bit RSA key pair, which takes 0.5 to 3 CPU-seconds.
        // Generate it on a second thread while this one opens storage and starts the HTTP server: from the
        // beginning when there is no H2 database file yet, else once storage shows there is no instance actor.
        // The country's network group (GroupSetup.ensureNetworkGroup) needs one too, made the same way.
        CompletableFuture<KeyPair> instanceKeys = null;
        CompletableFuture<KeyPair> networkKeys = null;
        if (config.dbUrl().isEmpty() && !Files.exists(JdbiStorage.h2File(config.dataDir()))) {
            instanceKeys = generateKeysInBackground();
            networkKeys = generateKeysInBackground();
        }
        JdbiStorage storage = JdbiStorage.open(config);
        if (instanceKeys == null
                && storage.stores().actors().findLocalActorByUsername(ActorService.INSTANCE_ACTOR).isEmpty()) {
            instanceKeys = generateKeysInBackground();
        }
        if (networkKeys == null
                && storage.stores().actors().findLocalActorByUsername(GroupSetup.NETWORK).isEmpty()) {
            networkKeys = generateKeysInBackground();
        }
        long tStorage = System.nanoTime();
        Polity polity;
        try {
            KeyVault vault = KeyVault.open(config.keysetJson(), config.keysetFile(), config.dataDir());
            polity = new Polity(config, storage, vault, Clock.systemUTC());
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        long tKeys = System.nanoTime();
        PolityServer[] holder = new PolityServer[1];
        boolean secureCookies = config.baseUrl().map(u -> "https".equals(u.getScheme())).orElse(false);
        Web web = new Web(polity, new Views(), new Csrf(csrfSecret(polity), secureCookies), secureCookies);
        List<RouteGroup> groups = new ArrayList<>();
        groups.add(new SiteRoutes(web, () -> holder[0] != null && holder[0].ready));
        groups.add(new AccountRoutes(web));
        groups.add(new AdminRoutes(web));
        groups.add(new org.polity.server.accounts.InvitationRoutes(web));
        groups.add(new org.polity.server.accounts.AccountDeletionRoutes(web));
        groups.add(new org.polity.server.audit.AuditRoutes(web));
        groups.add(new org.polity.server.metrics.MetricsRoutes(polity));
        groups.add(new org.polity.server.metrics.DeliveryQueueRoutes(web));
        groups.add(new org.polity.server.domains.DomainRoutes(web));
        groups.add(new org.polity.server.moderation.ModerationRoutes(web));
        groups.add(new org.polity.server.web.LanguageRoutes(web));
        groups.add(new DiscoveryRoutes(web));
        groups.add(new InboxRoutes(polity));
        groups.add(new OutboxRoutes(web));
        groups.add(new FollowRequestRoutes(web));
        groups.add(new FeedRoutes(web));
        groups.add(new org.polity.server.search.SearchRoutes(web));
        groups.add(new org.polity.server.web.ProfileRoutes(web));
        groups.add(new org.polity.server.blocks.BlockRoutes(web));
        groups.add(new NotificationRoutes(web));
        groups.add(new DirectoryRoutes(web));
        groups.add(new org.polity.server.blog.BlogRoutes(web));
        groups.add(new org.polity.server.resources.ResourceRoutes(web));
        // Before ChallengeRoutes: /challenges/{id} must not be asked for /challenges/responses/feed.atom.
        groups.add(new org.polity.server.web.AtomRoutes(web));
        groups.add(new org.polity.server.figures.FiguresRoutes(web));
        // After the Atom feeds: /case-studies/{id} must not take /case-studies/feed.atom.
        groups.add(new org.polity.server.casestudies.CaseStudyRoutes(web,
                new org.polity.server.casestudies.CaseStudyService(polity)));
        groups.add(new FollowRequestPages(web));
        groups.add(new org.polity.server.groups.GroupRoutes(web));
        groups.add(new org.polity.server.hub.HubRoutes(web));
        groups.add(new org.polity.server.challenges.ChallengeRoutes(web,
                new org.polity.server.challenges.ChallengeService(polity)));
        groups.add(new org.polity.server.knowledge.KnowledgeRoutes(web,
                new org.polity.server.knowledge.KnowledgeBase(polity)));
        Javalin javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            org.polity.server.resources.ResourceRoutes.configureMultipart(cfg.jetty.multipartConfig, config);
            cfg.router.ignoreTrailingSlashes = true;
            // 32 KiB of request line and headers (Jetty's default is 8): a search of 10,000 characters still
            // reaches the route, which answers 422 naming the limit, rather than a bare 414 from Jetty.
            cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(32 * 1024));
            // PUT, DELETE or PATCH on a page answers 405 with Allow, not 404 (RFC 9110 15.5.6).
            cfg.http.prefer405over404 = true;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/web/static";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            cfg.routes.before(ctx -> securityHeaders(ctx, secureCookies));
            // Every answered request, by route template (never the raw path: bounded labels) and status.
            cfg.requestLogger.http((ctx, ms) -> {
                var endpoint = ctx.endpoints().matchedHttpEndpoint();
                web.polity().metrics().request(ctx.method().name(),
                        endpoint == null ? org.polity.server.metrics.Metrics.UNMATCHED : endpoint.path,
                        ctx.statusCode(), (long) (ms * 1_000_000));
            });
            org.polity.server.domains.DomainGate.install(cfg.routes, polity.domainPolicy());
            org.polity.server.web.PublicCache.install(cfg.routes, polity.storage(),
                    config.caches().publicDocuments(), polity.metrics());
            // Only where a route will handle the request: a method no route takes gets its 405, not a CSRF 403.
            cfg.routes.beforeMatched(ctx -> csrfCheck(ctx, web));
            for (RouteGroup group : groups) {
                group.register(cfg.routes);
            }
            registerErrors(cfg.routes, web);
        });
        PolityServer server = new PolityServer(polity, javalin);
        holder[0] = server;
        try {
            long tRoutes = System.nanoTime();
            javalin.start(config.bind(), config.port());
            long tHttp = System.nanoTime();
            URI base = config.baseUrl().orElse(URI.create("http://localhost:" + javalin.port()));
            Bootstrap.bindBaseUrl(polity, base);
            CompletableFuture<KeyPair> keys = instanceKeys;
            Bootstrap.ensureInstanceActors(polity, keys == null ? RsaKeys::generate : keys::join);
            long tIdentity = System.nanoTime();
            Federation federation = new Federation(polity, Federation.options(polity),
                    DeliveryWorker.Settings.defaults().on(config.queues()), polity.clock());
            polity.attach(federation);
            CompletableFuture<KeyPair> groupKeys = networkKeys;
            federation.groups().setup().ensureNetworkGroup(groupKeys == null ? RsaKeys::generate : groupKeys::join);
            federation.start();
            server.ready = true;
            if (config.hubUrl().isPresent() && config.mode() != PolityConfig.Mode.HUB) {
                // Ask the hub to admit this instance, in the background: a hub that is down never delays start-up.
                Thread subscribe = new Thread(() -> new org.polity.server.hub.Hub(polity).subscribe(), "hub-subscribe");
                subscribe.setDaemon(true);
                subscribe.start();
            }
            long tReady = System.nanoTime();
            log.info("Polity {} ({}, {}) ready at {}", config.instanceName(), config.mode().wireName(),
                    config.country(), base);
            // Where start-up time goes, for operators and docs/BENCHMARKS.md (JVM start comes before this).
            log.info("started in {} ms: storage and migrations {}, key vault {}, routes {}, HTTP {}, identity {},"
                    + " federation {}", ms(t0, tReady), ms(t0, tStorage), ms(tStorage, tKeys), ms(tKeys, tRoutes),
                    ms(tRoutes, tHttp), ms(tHttp, tIdentity), ms(tIdentity, tReady));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Loads and initialises the web and JSON classes (Jetty, Javalin, Jackson, jte, OkHttp) on a second thread
     * while this one opens storage and runs migrations, so the two halves of start-up overlap on a multi-core
     * machine. Nothing it builds is kept; class initialisation is thread-safe, so either thread may get there
     * first.
     */
    private static void warmUpInBackground() {
        Thread thread = new Thread(() -> {
            try {
                Javalin.create(cfg -> cfg.routes.get("/", ctx -> ctx.result("")));
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"a\":[1]}");
                new Views();
                new okhttp3.OkHttpClient.Builder().build();
            } catch (Exception | LinkageError e) {
                log.debug("warm-up: {}", e.toString());
            }
        }, "polity-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static CompletableFuture<KeyPair> generateKeysInBackground() {
        return CompletableFuture.supplyAsync(RsaKeys::generate, task -> {
            Thread thread = new Thread(task, "polity-keygen");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** The instance's CSRF signing secret: made once, kept encrypted in the settings table. */
    private static byte[] csrfSecret(Polity polity) {
        String encrypted = polity.storage().stores().settings().insertIfAbsent(CSRF_SECRET_SETTING,
                polity.vault().encrypt(Secrets.newToken(), CSRF_SECRET_SETTING));
        return Base64.getUrlDecoder().decode(polity.vault().decrypt(encrypted, CSRF_SECRET_SETTING));
    }

    /**
     * On every response, pages, APIs, errors and files alike (SecurityHeadersTest checks each kind): no script
     * but our own, no framing, no MIME sniffing, no referrer to other sites, a window of its own
     * (Cross-Origin-Opener-Policy), none of the browser's powerful features, and, when the public URL is
     * https, HSTS for a year (OWASP Secure Headers Project's recommended set).
     */
    private static void securityHeaders(Context ctx, boolean https) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        if (https) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' https: data:; "
                + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'");
    }

    /**
     * Every state-changing request a browser could send cross-site must carry the CSRF token. Browsers can
     * send urlencoded, multipart and text/plain bodies cross-site without asking (CORS "simple" requests),
     * and Javalin reads form fields from any of them; so only JSON bodies are exempt, which a cross-site page
     * cannot send without a preflight and which are authenticated by HTTP signature or bearer token instead.
     */
    private static void csrfCheck(Context ctx, Web web) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String path = ctx.path();
        if (path.equals("/inbox") || path.endsWith("/inbox") || path.endsWith("/outbox")) {
            return; // ActivityPub endpoints: authenticated by HTTP signature or bearer token, never by cookie
        }
        if (path.equals(org.polity.server.knowledge.KnowledgeRoutes.SPARQL)) {
            // The SPARQL endpoint is read-only (updates are refused, SPARQL 1.1 Protocol 2.2 is not offered) and
            // answers the same to everyone: a forged cross-site POST can change nothing, and its answer is not
            // readable by the forging page beyond what a GET of the same query gives. Its clients (SPARQL tools
            // posting application/sparql-query or query= forms, 2.1.2 and 2.1.3) carry no CSRF token.
            return;
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        boolean json = type.startsWith("application/json") || type.startsWith("application/activity+json")
                || type.startsWith("application/ld+json") || type.startsWith("application/merge-patch+json");
        if (!json && !web.csrf().valid(ctx)) {
            throw new CsrfRejected();
        }
    }

    private static final class CsrfRejected extends RuntimeException {
        CsrfRejected() {
            super("The form has expired or did not come from this site. Go back, reload the page and try again.");
        }
    }

    private static void registerErrors(io.javalin.config.RoutesConfig routes, Web web) {
        // Services' messages: in English for API clients, in the reader's language on the HTML page.
        routes.exception(InvalidInput.class, (e, ctx) -> respond(ctx, web, 422, "Invalid input", e.getMessage(),
                e.errors(), m -> String.join(" ", m.errors(e).values()), m -> m.errors(e)));
        routes.exception(NotFound.class, (e, ctx) -> respond(ctx, web, 404, "Not found", e.getMessage(), Map.of(),
                m -> m.text(e), m -> Map.of()));
        routes.exception(Forbidden.class, (e, ctx) -> respond(ctx, web, 403, "Forbidden", e.getMessage(), Map.of(),
                m -> m.text(e), m -> Map.of()));
        routes.exception(CsrfRejected.class, (e, ctx) ->
                respond(ctx, web, 403, "Form expired", e.getMessage(), Map.of()));
        routes.exception(org.polity.server.limits.RateLimited.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            respond(ctx, web, 429, "Too many requests", e.getMessage(), Map.of(),
                    e::localized, m -> Map.of());
        });
        routes.exception(Web.LoginRequired.class, (e, ctx) ->
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(e.returnTo(),
                        java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER));
        routes.exception(io.javalin.http.NotFoundResponse.class, (e, ctx) ->
                respond(ctx, web, 404, "Not found", "There is nothing at " + ctx.path() + ".", Map.of()));
        routes.exception(io.javalin.http.MethodNotAllowedResponse.class, (e, ctx) -> {
            String allow = e.getDetails().values().stream().flatMap(v -> java.util.Arrays.stream(v.split("[,\\s]+")))
                    .filter(v -> !v.isBlank()).map(v -> v.toUpperCase(java.util.Locale.ROOT)).distinct()
                    .collect(java.util.stream.Collectors.joining(", "));
            ctx.header("Allow", allow);
            respond(ctx, web, 405, "Method not allowed",
                    web.messages(ctx).t("site.error.methodNotAllowed", ctx.method().name(), allow), Map.of());
        });
        routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) ->
                respond(ctx, web, e.getStatus(), HttpStatus.forStatus(e.getStatus()).getMessage(), e.getMessage(),
                        Map.of()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            respond(ctx, web, 500, "Internal error", "Something went wrong on our side. It has been logged.",
                    Map.of());
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                respond(ctx, web, 404, "Not found", "There is nothing at " + ctx.path() + ".", Map.of());
            }
        });
    }

    /** Problem details for API clients, an HTML page for browsers (fixed English sentences translated). */
    @SuppressWarnings("deprecation")
    static void respond(Context ctx, Web web, int status, String title, String detail, Map<String, String> errors) {
        String nothingAt = "There is nothing at " + ctx.path() + ".";
        respond(ctx, web, status, title, detail, errors,
                m -> nothingAt.equals(detail) ? m.t("site.error.nothingAt", ctx.path())
                        : detail == null ? "" : m.fromEnglish(detail),
                m -> m.fromEnglish(errors));
    }

    /**
     * Problem details for API clients ({@code detail} and {@code errors} in English), an HTML page for browsers
     * with the detail and errors in the reader's language.
     */
    @SuppressWarnings("deprecation")
    static void respond(Context ctx, Web web, int status, String title, String detail, Map<String, String> errors,
            java.util.function.Function<org.polity.server.web.Messages, String> localDetail,
            java.util.function.Function<org.polity.server.web.Messages, Map<String, String>> localErrors) {
        if (Negotiation.wantsJson(ctx)) {
            Problems.write(ctx, status, title, detail, errors);
        } else {
            org.polity.server.web.Messages m = web.messages(ctx);
            String pageTitle = m.fromEnglish(title);
            if (pageTitle.equals(title) && m.has("site.error." + status)) {
                pageTitle = m.t("site.error." + status);
            }
            String pageDetail = localDetail.apply(m);
            web.render(ctx, status, "error.jte", web.page(ctx, pageTitle),
                    Map.of("status", status, "title", pageTitle, "detail", pageDetail == null ? "" : pageDetail,
                            "errors", localErrors.apply(m)));
        }
    }

    public Polity polity() {
        return polity;
    }

    public int port() {
        return javalin.port();
    }

    public URI baseUrl() {
        return polity.uris().base();
    }

    public boolean ready() {
        return ready;
    }

    @Override
    public void close() {
        ready = false;
        try {
            // Stop sending before we stop answering: a receiver checks each delivery by fetching our actor and its
            // keys from us, so a delivery still in flight once our HTTP server is down fails there (401) and is
            // put back by a minute or more. Stopped first, the worker leaves what it had not sent pending, and the
            // next start sends it at once. (Federation#close stops it again, harmlessly.)
            org.polity.server.activitypub.Federation federation = polity.federationIfStarted();
            if (federation != null) {
                federation.deliveries().close();
            }
            javalin.stop();
        } finally {
            polity.close();
            log.info("Polity {} stopped", polity.config().instanceName());
        }
    }
}
