package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.config.QueueConfig;
import org.polity.server.model.InboxItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes the inbound queue (the {@code inbox_items} table) on a pool of threads. Items are claimed in the
 * database for a lease, so several nodes share the queue and none processes an item another claimed; one
 * actor's items are taken one at a time in arrival order (a Follow before its Undo), whichever node or thread
 * takes them ({@link org.polity.server.storage.InboxStore#findDue}); and at most {@code inbox.per.host} items of
 * one remote host run at once on a node, so a slow or tar-pitting host holds a few threads, never all of them.
 * Every item ends with an explicit outcome stored beside it; a transient failure (a fetch that timed out) is
 * retried with backoff, five times, then recorded as failed. Items survive restarts and node deaths: what was
 * stored before the 202 is processed after the next start, or by another node once a dead node's lease ends.
 */
public final class InboxWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    static final int MAX_ATTEMPTS = 5;

    private final Polity polity;
    private final InboxDispatcher<InboxContext> dispatcher;
    private final ApReader reader = new ApReader();
    private final QueueConfig queues;
    private final ExecutorService pool;
    private final Thread poller;
    private final Map<String, AtomicInteger> perHost = new ConcurrentHashMap<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final Object wakeUp = new Object();
    private boolean woken;
    private volatile boolean running = true;

    public InboxWorker(Polity polity, InboxDispatcher<InboxContext> dispatcher) {
        this.polity = polity;
        this.dispatcher = dispatcher;
        this.queues = polity.config().queues();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(queues.inboxThreads(), r -> {
            Thread t = new Thread(r, "polity-inbox-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.poller = new Thread(this::loop, "polity-inbox-poller");
        this.poller.setDaemon(true);
    }

    public void start() {
        // A node restarted under the same configured name takes back at once what it had claimed when it died.
        polity.storage().stores().inbox().releaseClaims(queues.nodeId(), polity.clock().instant());
        poller.start();
    }

    /** Asks the poller to look at the queue now (an activity arrived, or a thread came free). */
    public void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            int started = 0;
            try {
                started = pollOnce();
            } catch (RuntimeException e) {
                log.warn("inbox poll failed: {}", e.toString());
            }
            if (started == 0) {
                synchronized (wakeUp) {
                    try {
                        if (!woken) {
                            wakeUp.wait(1000);
                        }
                        woken = false;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Claims what is due and fits the free threads and hosts, and starts it; returns how many it started. */
    int pollOnce() {
        int free = queues.inboxThreads() - busy.get();
        if (free <= 0) {
            return 0;
        }
        Instant now = polity.clock().instant();
        var inbox = polity.storage().stores().inbox();
        List<InboxItem> due = inbox.findDue(now, Math.min(200, free * 4));
        List<InboxItem> wanted = new ArrayList<>();
        for (InboxItem item : due) {
            if (wanted.size() == free) {
                break;
            }
            AtomicInteger running = perHost.computeIfAbsent(host(item), h -> new AtomicInteger());
            if (running.incrementAndGet() > queues.inboxPerHost()) {
                running.decrementAndGet(); // this host has its share of threads; its turn comes when one ends
                continue;
            }
            wanted.add(item);
        }
        List<InboxItem> claimed;
        try {
            claimed = wanted.isEmpty() ? List.of()
                    : inbox.claim(wanted, queues.nodeId(), now, now.plus(queues.lease()));
        } catch (RuntimeException e) {
            wanted.forEach(this::hostDone);
            throw e;
        }
        Set<Long> mine = new HashSet<>();
        claimed.forEach(i -> mine.add(i.id()));
        wanted.stream().filter(i -> !mine.contains(i.id())).forEach(this::hostDone); // another node took it
        int started = 0;
        for (InboxItem item : claimed) {
            busy.incrementAndGet();
            try {
                pool.execute(() -> {
                    try {
                        process(item);
                    } catch (RuntimeException e) {
                        log.warn("inbox item {} failed unexpectedly: {}", item.id(), e.toString());
                    } finally {
                        busy.decrementAndGet();
                        hostDone(item);
                        wake();
                    }
                });
                started++;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                busy.decrementAndGet();
                hostDone(item); // stopping: close() gives the claim back
            }
        }
        return started;
    }

    private void hostDone(InboxItem item) {
        AtomicInteger running = perHost.get(host(item));
        if (running != null) {
            running.decrementAndGet();
        }
    }

    /** The remote host (with its port) an item came from: the unit of the per-host share. */
    private static String host(InboxItem item) {
        try {
            String authority = java.net.URI.create(item.actorUri()).getRawAuthority();
            return authority == null ? item.actorUri() : authority.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return item.actorUri();
        }
    }

    private void process(InboxItem item) {
        Outcome outcome;
        try {
            if (polity.domainPolicy().refuses(item.actorUri())) {
                // Received before its domain was blocked (or left the allowlist): not acted on now.
                outcome = Outcome.rejected("its domain is refused by this server's domain policy");
            } else {
                JsonNode activity = reader.parse(item.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                // Queued before its actor was suspended: dropped now (docs/operations.md, Moderation).
                outcome = polity.standings().suspendedUri(item.actorUri())
                        ? Outcome.ignored(item.actorUri() + " is suspended on this server")
                        : dispatcher.dispatch(new InboxContext(polity, item), activity);
            }
        } catch (RuntimeException e) {
            outcome = Outcome.retry(e.toString());
        }
        Instant now = polity.clock().instant();
        if (outcome.kind() == Outcome.Kind.RETRY && item.attempts() + 1 < MAX_ATTEMPTS) {
            Duration wait = Duration.ofSeconds(30L << Math.min(item.attempts(), 8));
            polity.storage().stores().inbox().retryLater(item.id(), now.plus(wait), outcome.detail());
            log.info("{} {} from {}: will retry in {}s ({})", item.activityType(), item.activityUri(),
                    item.actorUri(), wait.toSeconds(), outcome.detail());
            return;
        }
        InboxItem.State state = outcome.kind() == Outcome.Kind.RETRY ? InboxItem.State.FAILED : InboxItem.State.DONE;
        polity.storage().stores().inbox().finish(item.id(), state, outcome.kind().name(), outcome.detail(), now);
        polity.metrics().inboxOutcome(outcome.kind().name());
        log.info("{} {} from {}: {} {}", item.activityType(), item.activityUri(), item.actorUri(), outcome.kind(),
                outcome.detail() == null ? "" : outcome.detail());
    }

    @Override
    public void close() {
        running = false;
        wake();
        poller.interrupt();
        pool.shutdown();
        try {
            poller.join(2000);
            if (!pool.awaitTermination(3, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // What this node claimed and did not finish is due again now, for the next start or another node.
        try {
            int released = polity.storage().stores().inbox().releaseClaims(queues.nodeId(), polity.clock().instant());
            if (released > 0) {
                log.info("gave back {} claimed inbox items", released);
            }
        } catch (RuntimeException e) {
            log.warn("could not give back this node's claimed inbox items (they fall due when the lease ends): {}",
                    e.toString());
        }
    }
}
