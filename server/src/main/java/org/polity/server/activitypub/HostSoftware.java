package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchResponse;
import org.polity.server.Polity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What software each remote host runs, from its NodeInfo ({@code /.well-known/nodeinfo}, then the 2.x document
 * it links to), learnt in the background the first time a host joins one of our groups and kept in
 * {@code hosts.software}. Groups use it the way Lemmy does: servers that read FEP-1b12's announced activities
 * (Polity, Lemmy, Mbin, PieFed, ...) do not need the extra by-id {@code Announce} sent for Mastodon.
 */
public final class HostSoftware implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostSoftware.class);
    /** Software known to read a group's {@code Announce} of a {@code Create} (FEP-1b12). */
    public static final Set<String> READS_GROUP_ANNOUNCES = Set.of("polity", "lemmy", "mbin", "kbin", "piefed",
            "nodebb", "discourse", "lotide", "sublinks");
    static final int MAX_NODEINFO_BYTES = 256 * 1024;

    private final Polity polity;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1_000), r -> {
                Thread t = new Thread(r, "polity-nodeinfo");
                t.setDaemon(true);
                return t;
            });

    public HostSoftware(Polity polity) {
        this.polity = polity;
    }

    /** The software of the host of {@code actorUri}, when learnt. */
    public Optional<String> of(String host) {
        return polity.storage().stores().hosts().findSoftware(host);
    }

    /** Whether a host is known to read FEP-1b12 announces (unknown hosts are not). */
    public boolean readsGroupAnnounces(String host) {
        return of(host).map(READS_GROUP_ANNOUNCES::contains).orElse(false);
    }

    /** Learns the software of the host of {@code actorUri} in the background, once. */
    public void learn(String actorUri) {
        URI actor;
        try {
            actor = URI.create(actorUri);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (actor.getHost() == null) {
            return;
        }
        String host = authority(actor);
        if (of(host).isPresent() || !inFlight.add(host)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    String software = fetch(actor);
                    polity.storage().stores().hosts().recordSoftware(host, software);
                    log.info("{} runs {}", host, software);
                } catch (Exception e) {
                    log.info("could not read the NodeInfo of {}: {}", host, e.getMessage());
                    polity.storage().stores().hosts().recordSoftware(host, "unknown");
                } finally {
                    inFlight.remove(host);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(host);
        }
    }

    /** NodeInfo discovery (nodeinfo.diaspora.software protocol): the links document, then the 2.x document. */
    String fetch(URI actor) throws Exception {
        URI base = URI.create(actor.getScheme() + "://" + actor.getRawAuthority());
        FetchBudget budget = new FetchBudget(3);
        JsonNode links = json(polity.federation().http().get(base.resolve("/.well-known/nodeinfo"),
                "application/json", null, budget));
        String href = null;
        for (JsonNode link : links.path("links")) {
            String rel = link.path("rel").asText("");
            if (rel.startsWith("http://nodeinfo.diaspora.software/ns/schema/2.")) {
                href = link.path("href").asText(null);
            }
        }
        if (href == null) {
            return "unknown";
        }
        URI doc = base.resolve(href);
        if (!authority(doc).equals(authority(actor))) {
            return "unknown"; // another host's document says nothing about this one
        }
        String name = json(polity.federation().http().get(doc, "application/json", null, budget))
                .path("software").path("name").asText("").strip().toLowerCase(Locale.ROOT);
        return name.isEmpty() || name.length() > 64 || !name.matches("[a-z0-9._-]+") ? "unknown" : name;
    }

    private static JsonNode json(FetchResponse response) throws java.io.IOException {
        if (response.body().length > MAX_NODEINFO_BYTES) {
            throw new java.io.IOException("NodeInfo document too large");
        }
        return Publisher.JSON.readTree(response.body());
    }

    /** {@code host} or {@code host:port}, as hosts are keyed. */
    public static String authority(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
