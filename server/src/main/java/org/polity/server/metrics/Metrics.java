package org.polity.server.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.polity.server.storage.DeliveryStore;
import org.polity.server.storage.Storage;

/**
 * The server's Prometheus metrics (docs/operations.md, "Metrics and logs"), read at {@code GET /metrics}:
 * requests by route template and status, inbox outcomes and signature styles, queue depths and ages, deliveries
 * per host and result, cache hit rates and the JVM's own. Names follow Micrometer's conventions, which the
 * Prometheus registry turns into {@code snake_case} with unit suffixes ({@code http_server_requests_seconds}).
 *
 * <p>Every label has a bounded set of values: routes are the registered templates ({@code /users/{name}/inbox},
 * never the path asked for), statuses are numbers, hosts are the servers we deliver to (the federation's size).
 * Queue gauges read the database at most once per {@link #QUEUE_READ_EVERY}, however often they are scraped.
 */
public final class Metrics {
    static final Duration QUEUE_READ_EVERY = Duration.ofSeconds(10);
    /** The route label of a request that matched no route (a 404 for an unknown path, say). */
    public static final String UNMATCHED = "unmatched";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;

    public Metrics(Storage storage, Clock clock) {
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Cached<DeliveryStore.Depth> deliveries = new Cached<>(() -> storage.stores().deliveries().pendingDepth());
        Cached<DeliveryStore.Depth> inbox = new Cached<>(() -> storage.stores().inbox().queuedDepth());
        Gauge.builder("polity.deliveries.pending", deliveries, c -> c.get().pending())
                .description("Deliveries waiting for their next attempt").register(registry);
        Gauge.builder("polity.deliveries.oldest.age", deliveries, c -> age(c.get()))
                .description("How long the oldest waiting delivery has waited").baseUnit("seconds").register(registry);
        Gauge.builder("polity.inbox.queued", inbox, c -> c.get().pending())
                .description("Received activities waiting to be processed").register(registry);
        Gauge.builder("polity.inbox.oldest.age", inbox, c -> age(c.get()))
                .description("How long the oldest waiting activity has waited").baseUnit("seconds").register(registry);
        Cached<Long> deferred = new Cached<>(() -> storage.stores().inbox().countDeferredWaiting());
        Gauge.builder("polity.inbox.deferred", deferred, Cached::get)
                .description("Inbox requests waiting to be checked off the request thread (a key to fetch first)")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The metrics in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** One answered request: its method, route template (or {@link #UNMATCHED}), status and duration. */
    public void request(String method, String route, int status, long nanos) {
        // One timer per (method, route template, status), built once: the registry's lookup by a freshly built
        // id on every request cost more than the recording. Routes are templates, so the keys are few.
        timers.computeIfAbsent(method + ' ' + status + ' ' + route, k -> Timer.builder("http.server.requests")
                .description("HTTP requests answered")
                .tag("method", method).tag("route", route).tag("status", String.valueOf(status))
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private final java.util.concurrent.ConcurrentMap<String, Timer> timers =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A received activity was processed with this outcome (PROCESSED, IGNORED, REJECTED, UNSUPPORTED, ...). */
    public void inboxOutcome(String outcome) {
        counter("polity.inbox.outcomes", "Received activities by how their processing ended", "outcome",
                outcome.toLowerCase(Locale.ROOT)).increment();
    }

    /** An inbox POST whose signature verified, by scheme (rfc9421 or cavage). */
    public void signature(String scheme) {
        counter("polity.inbox.signatures", "Inbox POSTs whose HTTP signature verified, by scheme", "scheme",
                scheme.toLowerCase(Locale.ROOT)).increment();
    }

    private final java.util.concurrent.ConcurrentMap<String, Counter> counters =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A counter with one tag, built once (these are counted on every inbox POST). */
    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + '\n' + value, k -> Counter.builder(name).description(description)
                .tag(tag, value).register(registry));
    }

    /** One delivery attempt to {@code host}: delivered (2xx) or failed (anything else), with the status class. */
    public void delivery(String host, int status) {
        String result = status >= 200 && status < 300 ? "delivered" : "failed";
        String statusClass = status <= 0 ? "none" : (status / 100) + "xx";
        Counter.builder("polity.deliveries").description("Delivery attempts per remote host and result")
                .tag("host", host).tag("result", result).tag("status", statusClass).register(registry).increment();
    }

    /** The hourly pruning deleted {@code rows} old finished rows of {@code table} (deliveries, inbox_items, ...). */
    public void pruned(String table, long rows) {
        Counter.builder("polity.queue.pruned").description("Finished queue rows deleted by the retention pruning")
                .tag("table", table).register(registry).increment(rows);
    }

    /** Reports a Caffeine cache's hits, misses, evictions and size (the cache must record its statistics). */
    public void monitor(Cache<?, ?> cache, String name) {
        CaffeineCacheMetrics.monitor(registry, cache, name);
    }

    private double age(DeliveryStore.Depth depth) {
        return depth.oldestQueuedAt() == null ? 0
                : Math.max(0, Duration.between(depth.oldestQueuedAt(), clock.instant()).toMillis() / 1000.0);
    }

    /** A database reading kept for {@link #QUEUE_READ_EVERY}, so that scrapes cost the database nothing more. */
    private final class Cached<T> {
        private final Supplier<T> read;
        private T value;
        private Instant readAt = Instant.MIN;

        Cached(Supplier<T> read) {
            this.read = read;
        }

        synchronized T get() {
            Instant now = clock.instant();
            if (value == null || Duration.between(readAt, now).compareTo(QUEUE_READ_EVERY) >= 0) {
                value = read.get();
                readAt = now;
            }
            return value;
        }
    }
}
