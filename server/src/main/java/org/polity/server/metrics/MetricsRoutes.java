package org.polity.server.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.config.ObservabilityConfig;
import org.polity.server.limits.AddressRange;
import org.polity.server.web.Problems;
import org.polity.server.web.RouteGroup;

/**
 * {@code GET /metrics}: the Prometheus text format, for the client addresses in {@code metrics.allow} (loopback by
 * default; read through {@code trusted.proxies} like the rate limits) and for any client presenting
 * {@code Authorization: Bearer <metrics.token>}. Anyone else gets 403 problem details. With
 * {@code metrics.enabled=false} the route does not exist (404).
 */
public final class MetricsRoutes implements RouteGroup {
    /** Prometheus' text exposition format, version 0.0.4 (what every Prometheus server reads). */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Polity polity;
    private final ObservabilityConfig config;

    public MetricsRoutes(Polity polity) {
        this.polity = polity;
        this.config = polity.config().observability();
    }

    @Override
    public void register(RoutesConfig routes) {
        if (config.metricsEnabled()) {
            routes.get("/metrics", this::metrics);
        }
    }

    private void metrics(Context ctx) {
        if (!allowed(ctx)) {
            Problems.write(ctx, 403, "Metrics are not public",
                    "Read them from an address in metrics.allow, or with the bearer token in metrics.token.");
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(CONTENT_TYPE);
        ctx.result(polity.metrics().scrape());
    }

    private boolean allowed(Context ctx) {
        Optional<String> token = config.metricsToken();
        String auth = ctx.header("Authorization");
        if (token.isPresent() && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // Compared in constant time: a scraper's token is a password.
            return MessageDigest.isEqual(token.get().getBytes(StandardCharsets.UTF_8),
                    auth.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        }
        Optional<java.net.InetAddress> client = AddressRange.literal(polity.limits().clientAddress(ctx));
        return client.isPresent() && config.metricsAllow().stream().anyMatch(r -> r.contains(client.get()));
    }
}
