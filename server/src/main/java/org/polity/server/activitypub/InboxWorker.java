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
import org.polity.server.storage.InboxStore;
import org.polity.federation.http.FetchBudget;
import java.util.Optional;
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
    /** Claimed items per thread, running or waiting their turn in the pool's queue. */
    static final int QUEUED_PER_THREAD = 8;

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

    private final InboxAdmission admission;

    public InboxWorker(Polity polity, InboxDispatcher<InboxContext> dispatcher, InboxAdmission admission) {
        this.polity = polity;
        this.dispatcher = dispatcher;
        this.admission = admission;
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
        // A node restarted under the same name takes back at once what it had claimed when it died; on H2, the
        // only server on its database, whatever any earlier process of it had claimed.
        polity.storage().stores().inbox().releaseClaims("h2".equals(polity.storage().engine()) ? null
                : queues.nodeId(), polity.clock().instant());
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

    /**
     * Claims what is due and fits the free threads and hosts, and starts it; returns how many it started.
     * Deferred requests (to be checked before they are stored) come first: what they admit joins the queue.
     */
    int pollOnce() {
        // Claimed work waits in the pool's queue, up to QUEUED_PER_THREAD per thread: one poll (a query and a
        // claim) then feeds the threads many items, not one each. The claimed items are of distinct actors, so any
        // order among them is right; the per-host share counts what is claimed, so a slow host still holds at most
        // inbox.per.host threads.
        int free = queues.inboxThreads() * QUEUED_PER_THREAD - busy.get();
        if (free <= 0) {
            return 0;
        }
        Instant now = polity.clock().instant();
        var inbox = polity.storage().stores().inbox();
        int limit = Math.min(200, free * 2);
        List<InboxStore.Deferred> deferred = take(inbox.findDeferredDue(now, limit), InboxStore.Deferred::actorUri,
                free, wanted -> inbox.claimDeferred(wanted, queues.nodeId(), now, now.plus(queues.lease())),
                InboxStore.Deferred::id);
        int started = start(deferred, InboxStore.Deferred::actorUri, this::admitDeferred);
        free -= started;
        if (free <= 0) {
            return started;
        }
        List<InboxItem> items = take(inbox.findDue(now, limit), InboxItem::actorUri, free,
                wanted -> inbox.claim(wanted, queues.nodeId(), now, now.plus(queues.lease())), InboxItem::id);
        return started + start(items, InboxItem::actorUri, this::process);
    }

    /**
     * Of {@code due}, what fits {@code free} threads and each host's share, claimed in the database; the hosts'
     * shares of those this node did not get back are returned.
     */
    private <T> List<T> take(List<T> due, java.util.function.Function<T, String> actorOf, int free,
            java.util.function.Function<List<T>, List<T>> claim, java.util.function.ToLongFunction<T> idOf) {
        List<T> wanted = new ArrayList<>();
        for (T item : due) {
            if (wanted.size() == free) {
                break;
            }
            AtomicInteger running = perHost.computeIfAbsent(host(actorOf.apply(item)), h -> new AtomicInteger());
            if (running.incrementAndGet() > queues.inboxPerHost()) {
                running.decrementAndGet(); // this host has its share of threads; its turn comes when one ends
                continue;
            }
            wanted.add(item);
        }
        List<T> claimed;
        try {
            claimed = wanted.isEmpty() ? List.of() : claim.apply(wanted);
        } catch (RuntimeException e) {
            wanted.forEach(i -> hostDone(actorOf.apply(i)));
            throw e;
        }
        Set<Long> mine = new HashSet<>();
        claimed.forEach(i -> mine.add(idOf.applyAsLong(i)));
        wanted.stream().filter(i -> !mine.contains(idOf.applyAsLong(i)))
                .forEach(i -> hostDone(actorOf.apply(i))); // another node took it
        return claimed;
    }

    private <T> int start(List<T> claimed, java.util.function.Function<T, String> actorOf,
            java.util.function.Consumer<T> work) {
        int started = 0;
        for (T item : claimed) {
            busy.incrementAndGet();
            try {
                pool.execute(() -> {
                    try {
                        work.accept(item);
                    } catch (RuntimeException e) {
                        log.warn("inbox work {} failed unexpectedly: {}", item, e.toString());
                    } finally {
                        busy.decrementAndGet();
                        hostDone(actorOf.apply(item));
                        wake();
                    }
                });
                started++;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                busy.decrementAndGet();
                hostDone(actorOf.apply(item)); // stopping: close() gives the claim back
            }
        }
        return started;
    }

    /** A request kept as it came: checked now as the inbox would have, with fetches allowed, then stored. */
    private void admitDeferred(InboxStore.Deferred d) {
        var inbox = polity.storage().stores().inbox();
        Instant now = polity.clock().instant();
        InboxAdmission.Result result;
        try {
            var message = InboxRoutes.requestFrom(d.request(), d.body());
            var activity = reader.parse(d.body());
            String type = activity.get("type").isArray() ? activity.get("type").path(0).asText()
                    : activity.get("type").asText();
            Optional<org.polity.server.model.Actor> recipient = d.recipientId() == null ? Optional.empty()
                    : polity.storage().stores().actors().findActorById(d.recipientId());
            result = polity.domainPolicy().refuses(d.actorUri())
                    ? new InboxAdmission.Result.Dropped("its domain is refused by this server's domain policy")
                    : admission.admit(new InboxAdmission.Received(message, d.body(), activity, d.activityUri(), type,
                            d.actorUri(), recipient, d.receivedAt()), FetchBudget.perRequest(), false);
        } catch (RuntimeException e) {
            result = new InboxAdmission.Result.Retry(e.toString());
        }
        if (result instanceof InboxAdmission.Result.Retry retry && d.attempts() + 1 < MAX_ATTEMPTS) {
            Duration wait = Duration.ofSeconds(30L << Math.min(d.attempts(), 8));
            inbox.retryDeferredLater(d.id(), now.plus(wait), retry.why());
            log.info("deferred {} from {}: will check again in {}s ({})", d.activityUri(), d.actorUri(),
                    wait.toSeconds(), retry.why());
            return;
        }
        String outcome;
        String detail;
        if (result instanceof InboxAdmission.Result.Accepted accepted) {
            outcome = "ADMITTED";
            detail = accepted.fresh() ? null : "a repeat of an activity already received";
        } else if (result instanceof InboxAdmission.Result.Refused refused) {
            outcome = "REFUSED";
            detail = refused.status() + " " + refused.title() + ": " + refused.detail();
        } else if (result instanceof InboxAdmission.Result.Dropped dropped) {
            outcome = "DROPPED";
            detail = dropped.why();
        } else {
            outcome = "FAILED";
            detail = result.toString();
        }
        inbox.finishDeferred(d.id(), outcome, detail, now);
        polity.metrics().inboxOutcome("DEFERRED_" + outcome);
        log.info("deferred {} from {}: {} {}", d.activityUri(), d.actorUri(), outcome, detail == null ? "" : detail);
    }

    private void hostDone(String actorUri) {
        AtomicInteger running = perHost.get(host(actorUri));
        if (running != null) {
            running.decrementAndGet();
        }
    }

    /** The remote host (with its port) an actor is on: the unit of the per-host share. */
    private static String host(String actorUri) {
        try {
            String authority = java.net.URI.create(actorUri).getRawAuthority();
            return authority == null ? actorUri : authority.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return actorUri;
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
