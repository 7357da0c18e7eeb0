package org.polity.server.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.polity.server.model.Delivery;
import org.polity.server.model.StoredActivity;
import org.polity.server.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the durable delivery queue (the {@code deliveries} table): claims due deliveries in the database for
 * a lease (several nodes share the queue; none posts what another claimed), posts them signed, and records
 * the outcome. Nothing lives only in memory: a delivery is marked done after the inbox answered
 * 2xx, so a crash or restart re-sends at most the deliveries in flight, and receivers drop the repeat by
 * activity id.
 *
 * <p>Isolation between hosts: at most {@code perHostConcurrency} posts to one host at a time; each poll takes
 * at most that many due deliveries per host; a host that fails {@code breakerThreshold} times in a row opens
 * its circuit breaker, which postpones its queue instead of spending workers on it. So one dead host never
 * slows the others. A host failing for seven days is marked unavailable (skipped) until it contacts us.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    static final Duration UNAVAILABLE_AFTER = Duration.ofDays(7);

    /**
     * Tuning; the defaults suit a national instance. {@code node} names this process in its claims, and a claim
     * lasts {@code lease}: longer than any one post takes (its call timeout), so only a dead node's claims run out.
     */
    public record Settings(int threads, int perHostConcurrency, int batch, Duration pollInterval,
            int breakerThreshold, Duration breakerCooldown, String node, Duration lease) {
        public Settings(int threads, int perHostConcurrency, int batch, Duration pollInterval, int breakerThreshold,
                Duration breakerCooldown) {
            this(threads, perHostConcurrency, batch, pollInterval, breakerThreshold, breakerCooldown,
                    org.polity.server.config.QueueConfig.defaultNodeId(), Duration.ofMinutes(5));
        }

        public static Settings defaults() {
            return new Settings(8, 2, 200, Duration.ofSeconds(1), 5, Duration.ofMinutes(2));
        }

        /** These settings for a node of {@code queues}. */
        public Settings on(org.polity.server.config.QueueConfig queues) {
            return new Settings(threads, perHostConcurrency, batch, pollInterval, breakerThreshold, breakerCooldown,
                    queues.nodeId(), queues.lease());
        }
    }

    /** The signing key of the actor that performed an activity. */
    public interface Keys {
        String keyId(long actorId);

        PrivateKey privateKey(long actorId);
    }

    private final Storage storage;
    private final InboxPoster poster;
    private final Keys keys;
    private final java.time.Clock clock;
    private final Settings settings;
    private final ExecutorService posts;
    private final Thread poller;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<String, Semaphore> hostPermits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> consecutiveFailures = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private volatile boolean running = true;
    private Instant lastHostSweep = Instant.EPOCH;

    public DeliveryWorker(Storage storage, InboxPoster poster, Keys keys, java.time.Clock clock, Settings settings) {
        this.storage = storage;
        this.poster = poster;
        this.keys = keys;
        this.clock = clock;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.posts = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "polity-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.poller = new Thread(this::pollLoop, "polity-delivery-poller");
        this.poller.setDaemon(true);
    }

    public void start() {
        // A node restarted under the same name takes back at once what it had claimed when it died; on H2, the
        // only server on its database, whatever any earlier process of it had claimed.
        storage.stores().deliveries().releaseClaims("h2".equals(storage.engine()) ? null : settings.node(),
                clock.instant());
        poller.start();
    }

    /** Asks the poller to look at the queue now (after new deliveries were queued). */
    public void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void pollLoop() {
        while (running) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                log.warn("delivery poll failed: {}", e.toString());
            }
            synchronized (wakeUp) {
                try {
                    wakeUp.wait(settings.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether no post is in flight (tests wait for it). */
    boolean idle() {
        return inFlight.isEmpty();
    }

    /** One pass over the queue: visible for tests. */
    void pollOnce() {
        Instant now = clock.instant();
        if (Duration.between(lastHostSweep, now).toMinutes() >= 1) {
            lastHostSweep = now;
            int marked = storage.stores().hosts().markUnavailableFailingSince(now.minus(UNAVAILABLE_AFTER));
            if (marked > 0) {
                log.warn("{} host(s) failing for {} days marked unavailable", marked, UNAVAILABLE_AFTER.toDays());
            }
        }
        List<Delivery> due = storage.stores().deliveries().findDue(now, settings.perHostConcurrency(),
                settings.batch());
        // This node's share first: what fits its free per-host slots. Then the claim in the database, which
        // another node's claim of the same rows loses or wins as a whole row at a time; ours are posted.
        List<Delivery> wanted = new java.util.ArrayList<>();
        Map<Long, Semaphore> held = new java.util.HashMap<>();
        for (Delivery delivery : due) {
            if (inFlight.contains(delivery.id())) {
                continue;
            }
            Semaphore permits = hostPermits.computeIfAbsent(delivery.host(),
                    h -> new Semaphore(settings.perHostConcurrency()));
            if (!permits.tryAcquire()) {
                continue; // this host is busy; its turn comes at the next poll
            }
            wanted.add(delivery);
            held.put(delivery.id(), permits);
        }
        List<Delivery> claimed;
        try {
            claimed = wanted.isEmpty() ? List.of() : storage.stores().deliveries().claim(wanted, settings.node(),
                    now, now.plus(settings.lease()));
        } catch (RuntimeException e) {
            held.values().forEach(Semaphore::release);
            throw e;
        }
        Set<Long> mine = new java.util.HashSet<>();
        claimed.forEach(d -> mine.add(d.id()));
        for (Delivery delivery : wanted) {
            if (!mine.contains(delivery.id())) {
                held.remove(delivery.id()).release(); // another node took it
            }
        }
        for (Delivery delivery : claimed) {
            Semaphore permits = held.get(delivery.id());
            if (!running) {
                permits.release();
                continue; // stopping: close() gives the claims back
            }
            inFlight.add(delivery.id());
            try {
                posts.execute(() -> {
                    try {
                        attempt(delivery);
                    } catch (RuntimeException e) {
                        log.warn("delivery {} to {} failed unexpectedly: {}", delivery.id(), delivery.inboxUri(),
                                e.toString());
                    } finally {
                        inFlight.remove(delivery.id());
                        permits.release();
                        wake(); // the host has a free slot: take its next delivery now, not at the next tick
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight.remove(delivery.id());
                permits.release(); // shutting down: close() gives the claims back
            }
        }
    }

    private void attempt(Delivery delivery) {
        Optional<StoredActivity> activity = storage.stores().activities().findActivityById(delivery.activityId());
        Instant now = clock.instant();
        if (activity.isEmpty()) {
            storage.stores().deliveries().markFailed(delivery.id(), null, "the activity no longer exists", now);
            return;
        }
        InboxPoster.Result result;
        try {
            long actorId = activity.get().actorId();
            result = poster.post(URI.create(delivery.inboxUri()),
                    activity.get().payload().getBytes(StandardCharsets.UTF_8), keys.keyId(actorId),
                    keys.privateKey(actorId));
        } catch (RuntimeException e) {
            result = InboxPoster.Result.failure(e.toString());
        }
        if (!running && !result.delivered()) {
            return; // interrupted by shutdown: the row stays pending, close() gives its claim back
        }
        // H2 closes its database file when a thread doing file I/O is interrupted (shutdown interrupts the
        // posting threads): record the outcome with the flag cleared, and set it again afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            record(delivery, result, clock.instant());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(Delivery delivery, InboxPoster.Result result, Instant now) {
        var deliveries = storage.stores().deliveries();
        var hosts = storage.stores().hosts();
        if (result.delivered()) {
            deliveries.markDelivered(delivery.id(), result.status(), now);
            hosts.recordSuccess(delivery.host(), now);
            consecutiveFailures.remove(delivery.host());
            return;
        }
        String error = result.error() != null ? result.error() : "HTTP " + result.status();
        Integer status = result.status() == 0 ? null : result.status();
        if (result.permanent()) {
            // The server is up and answered; it refuses this one activity. Not a host failure.
            deliveries.markFailed(delivery.id(), status, error, now);
            hosts.recordSuccess(delivery.host(), now);
            log.info("delivery {} to {} refused for good: {}", delivery.id(), delivery.inboxUri(), error);
            return;
        }
        hosts.recordFailure(delivery.host(), now);
        int attempts = delivery.attempts() + 1;
        Optional<Duration> wait = Backoff.after(attempts, result.retryAfter());
        if (wait.isEmpty()) {
            deliveries.markFailed(delivery.id(), status, "gave up after " + attempts + " attempts: " + error, now);
            log.warn("delivery {} to {} abandoned after {} attempts: {}", delivery.id(), delivery.inboxUri(),
                    attempts, error);
            return;
        }
        deliveries.scheduleRetry(delivery.id(), attempts, now.plus(wait.get()), status, error);
        int failures = consecutiveFailures.computeIfAbsent(delivery.host(), h -> new AtomicInteger()).incrementAndGet();
        if (failures >= settings.breakerThreshold()) {
            Instant until = now.plus(settings.breakerCooldown());
            int postponed = deliveries.postponeHost(delivery.host(), until);
            log.warn("{} failed {} times in a row: circuit open until {} ({} deliveries postponed)",
                    delivery.host(), failures, until, postponed);
            consecutiveFailures.get(delivery.host()).set(0);
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        poller.interrupt();
        posts.shutdownNow();
        try {
            poller.join(2000);
            posts.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // What this node claimed and did not finish is due again now, for the next start or another node (not
        // only when the lease ends). A node that is killed cannot do this: its claims wait out the lease.
        try {
            int released = storage.stores().deliveries().releaseClaims(settings.node(), clock.instant());
            if (released > 0) {
                log.info("gave back {} claimed deliveries", released);
            }
        } catch (RuntimeException e) {
            log.warn("could not give back this node's claimed deliveries (they fall due when the lease ends): {}",
                    e.toString());
        }
    }
}
