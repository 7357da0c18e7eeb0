package org.polity.server.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.polity.server.metrics.Metrics;
import org.polity.server.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention of the queues (docs/operations.md, Retention): once an hour, on every node, deletes the finished
 * rows older than {@code queue.retention.days}: delivered or failed deliveries, received activities processed
 * (DONE or FAILED) that no owner's inbox shows, and deferred inbox requests that were checked. Pending rows are
 * never touched, nor what outlives them (who holds a copy, the inbox index and the items it names). Rows go in
 * batches of {@link #BATCH} with a pause between, so a large backlog never holds long locks; two nodes pruning
 * at once lock different rows ({@code SKIP LOCKED}) and each deletes what it locked.
 */
public final class QueuePruner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueuePruner.class);
    /** Rows per DELETE statement. */
    public static final int BATCH = 1_000;
    static final Duration PAUSE = Duration.ofMillis(200);
    static final Duration EVERY = Duration.ofHours(1);

    private final Storage storage;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running = true;

    public QueuePruner(Storage storage, Metrics metrics, Clock clock, Duration retention) {
        this.storage = storage;
        this.metrics = metrics;
        this.clock = clock;
        this.retention = retention;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "polity-queue-pruner");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the hourly schedule. The first run comes a few minutes after start-up, at a random point, so the
     * nodes of one installation started together do not prune at the same moment (they would be safe if they did).
     */
    public void start() {
        long first = ThreadLocalRandom.current().nextLong(60, 600);
        scheduler.scheduleWithFixedDelay(this::runScheduled, first, EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    private void runScheduled() {
        try {
            pruneOlderThan(clock.instant().minus(retention));
        } catch (RuntimeException e) {
            log.warn("queue pruning failed (it runs again in an hour): {}", e.toString());
        }
    }

    /** One run with the configured retention: what it deleted, by table. */
    public Map<String, Integer> pruneNow() {
        return pruneOlderThan(clock.instant().minus(retention));
    }

    /** Deletes every finished row older than {@code cutoff}, batch by batch; returns how many went, by table. */
    public Map<String, Integer> pruneOlderThan(Instant cutoff) {
        Map<String, Integer> removed = new LinkedHashMap<>();
        removed.put("deliveries", drain("deliveries", n -> storage.stores().deliveries().pruneFinished(cutoff, n)));
        removed.put("inbox_items", drain("inbox_items", n -> storage.stores().inbox().pruneFinished(cutoff, n)));
        removed.put("inbox_deferred", drain("inbox_deferred", n -> storage.stores().inbox().pruneDeferred(cutoff, n)));
        log.info("queue pruning: removed {} deliveries, {} received activities, {} deferred requests finished before {}",
                removed.get("deliveries"), removed.get("inbox_items"), removed.get("inbox_deferred"), cutoff);
        return removed;
    }

    private int drain(String table, IntUnaryOperator batch) {
        int total = 0;
        while (running) {
            int n = batch.applyAsInt(BATCH);
            total += n;
            if (n > 0) {
                metrics.pruned(table, n);
            }
            if (n < BATCH) {
                break;
            }
            try {
                Thread.sleep(PAUSE.toMillis()); // let the queues' own work through between batches
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return total;
    }

    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
    }
}
