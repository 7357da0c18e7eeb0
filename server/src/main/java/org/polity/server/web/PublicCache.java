package org.polity.server.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polity.server.metrics.Metrics;
import org.polity.server.storage.Storage;

/**
 * A micro-cache of the public ActivityPub documents this node serves: an anonymous {@code GET} of an actor, an
 * object, a collection or a directory page as {@code application/activity+json} (or {@code ld+json}) is answered
 * from the same request's earlier answer for up to {@code public.cache.seconds} (2 by default). Other servers
 * fetch the same few documents over and over (an actor and its key after every post, a thread as it grows),
 * and a fresh answer costs several queries; Mastodon lets shared caches keep these documents for minutes
 * ({@code Cache-Control: public, max-age=180}); this keeps them seconds, and inside the process only.
 *
 * <p>When an answer is correct to reuse:
 * <ul>
 * <li>Only an anonymous request is cached or answered from the cache: one with a {@code Cookie},
 *     {@code Authorization}, {@code Signature} or {@code Signature-Input} header always reaches its route, since
 *     what it may see depends on who asks (followers-only objects, a signed fetch from a blocked domain, an
 *     owner's inbox).</li>
 * <li>Only a 200 answer with an ActivityStreams content type, no {@code Set-Cookie}, no {@code private} or
 *     {@code no-store}, and at most {@value #MAX_BODY} bytes is kept.</li>
 * <li>An entry is good while the storage's write generation ({@link Storage#writeGeneration}) is the one read
 *     before the route read the database: any write this node makes (a new reply, a profile edit, a suspension,
 *     a deletion, a domain block) drops every entry at once, so a node never serves what it has changed. A write
 *     made by another node sharing the database is seen after at most the configured seconds.</li>
 * <li>The key is the path, the query, {@code Accept} and {@code Accept-Language}; at most
 *     {@value #MAX_ENTRIES} entries, so varied keys only evict one another.</li>
 * </ul>
 * Hits, misses and evictions are in {@code /metrics} as {@code cache_gets_total{cache="public_documents"}}.
 */
public final class PublicCache {
    static final int MAX_BODY = 256 * 1024;
    static final int MAX_ENTRIES = 2_000;
    /** The paths whose anonymous JSON answers are cached: documents and collections, not the search or APIs. */
    private static final List<String> PREFIXES = List.of("/users/", "/objects/", "/activities/", "/groups/",
            "/challenges", "/case-studies", "/resources", "/blog");
    /** Response headers never stored with an entry (the server writes them for each answer). */
    private static final List<String> UNSTORED = List.of("date", "content-length", "transfer-encoding", "server",
            "connection");
    private static final String PENDING = "polity.publicCache.pending";

    record Entry(byte[] body, List<Map.Entry<String, String>> headers, long generation) {}

    private record Pending(String key, long generation, java.util.concurrent.CompletableFuture<Entry> leader) {}

    /** How long a request waits for the same request in flight before it reads the database itself. */
    static final Duration FOLLOW_WAIT = Duration.ofSeconds(2);

    private final Storage storage;
    private final Cache<String, Entry> entries;
    /**
     * The misses being answered now, by key: a request that misses while the same one is in flight waits for
     * that answer instead of reading the database too (as nginx's {@code proxy_cache_lock}), so an entry that
     * expires under 32 concurrent readers costs one reading, not 32.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Entry>>
            inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    private PublicCache(Storage storage, Duration ttl) {
        this.storage = storage;
        this.entries = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).recordStats().build();
    }

    /**
     * Installs the cache's before and after handlers on {@code routes} (nothing when {@code ttl} is zero). Call
     * it after the handlers every request must pass (security headers, the domain gate), before the routes.
     */
    public static void install(RoutesConfig routes, Storage storage, Duration ttl, Metrics metrics) {
        if (ttl.isZero()) {
            return;
        }
        PublicCache cache = new PublicCache(storage, ttl);
        metrics.monitor(cache.entries, "public_documents");
        routes.before(cache::answer);
        routes.after(cache::keep);
    }

    /** Answers from the cache, or marks the request so that {@link #keep} stores its answer. */
    void answer(Context ctx) {
        if (!cacheable(ctx)) {
            return;
        }
        String key = key(ctx);
        long generation = storage.writeGeneration();
        Entry entry = entries.getIfPresent(key);
        if (entry == null || entry.generation() != generation) {
            var leader = new java.util.concurrent.CompletableFuture<Entry>();
            var running = inFlight.putIfAbsent(key, leader);
            if (running == null) {
                ctx.attribute(PENDING, new Pending(key, generation, leader));
                return; // this request reads; keep() completes the others' wait
            }
            entry = follow(key, running);
            if (entry == null || entry.generation() != generation) {
                return; // not cacheable, too slow, or a write since: read the database like any request
            }
        }
        java.util.Set<String> set = new java.util.HashSet<>();
        for (Map.Entry<String, String> header : entry.headers()) {
            // The first value replaces what the earlier handlers wrote (the security headers), the others add.
            if (set.add(header.getKey())) {
                ctx.res().setHeader(header.getKey(), header.getValue());
            } else {
                ctx.res().addHeader(header.getKey(), header.getValue());
            }
        }
        ctx.status(200).result(entry.body());
        ctx.skipRemainingHandlers();
    }

    /** The answer of the same request in flight, or null when it is not kept or takes too long. */
    private Entry follow(String key, java.util.concurrent.CompletableFuture<Entry> running) {
        try {
            return running.get(FOLLOW_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // A reading that never ended (its answer was lost on the way): the next request reads anew.
            inFlight.remove(key, running);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Stores a cacheable answer to a request {@link #answer} marked. */
    void keep(Context ctx) throws IOException {
        Pending pending = ctx.attribute(PENDING);
        if (pending == null) {
            return;
        }
        Entry entry = null;
        try {
            entry = entry(ctx, pending);
            if (entry != null) {
                entries.put(pending.key(), entry);
            }
        } finally {
            inFlight.remove(pending.key(), pending.leader());
            pending.leader().complete(entry); // null: the waiting requests read for themselves
        }
    }

    /** The entry to keep of this answer, or null when it is not a plain public 200 of ActivityStreams JSON. */
    private Entry entry(Context ctx, Pending pending) throws IOException {
        if (ctx.statusCode() != 200 || ctx.res().containsHeader("Set-Cookie")) {
            return null;
        }
        String type = ctx.res().getContentType();
        String control = ctx.res().getHeader("Cache-Control");
        if (type == null || !(type.startsWith("application/activity+json") || type.startsWith("application/ld+json"))
                || control != null && (control.contains("private") || control.contains("no-store"))) {
            return null;
        }
        InputStream result = ctx.resultInputStream();
        if (!(result instanceof ByteArrayInputStream) || result.available() > MAX_BODY) {
            return null; // a streamed or large answer goes out as it is
        }
        byte[] body = result.readAllBytes();
        ctx.result(body); // the stream was read: give the response its bytes again
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : ctx.res().getHeaderNames()) {
            if (!UNSTORED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : ctx.res().getHeaders(name)) {
                    headers.add(Map.entry(name, value));
                }
            }
        }
        return new Entry(body, List.copyOf(headers), pending.generation());
    }

    private static boolean cacheable(Context ctx) {
        if (!"GET".equals(ctx.method().name()) || !Negotiation.wantsActivityJson(ctx)) {
            return false;
        }
        if (ctx.header("Cookie") != null || ctx.header("Authorization") != null || ctx.header("Signature") != null
                || ctx.header("Signature-Input") != null) {
            return false;
        }
        String path = ctx.path();
        for (String prefix : PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String key(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null ? "" : "?" + query) + "\n" + ctx.header("Accept") + "\n"
                + ctx.header("Accept-Language");
    }
}
