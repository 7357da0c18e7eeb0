package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.polity.federation.inbox.InboxDispatcher;
import org.polity.federation.inbox.Outcome;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.model.InboxItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes the inbound queue (the {@code inbox_items} table) in arrival order on one thread, so a Follow is
 * handled before its Undo. Every item ends with an explicit outcome stored beside it; a transient failure
 * (a fetch that timed out) is retried with backoff, five times, then recorded as failed. Items survive
 * restarts: what was stored before the 202 is processed after the next start.
 */
public final class InboxWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboxWorker.class);
    static final int MAX_ATTEMPTS = 5;

    private final Polity polity;
    private final InboxDispatcher<InboxContext> dispatcher;
    private final ApReader reader = new ApReader();
    private final Thread thread;
    private final Object wakeUp = new Object();
    private volatile boolean running = true;

    public InboxWorker(Polity polity, InboxDispatcher<InboxContext> dispatcher) {
        this.polity = polity;
        this.dispatcher = dispatcher;
        this.thread = new Thread(this::loop, "polity-inbox");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            int done = 0;
            try {
                done = drainOnce();
            } catch (RuntimeException e) {
                log.warn("inbox poll failed: {}", e.toString());
            }
            if (done == 0) {
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Processes what is due now; returns how many items it handled. */
    int drainOnce() {
        List<InboxItem> due = polity.storage().stores().inbox().findDue(polity.clock().instant(), 50);
        for (InboxItem item : due) {
            if (!running) {
                break;
            }
            process(item);
        }
        return due.size();
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
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
