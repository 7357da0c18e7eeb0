package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.polity.server.model.Actor;
import org.polity.server.model.Delivery;
import org.polity.server.model.InboxItem;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;

/**
 * Claims on the shared queues (V23) on every engine: a claimed item is no one else's until its lease ends, two
 * nodes claiming the same items at once split them without overlap, a stopping node gives its claims back, and
 * one actor's received activities are taken one at a time in arrival order.
 */
abstract class QueueStoreContract extends AccountsStoreContract {
    private static final Duration LEASE = Duration.ofMinutes(5);

    private StoredActivity activity(Actor actor, String name) {
        return stores.activities().insert(new StoredActivity(0, "https://polity.example.gov/activities/" + name,
                "Create", actor.id(), "https://polity.example.gov/objects/" + name, Visibility.PUBLIC, T0, "{}"));
    }

    @Test
    void aClaimedDeliveryIsNoOneElsesUntilItsLeaseEnds() {
        Actor ana = stores.actors().insert(person("ana"));
        StoredActivity create = activity(ana, "claimed");
        DeliveryStore deliveries = stores.deliveries();
        deliveries.enqueue(create.id(), List.of("https://b.example/inbox", "https://c.example/inbox",
                "https://d.example/inbox"), T0);
        List<Delivery> due = deliveries.findDue(T0, 2, 100);
        assertThat(due).hasSize(3);
        List<Delivery> mine = deliveries.claim(due.subList(0, 2), "node-a", T0, T0.plus(LEASE));
        assertThat(mine).extracting(Delivery::inboxUri).containsExactly("https://b.example/inbox",
                "https://c.example/inbox");
        // Node B read the same rows a moment before: it gets only the one node A did not claim.
        assertThat(deliveries.claim(due, "node-b", T0.plusSeconds(1), T0.plus(LEASE)))
                .extracting(Delivery::inboxUri).containsExactly("https://d.example/inbox");
        assertThat(deliveries.findDue(T0.plusSeconds(2), 2, 100)).isEmpty();
        assertThat(deliveries.pendingDepth().pending()).as("claimed is still waiting").isEqualTo(3);

        // Node A posts one and dies with the other: that one falls due when the lease ends, for anyone.
        deliveries.markDelivered(mine.get(0).id(), 202, T0.plusSeconds(3));
        Instant afterLease = T0.plus(LEASE).plusSeconds(1);
        assertThat(deliveries.findDue(afterLease, 2, 100)).extracting(Delivery::inboxUri)
                .containsExactlyInAnyOrder("https://c.example/inbox", "https://d.example/inbox");
        assertThat(deliveries.claim(deliveries.findDue(afterLease, 2, 100), "node-b", afterLease,
                afterLease.plus(LEASE))).hasSize(2);

        // Node B stops cleanly: what it claimed is due again at once, and a retry is no one's claim.
        assertThat(deliveries.releaseClaims("node-b", afterLease.plusSeconds(1))).isEqualTo(2);
        assertThat(deliveries.releaseClaims("node-b", afterLease.plusSeconds(1))).isZero();
        List<Delivery> again = deliveries.findDue(afterLease.plusSeconds(1), 2, 100);
        assertThat(again).hasSize(2);
        deliveries.claim(again, "node-c", afterLease.plusSeconds(1), afterLease.plus(LEASE));
        deliveries.scheduleRetry(again.get(0).id(), 1, afterLease.plusSeconds(30), 503, "busy");
        assertThat(deliveries.releaseClaims("node-c", afterLease.plusSeconds(2))).as("only the unfinished one")
                .isEqualTo(1);
        assertThat(deliveries.findDue(afterLease.plusSeconds(31), 2, 100)).hasSize(2);
    }

    @Test
    void twoNodesClaimingTheSameDeliveriesAtOnceSplitThemWithoutOverlap() throws Exception {
        Actor ana = stores.actors().insert(person("ana"));
        StoredActivity create = activity(ana, "race");
        List<String> inboxes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            inboxes.add("https://h" + i + ".example/inbox");
        }
        stores.deliveries().enqueue(create.id(), inboxes, T0);
        List<Delivery> due = stores.deliveries().findDue(T0, 2, 100);
        assertThat(due).hasSize(60);
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int n = 0; n < 4; n++) {
                String node = "node-" + n;
                runs.add(nodes.submit(() -> {
                    go.await();
                    // Each node claims in small batches, in its own order, as pollers racing would.
                    List<Delivery> mine = new ArrayList<>(due);
                    java.util.Collections.shuffle(mine, new java.util.Random(node.hashCode()));
                    for (int i = 0; i < mine.size(); i += 7) {
                        stores.deliveries().claim(mine.subList(i, Math.min(mine.size(), i + 7)), node, T0,
                                T0.plus(LEASE)).forEach(d -> claimed.add(d.id()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
    }

    @Test
    void oneActorsActivitiesAreTakenOneAtATimeInArrivalOrder() {
        InboxStore inbox = stores.inbox();
        String alice = "https://a.example/users/alice";
        String bob = "https://b.example/users/bob";
        inbox.insertIfNew("https://a.example/follow", "Follow", alice, null, "{}", T0);
        inbox.insertIfNew("https://b.example/like", "Like", bob, null, "{}", T0.plusMillis(1));
        inbox.insertIfNew("https://a.example/undo", "Undo", alice, null, "{}", T0.plusMillis(2));
        Instant now = T0.plusSeconds(1);
        List<InboxItem> due = inbox.findDue(now, 10);
        assertThat(due).extracting(InboxItem::activityUri).containsExactly("https://a.example/follow",
                "https://b.example/like");
        InboxItem follow = due.get(0);
        assertThat(inbox.claim(List.of(follow), "node-a", now, now.plus(LEASE))).containsExactly(follow);
        assertThat(inbox.claim(List.of(follow), "node-b", now, now.plus(LEASE))).as("claimed already").isEmpty();
        // While the Follow is being processed, its Undo waits, on every node; Bob's Like does not.
        assertThat(inbox.findDue(now, 10)).extracting(InboxItem::activityUri)
                .containsExactly("https://b.example/like");
        inbox.finish(follow.id(), InboxItem.State.DONE, "PROCESSED", null, now);
        assertThat(inbox.findDue(now, 10)).extracting(InboxItem::activityUri)
                .containsExactly("https://b.example/like", "https://a.example/undo");

        // An item waiting to be retried later holds nothing back; one that falls due again goes first.
        InboxItem like = inbox.findDue(now, 10).get(0);
        inbox.insertIfNew("https://b.example/like2", "Like", bob, null, "{}", T0.plusMillis(3));
        inbox.claim(List.of(like), "node-a", now, now.plus(LEASE));
        inbox.retryLater(like.id(), now.plusSeconds(30), "timed out");
        assertThat(inbox.findDue(now, 10)).extracting(InboxItem::activityUri)
                .containsExactly("https://a.example/undo", "https://b.example/like2");
        assertThat(inbox.findDue(now.plusSeconds(31), 10)).extracting(InboxItem::activityUri)
                .containsExactly("https://a.example/undo", "https://b.example/like");

        // A node that stops gives its claims back: due again at once.
        InboxItem undo = inbox.findDue(now, 10).get(0);
        inbox.claim(List.of(undo), "node-b", now, now.plus(LEASE));
        assertThat(inbox.releaseClaims("node-b", now.plusSeconds(2))).isEqualTo(1);
        assertThat(inbox.findDue(now.plusSeconds(2), 10)).extracting(InboxItem::activityUri)
                .contains("https://a.example/undo");
    }

    /**
     * An activity stored at once (its key known by then) waits for its actor's earlier requests that are still to
     * be checked (inbox_deferred); once one of those is admitted with its received time, it goes first.
     */
    @Test
    void anActivityWaitsForItsActorsEarlierDeferredRequests() {
        InboxStore inbox = stores.inbox();
        String dan = "https://d.example/users/dan";
        inbox.defer("https://d.example/follow", dan, null, "{}", new byte[] {'{', '}'}, T0);
        inbox.insertIfNew("https://d.example/undo", "Undo", dan, null, "{}", T0.plusSeconds(1));
        inbox.insertIfNew("https://e.example/like", "Like", "https://e.example/users/eve", null, "{}",
                T0.plusSeconds(1));
        Instant now = T0.plusSeconds(2);
        assertThat(inbox.findDue(now, 10)).extracting(InboxItem::activityUri)
                .containsExactly("https://e.example/like");
        // The worker admits the Follow: stored with the time it was received, so it is taken before the Undo.
        InboxStore.Deferred follow = inbox.findDeferredDue(now, 10).get(0);
        inbox.insertIfNew("https://d.example/follow", "Follow", dan, null, "{}", follow.receivedAt());
        inbox.finishDeferred(follow.id(), "ADMITTED", null, now);
        assertThat(inbox.findDue(now, 10)).extracting(InboxItem::activityUri)
                .containsExactly("https://d.example/follow", "https://e.example/like");
    }

    /** Rate-limit counts of several nodes (V26): two nodes adding to one window at once lose no hit. */
    @Test
    void sharedRateCountsAddUpAcrossNodesAndEndedWindowsGo() throws Exception {
        RateCountStore counts = stores.rateCounts();
        Instant start = T0.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Instant end = start.plusSeconds(60);
        assertThat(counts.add(List.of(new RateCountStore.Delta("rate.login.per.ip", "203.0.113.7", start, end, 3))))
                .containsExactly(3L);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                runs.add(nodes.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        counts.add(List.of(new RateCountStore.Delta("rate.login.per.ip", "203.0.113.7", start, end, 1),
                                new RateCountStore.Delta("rate.search.per.ip", "203.0.113.7", start, end, 2)));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(counts.add(List.of(new RateCountStore.Delta("rate.login.per.ip", "203.0.113.7", start, end, 0),
                new RateCountStore.Delta("rate.search.per.ip", "203.0.113.7", start, end, 0),
                new RateCountStore.Delta("rate.login.per.ip", "203.0.113.7", end, end.plusSeconds(60), 1))))
                .containsExactly(43L, 80L, 1L);
        assertThat(counts.pruneEnded(end.plusSeconds(1))).as("the first window's two rows").isEqualTo(2);
        assertThat(counts.add(List.of(new RateCountStore.Delta("rate.login.per.ip", "203.0.113.7", end,
                end.plusSeconds(60), 0)))).containsExactly(1L);
    }
}
