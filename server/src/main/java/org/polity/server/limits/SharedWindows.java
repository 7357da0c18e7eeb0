package org.polity.server.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.polity.server.storage.RateCountStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate-limit windows that the nodes of one instance share through the database (several nodes on one
 * PostgreSQL database: docs/operations.md, Several nodes). A request is decided in memory, at once: allowed
 * while what all nodes had counted at the last exchange plus what this node counted since stays under the
 * limit. About once a second a background thread adds this node's new counts to the shared rows and reads back
 * the totals. So a limit holds for the instance within what the other nodes count in about a second, and a
 * request never waits on the database for it. Windows are aligned to the epoch (a one-minute window starts on
 * the minute), so every node counts into the same window.
 */
public final class SharedWindows implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedWindows.class);
    static final Duration EXCHANGE_EVERY = Duration.ofSeconds(1);

    private final RateCountStore store;
    private final Clock clock;
    /** scope + key → this node's view of the key's current window. */
    private final ConcurrentMap<String, View> views = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private Instant lastPrune = Instant.EPOCH;

    /** The shared total at the last exchange, and this node's hits since (not yet added to it). */
    record View(String scope, String key, Instant start, Instant end, long shared, long unsent) {}

    public SharedWindows(RateCountStore store, Clock clock) {
        this(store, clock, true);
    }

    /** {@code background}: exchange once a second on a thread of its own (tests call {@link #exchange}). */
    SharedWindows(RateCountStore store, Clock clock, boolean background) {
        this.store = store;
        this.clock = clock;
        this.thread = new Thread(this::loop, "polity-rate-exchange");
        this.thread.setDaemon(true);
        if (background) {
            this.thread.start();
        }
    }

    /** The window of {@code period} that {@code now} falls in, aligned to the epoch. */
    static Instant windowStart(Instant now, Duration period) {
        long p = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), p) * p);
    }

    /**
     * Counts one hit of {@code key} in {@code scope}: empty when allowed, else the seconds until the window ends
     * (the hit is then not counted).
     */
    java.util.OptionalLong acquire(String scope, String key, Rate rate) {
        Instant now = clock.instant();
        Instant start = windowStart(now, rate.period());
        Instant end = start.plus(rate.period());
        boolean[] refused = new boolean[1];
        views.compute(scope + '\n' + key, (k, v) -> {
            View current = v == null || !v.start().equals(start) ? new View(scope, key, start, end, 0, 0) : v;
            if (current.shared() + current.unsent() >= rate.requests()) {
                refused[0] = true;
                return current;
            }
            return new View(scope, key, start, end, current.shared(), current.unsent() + 1);
        });
        if (!refused[0]) {
            return java.util.OptionalLong.empty();
        }
        long millis = Duration.between(now, end).toMillis();
        return java.util.OptionalLong.of(Math.max(1, (millis + 999) / 1000));
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(EXCHANGE_EVERY.toMillis());
                exchange();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("rate-limit counts not exchanged (limits hold per node until the next try): {}",
                        e.toString());
            }
        }
    }

    /** Adds this node's unsent hits to the shared counts and learns the totals; forgets ended windows. */
    void exchange() {
        Instant now = clock.instant();
        List<String> keys = new ArrayList<>();
        List<RateCountStore.Delta> deltas = new ArrayList<>();
        for (var e : views.entrySet()) {
            View v = e.getValue();
            if (!v.end().isAfter(now)) {
                views.remove(e.getKey(), v);
            } else if (v.unsent() > 0) {
                keys.add(e.getKey());
                deltas.add(new RateCountStore.Delta(v.scope(), v.key(), v.start(), v.end(), v.unsent()));
            }
        }
        List<Long> totals = store.add(deltas);
        for (int i = 0; i < keys.size(); i++) {
            RateCountStore.Delta d = deltas.get(i);
            long total = totals.get(i);
            views.computeIfPresent(keys.get(i), (k, v) -> v.start().equals(d.windowStart())
                    ? new View(v.scope(), v.key(), v.start(), v.end(), total, v.unsent() - d.hits()) : v);
        }
        // The keys this node counted nothing for since: learn what the other nodes counted, a query per window.
        java.util.Set<String> sent = new java.util.HashSet<>(keys);
        java.util.Map<String, List<View>> quiet = new java.util.HashMap<>();
        for (var e : views.entrySet()) {
            View v = e.getValue();
            if (!sent.contains(e.getKey()) && v.end().isAfter(now)) {
                quiet.computeIfAbsent(v.scope() + '\n' + v.start(), g -> new ArrayList<>()).add(v);
            }
        }
        for (List<View> group : quiet.values()) {
            View first = group.get(0);
            java.util.Map<String, Long> known = store.totals(first.scope(), first.start(),
                    group.stream().map(View::key).toList());
            for (View v : group) {
                Long total = known.get(v.key());
                if (total != null) {
                    views.computeIfPresent(v.scope() + '\n' + v.key(), (k, cur) -> cur.start().equals(v.start())
                            ? new View(cur.scope(), cur.key(), cur.start(), cur.end(), Math.max(cur.shared(), total),
                                    cur.unsent()) : cur);
                }
            }
        }
        if (Duration.between(lastPrune, now).toMinutes() >= 1) {
            lastPrune = now;
            store.pruneEnded(now);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
            exchange(); // what this node counted last still counts for the others
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("last rate-limit exchange failed: {}", e.toString());
        }
    }
}
