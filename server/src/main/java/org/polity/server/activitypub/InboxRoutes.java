package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.proofs.ObjectProofs;
import org.polity.federation.resolve.ResolvedKey;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.signatures.SignatureVerifier;
import org.polity.federation.signatures.VerifiedSignature;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.limits.Limits;
import org.polity.server.model.Actor;
import org.polity.server.service.ActorService;
import org.polity.server.web.Problems;
import org.polity.server.web.RouteGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inboxes: each local actor's ({@code /users/{name}/inbox}), the instance actor's and the shared one
 * ({@code /inbox}). They answer fast (STYLE.md 7): parse within limits, verify the HTTP signature, check that
 * the signer is the actor and that the activity's id lives on the actor's host, store it once (a repeat of a
 * seen id is not stored again), answer 202, and leave the work to the {@link InboxWorker}.
 */
public final class InboxRoutes implements RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(InboxRoutes.class);
    static final Duration SIGNATURE_WINDOW = Duration.ofHours(1);
    static final int MAX_RECIPIENTS = 1000;

    private final Polity polity;
    private final ApReader reader = new ApReader();
    /**
     * The requests waiting to be checked, as the limit {@code inbox.deferred.max} reads them: counted in the database at
     * most once a second, plus what this node deferred since. Counting on every deferral cost a scan of the
     * waiting rows per request, quadratic in a burst (the largest cost under scripts/bench inbox); the limit is a
     * brake on a backlog, which a second's lag does not loosen.
     */
    private final java.util.concurrent.atomic.AtomicLong deferredWaiting = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong deferredCountedAt =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 2_000_000_000L);

    public InboxRoutes(Polity polity) {
        this.polity = polity;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/inbox", ctx -> receive(ctx, null));
        routes.post("/actor/inbox", ctx -> receive(ctx, ActorService.INSTANCE_ACTOR));
        routes.post("/users/{name}/inbox", ctx -> receive(ctx, ctx.pathParam("name")));
    }

    private void receive(Context ctx, String username) {
        // Per client address before any work: the body is not read, nothing is looked up or fetched.
        if (refused(ctx, Limits.Rule.INBOX_PER_IP, polity.limits().clientAddress(ctx))) {
            return;
        }
        Optional<Actor> recipient = Optional.empty();
        if (username != null) {
            recipient = polity.actors().findLocal(username.toLowerCase(Locale.ROOT));
            if (recipient.isEmpty()) {
                Problems.write(ctx, 404, "Not found", "There is no inbox at " + ctx.path() + ".");
                return;
            }
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!(type.startsWith("application/activity+json") || type.startsWith("application/ld+json")
                || type.startsWith("application/json"))) {
            Problems.write(ctx, 415, "Unsupported media type",
                    "Inboxes accept application/activity+json or application/ld+json.");
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        ObjectNode activity;
        try {
            activity = reader.parse(body);
        } catch (IllegalArgumentException e) { // InvalidApDocument included
            Problems.write(ctx, 400, "Invalid activity", e.getMessage());
            return;
        }
        String id = ApReader.idOf(activity.get("id"));
        String actorUri = ApReader.idOf(activity.get("actor"));
        JsonNode typeNode = activity.get("type");
        if (id == null || actorUri == null || typeNode == null) {
            Problems.write(ctx, 400, "Invalid activity", "An activity needs an id, a type and an actor.");
            return;
        }
        String activityType = typeNode.isArray() ? typeNode.path(0).asText() : typeNode.asText();
        URI idUri;
        URI actor;
        try {
            idUri = URI.create(id);
            actor = URI.create(actorUri);
        } catch (IllegalArgumentException e) {
            Problems.write(ctx, 400, "Invalid activity", "id and actor must be URLs.");
            return;
        }
        // Domain policy before anything is fetched or stored: the actor's host and the hosts of the key ids the
        // request claims (a relay's or a hub's included); a refused one is answered 403.
        Optional<String> refusedDomain = org.polity.server.domains.DomainGate.refusedParty(polity.domainPolicy(),
                actorUri, org.polity.server.domains.DomainGate.claimedKeyIds(
                        org.polity.server.domains.DomainGate.headers(ctx)));
        if (refusedDomain.isPresent()) {
            log.info("refused {} from {}: domain policy ({})", id, actorUri, refusedDomain.get());
            org.polity.server.domains.DomainGate.refuse(ctx, refusedDomain.get());
            return;
        }
        if (!sameOrigin(idUri, actor)) {
            Problems.write(ctx, 400, "Invalid activity", "The activity's id " + id
                    + " is not on its actor's host (" + actor.getHost() + ").");
            return;
        }
        if (polity.uris().isLocal(actorUri)) {
            Problems.write(ctx, 400, "Invalid activity", "Activities of this instance's actors are not accepted"
                    + " from outside.");
            return;
        }
        // A suspended actor's activities are dropped unread, with the 202 any activity gets: its server keeps no
        // retry queue for us and learns nothing (Mastodon drops a suspended account's activities the same way).
        if (polity.standings().suspendedUri(actorUri)) {
            log.info("dropped {} from {}: the actor is suspended here", id, actorUri);
            ctx.status(202);
            return;
        }
        // A Delete from an actor we have never seen is dropped without fetching anything: it is usually an
        // account deletion fanned out by its server to everyone, and its key is gone (Mastodon does the same).
        if ("Delete".equals(activityType) && polity.storage().stores().actors().findActorByUri(actorUri).isEmpty()) {
            log.debug("dropped {} from unknown actor {}", id, actorUri);
            ctx.status(202);
            return;
        }
        InboxAdmission.Received received = new InboxAdmission.Received(message(ctx, body), body, activity, id,
                activityType, actorUri, recipient, polity.clock().instant());
        var inbox = polity.storage().stores().inbox();
        // Nothing here waits on a remote server: every step runs without a fetch, and one that needs a fetch
        // defers the request to the inbox worker (InboxAdmission). What is stored here while earlier requests of
        // the same actor wait to be checked is processed after them (InboxStore#findDue).
        InboxAdmission.Result result = polity.federation().admission().admit(received, new FetchBudget(0), true);
        if (result instanceof InboxAdmission.Result.Refused refusal) {
            if (refusal.status() == 401) {
                log.info("refused inbox POST to {}: {}", ctx.path(), refusal.detail());
            } else if (refusal.status() == 429) {
                // At DEBUG: a client that keeps sending past its limit would otherwise write a log line per request.
                log.debug("refused inbox POST to {}: {}", ctx.path(), refusal.detail());
            }
            refusal.headers().forEach(ctx::header);
            Problems.write(ctx, refusal.status(), refusal.title(), refusal.detail());
            return;
        }
        if (result instanceof InboxAdmission.Result.Deferred || result instanceof InboxAdmission.Result.Retry) {
            if (deferredWaiting(inbox) >= polity.config().queues().deferredMax()) {
                ctx.header("Retry-After", "60");
                Problems.write(ctx, 503, "Busy", "Too many activities wait to be checked; retry in a minute.");
                return;
            }
            inbox.defer(id, actorUri, received.recipient().map(Actor::id).orElse(null),
                    requestJson(received.message()), body, received.receivedAt());
            deferredWaiting.incrementAndGet();
            polity.federation().inboxWorker().wake();
            log.debug("deferred {} from {}: {}", id, actorUri, result);
        }
        ctx.status(202);
    }

    /** See {@link #deferredWaiting}: one request a second counts again, the others read the last count. */
    private long deferredWaiting(org.polity.server.storage.InboxStore inbox) {
        long now = System.nanoTime();
        long last = deferredCountedAt.get();
        if (now - last > 1_000_000_000L && deferredCountedAt.compareAndSet(last, now)) {
            deferredWaiting.set(inbox.countDeferredWaiting());
        }
        return deferredWaiting.get();
    }

    /** The request line and headers of a deferred request, to check its signature later (inbox_deferred). */
    static String requestJson(HttpMessage message) {
        ObjectNode json = Publisher.JSON.createObjectNode();
        json.put("method", message.method());
        json.put("target", message.targetUri().toString());
        ObjectNode headers = json.putObject("headers");
        message.headers().forEach((name, values) -> {
            var array = headers.putArray(name);
            values.forEach(array::add);
        });
        return json.toString();
    }

    /** The request {@link #requestJson} kept, with its body. */
    static HttpMessage requestFrom(String json, byte[] body) {
        JsonNode node;
        try {
            node = Publisher.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable deferred request: " + e.getMessage(), e);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        node.path("headers").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            headers.put(e.getKey(), values);
        });
        return HttpMessage.request(node.path("method").asText(), URI.create(node.path("target").asText()), headers,
                body);
    }

    /** Counts the request against {@code rule}; when over it, answers 429 with Retry-After and returns true. */
    private boolean refused(Context ctx, Limits.Rule rule, String key) {
        OptionalLong wait = polity.limits().acquire(rule, key);
        if (wait.isEmpty()) {
            return false;
        }
        log.debug("refused inbox POST to {} ({} for {}): over {}", ctx.path(), rule.setting(), key,
                polity.config().limits().rate(rule));
        ctx.header("Retry-After", Long.toString(wait.getAsLong()));
        Problems.write(ctx, 429, "Too many requests", "Over the limit of " + polity.config().limits().rate(rule)
                + " (" + rule.setting() + "); retry after " + wait.getAsLong() + " seconds.");
        return true;
    }

    /** The request as the sender signed it: the URL is this instance's public URL, not the proxy's view. */
    private HttpMessage message(Context ctx, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : ctx.headerMap().keySet()) {
            headers.put(name, new ArrayList<>(ctx.req().getHeaders(name) == null ? List.of(ctx.header(name))
                    : java.util.Collections.list(ctx.req().getHeaders(name))));
        }
        String query = ctx.queryString();
        URI target = URI.create(polity.uris().base() + ctx.path() + (query == null ? "" : "?" + query));
        return HttpMessage.request(ctx.method().name(), target, headers, body);
    }

    /** The origin rule (scheme, host ignoring case, port with its default): {@link ObjectFetcher#sameOrigin}. */
    public static boolean sameOrigin(URI a, URI b) {
        return org.polity.federation.resolve.ObjectFetcher.sameOrigin(a, b);
    }

    static String authority(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }
}
