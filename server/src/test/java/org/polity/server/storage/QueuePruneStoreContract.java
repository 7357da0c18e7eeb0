package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Delivery;
import org.polity.server.model.Follow;
import org.polity.server.model.InboxEntry;
import org.polity.server.model.InboxItem;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;

/**
 * Retention (V25) on every engine: the owner's inbox read from its index (pages by time, source and id; a
 * counter for the total), who holds a copy of an object or knows an actor kept apart from the deliveries, and the
 * pruning of finished queue rows: what goes (old delivered, failed, processed, checked rows) and what stays
 * (young rows, pending rows, received items an inbox shows), in batches, with two nodes pruning at once.
 */
abstract class QueuePruneStoreContract extends QueueStoreContract {
    private static final Instant OLD = T0;
    private static final Instant CUTOFF = T0.plus(Duration.ofDays(30));
    private static final Instant YOUNG = CUTOFF.plusSeconds(60);

    private Actor remotePerson(String username) {
        String uri = "https://remote.example/users/" + username;
        return stores.actors().insert(new Actor(0, uri, ActorType.Person, username, "remote.example", false, username,
                "", uri + "/inbox", "https://remote.example/inbox", uri + "/outbox", uri + "/followers",
                uri + "/following", null, uri + "#k", person("x").publicKeyPem(), false, T0, T0));
    }

    private StoredActivity ours(Actor actor, String name, Instant at, List<String> to) {
        String uri = "https://polity.example.gov/activities/" + name;
        return storage.transaction(tx -> {
            StoredActivity row = tx.activities().insert(new StoredActivity(0, uri, "Create", actor.id(),
                    "https://polity.example.gov/objects/" + name, Visibility.DIRECT, at, "{\"id\":\"" + uri + "\"}"));
            tx.objects().insertAddressing(uri, to);
            tx.inbox().indexActivity(row.id());
            return row;
        });
    }

    private long received(Actor from, String name, Long recipientId, Instant at, List<String> to) {
        String uri = "https://remote.example/activities/" + name;
        stores.inbox().insertIfNew(uri, "Create", from.uri(), recipientId, "{\"id\":\"" + uri + "\"}", at);
        if (!to.isEmpty()) {
            stores.objects().insertAddressing(uri, to);
        }
        return stores.inbox().findInboxItemByActivityUri(uri).orElseThrow().id();
    }

    private static List<String> ids(List<InboxEntry> entries) {
        return entries.stream().map(e -> e.source().name() + ":" + e.payload()).toList();
    }

    @Test
    void theInboxIsReadFromItsIndexPageByPageWithACounter() {
        Actor ana = stores.actors().insert(person("ana"));
        Actor ben = stores.actors().insert(person("ben"));
        Actor zed = remotePerson("zed");
        Actor yan = remotePerson("yan");
        Follow follow = stores.follows().insertOrGet(ana.id(), zed.id(), Follow.State.PENDING,
                "https://polity.example.gov/follows/1", T0);
        stores.follows().accept(follow.id(), T0);

        StoredActivity toAna = ours(ben, "to-ana", T0.plusSeconds(1), List.of(ana.uri()));
        ours(ben, "public", T0.plusSeconds(2), List.of("https://www.w3.org/ns/activitystreams#Public"));
        assertThat(stores.inbox().indexActivity(toAna.id())).as("indexed once").isZero();
        ours(ana, "by-ana", T0.plusSeconds(3), List.of(ana.uri())); // her own: not in her inbox

        long personal = received(zed, "personal", ana.id(), T0.plusSeconds(4), List.of());
        long followers = received(zed, "followers", null, T0.plusSeconds(5), List.of(zed.followersUri()));
        long othersFollowers = received(yan, "not-for-ana", null, T0.plusSeconds(6), List.of(zed.followersUri()));
        long failed = received(zed, "failed", ana.id(), T0.plusSeconds(7), List.of());
        received(zed, "queued", ana.id(), T0.plusSeconds(8), List.of());
        // Same time as the received "personal": local sorts before received at one instant.
        StoredActivity tie = ours(ben, "tie", T0.plusSeconds(4), List.of(ana.uri()));
        for (long id : List.of(personal, followers, othersFollowers)) {
            stores.inbox().finish(id, InboxItem.State.DONE, "PROCESSED", null, T0.plusSeconds(9));
        }
        stores.inbox().finish(failed, InboxItem.State.FAILED, "RETRY", "gave up", T0.plusSeconds(9));

        InboxStore inbox = stores.inbox();
        assertThat(inbox.countAddressedTo(ana.id(), ana.uri())).isEqualTo(4);
        assertThat(inbox.countAddressedTo(ben.id(), ben.uri())).as("no entries, no counter row").isZero();
        List<InboxEntry> first = inbox.findAddressedTo(ana.id(), ana.uri(), InboxStore.FIRST_PAGE,
                InboxEntry.Source.RECEIVED, Long.MAX_VALUE, 3);
        assertThat(ids(first)).containsExactly(
                "RECEIVED:{\"id\":\"https://remote.example/activities/followers\"}",
                "RECEIVED:{\"id\":\"https://remote.example/activities/personal\"}",
                "LOCAL:{\"id\":\"https://polity.example.gov/activities/tie\"}");
        assertThat(first.get(2).id()).isEqualTo(tie.id());
        assertThat(first.get(0).at()).isEqualTo(T0.plusSeconds(5));
        InboxEntry last = first.get(2);
        List<InboxEntry> second = inbox.findAddressedTo(ana.id(), ana.uri(), last.at(), last.source(), last.id(), 3);
        assertThat(ids(second)).containsExactly("LOCAL:{\"id\":\"https://polity.example.gov/activities/to-ana\"}");
        assertThat(second.get(0).id()).isEqualTo(toAna.id());

        // Indexed when stored: a later unfollow does not rewrite the inbox, and a finished item's page survives
        // the pruning of everything around it.
        stores.follows().delete(follow.id());
        assertThat(inbox.pruneFinished(Instant.parse("2999-01-01T00:00:00Z"), 100)).as("othersFollowers and failed")
                .isEqualTo(2);
        assertThat(ids(inbox.findAddressedTo(ana.id(), ana.uri(), InboxStore.FIRST_PAGE, InboxEntry.Source.RECEIVED,
                Long.MAX_VALUE, 10))).hasSize(4);
        assertThat(inbox.countAddressedTo(ana.id(), ana.uri())).isEqualTo(4);
    }

    @Test
    void whoHoldsACopyOutlivesTheDeliveries() {
        Actor ana = stores.actors().insert(person("poster"));
        Actor group = stores.actors().insert(person("commons"));
        String note = "https://polity.example.gov/objects/kept";
        StoredActivity create = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/create-kept", "Create", ana.id(), note, Visibility.PUBLIC, OLD,
                "{}"));
        StoredActivity announce = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/announce-kept", "Announce", group.id(), create.uri(),
                Visibility.PUBLIC, OLD, "{}"));
        stores.deliveries().enqueue(create.id(), List.of("https://b.example/inbox", "https://c.example/inbox"), OLD);
        stores.deliveries().enqueue(announce.id(), List.of("https://d.example/inbox", "https://b.example/inbox"), OLD);
        for (Delivery d : stores.deliveries().findDue(OLD, 10, 100)) {
            stores.deliveries().markDelivered(d.id(), 202, OLD);
        }
        assertThat(stores.deliveries().pruneFinished(CUTOFF, 100)).isEqualTo(4);
        assertThat(stores.deliveries().findDeliveriesByActivityId(create.id())).isEmpty();
        assertThat(stores.deliveries().findInboxesForObject(note)).containsExactly("https://b.example/inbox",
                "https://c.example/inbox", "https://d.example/inbox");
        assertThat(stores.deliveries().findInboxesForActor(ana.id())).containsExactly("https://b.example/inbox",
                "https://c.example/inbox");
        assertThat(stores.deliveries().findInboxesForActor(group.id())).containsExactly("https://b.example/inbox",
                "https://d.example/inbox");
    }

    @Test
    void pruningDeletesOldFinishedRowsAndKeepsTheRest() {
        Actor ana = stores.actors().insert(person("ana"));
        Actor zed = remotePerson("zed");
        // Deliveries: old delivered and old failed go; young delivered and old pending stay.
        StoredActivity create = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/p", "Create", ana.id(), "https://polity.example.gov/objects/p",
                Visibility.PUBLIC, OLD, "{}"));
        stores.deliveries().enqueue(create.id(), List.of("https://a.example/inbox", "https://b.example/inbox",
                "https://c.example/inbox", "https://d.example/inbox"), OLD);
        List<Delivery> due = stores.deliveries().findDue(OLD, 10, 100);
        stores.deliveries().markDelivered(due.get(0).id(), 202, OLD);
        stores.deliveries().markFailed(due.get(1).id(), 410, "gone", OLD);
        stores.deliveries().markDelivered(due.get(2).id(), 202, YOUNG);
        assertThat(stores.deliveries().pruneFinished(CUTOFF, 100)).isEqualTo(2);
        assertThat(stores.deliveries().findDeliveriesByActivityId(create.id())).extracting(Delivery::inboxUri)
                .containsExactly(due.get(2).inboxUri(), due.get(3).inboxUri());
        assertThat(stores.deliveries().countByState(Delivery.State.PENDING)).isEqualTo(1);

        // Received items: old DONE and FAILED go, unless an inbox shows them; young and queued stay.
        long shown = received(zed, "shown", ana.id(), OLD, List.of());
        long done = received(zed, "done", null, OLD, List.of());
        long gaveUp = received(zed, "gave-up", null, OLD, List.of());
        long young = received(zed, "young", null, OLD, List.of());
        received(zed, "waiting", null, OLD, List.of());
        stores.inbox().finish(shown, InboxItem.State.DONE, "PROCESSED", null, OLD);
        stores.inbox().finish(done, InboxItem.State.DONE, "IGNORED", null, OLD);
        stores.inbox().finish(gaveUp, InboxItem.State.FAILED, "RETRY", "timeout", OLD);
        stores.inbox().finish(young, InboxItem.State.DONE, "PROCESSED", null, YOUNG);
        assertThat(stores.inbox().pruneFinished(CUTOFF, 100)).isEqualTo(2);
        assertThat(stores.inbox().findInboxItemByActivityUri("https://remote.example/activities/done")).isEmpty();
        assertThat(stores.inbox().findInboxItemByActivityUri("https://remote.example/activities/gave-up")).isEmpty();
        for (String kept : List.of("shown", "young", "waiting")) {
            assertThat(stores.inbox().findInboxItemByActivityUri("https://remote.example/activities/" + kept))
                    .as(kept).isPresent();
        }
        assertThat(stores.inbox().queuedDepth().pending()).isEqualTo(1);

        // Deferred requests: checked long ago go; checked lately and waiting stay.
        for (String name : List.of("old", "recent", "waiting")) {
            stores.inbox().defer("https://remote.example/activities/d-" + name, zed.uri(), ana.id(), "{}",
                    new byte[] {1}, OLD);
        }
        List<InboxStore.Deferred> deferred = stores.inbox().findDeferredDue(OLD.plusSeconds(1), 10);
        assertThat(deferred).hasSize(1); // one actor's one at a time
        stores.inbox().finishDeferred(deferred.get(0).id(), "ADMITTED", null, OLD);
        List<InboxStore.Deferred> next = stores.inbox().findDeferredDue(OLD.plusSeconds(1), 10);
        stores.inbox().finishDeferred(next.get(0).id(), "REFUSED", "bad signature", YOUNG);
        assertThat(stores.inbox().pruneDeferred(CUTOFF, 100)).isEqualTo(1);
        assertThat(stores.inbox().findDeferredOutcome("https://remote.example/activities/d-old")).isEmpty();
        assertThat(stores.inbox().findDeferredOutcome("https://remote.example/activities/d-recent")).isPresent();
        assertThat(stores.inbox().countDeferredWaiting()).isEqualTo(1);
    }

    @Test
    void twoNodesPruningAtOnceDeleteEachRowOnceInBatches() throws Exception {
        Actor ana = stores.actors().insert(person("ana"));
        StoredActivity create = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/many", "Create", ana.id(),
                "https://polity.example.gov/objects/many", Visibility.PUBLIC, OLD, "{}"));
        List<String> inboxes = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            inboxes.add("https://h" + i + ".example/inbox");
        }
        stores.deliveries().enqueue(create.id(), inboxes, OLD);
        for (Delivery d : stores.deliveries().findDue(OLD, 1000, 1000)) {
            stores.deliveries().markDelivered(d.id(), 202, OLD);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> nodes = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                nodes.add(pool.submit(() -> {
                    int total = 0;
                    int n;
                    do {
                        n = stores.deliveries().pruneFinished(CUTOFF, 20);
                        total += n;
                    } while (n > 0);
                    return total;
                }));
            }
            int total = 0;
            for (Future<Integer> f : nodes) {
                total += f.get();
            }
            assertThat(total).isEqualTo(250);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.deliveries().findDeliveriesByActivityId(create.id())).isEmpty();
        assertThat(stores.deliveries().findInboxesForObject(create.objectUri())).hasSize(250);
    }

    @Test
    void theMigrationBackfillsTheIndexAndTheHoldersFromTodaysRows() throws Exception {
        Actor ana = stores.actors().insert(person("ana"));
        Actor ben = stores.actors().insert(person("ben"));
        Actor zed = remotePerson("zed");
        Follow follow = stores.follows().insertOrGet(ana.id(), zed.id(), Follow.State.PENDING,
                "https://polity.example.gov/follows/2", T0);
        stores.follows().accept(follow.id(), T0);
        StoredActivity toAna = ours(ben, "b-to-ana", T0.plusSeconds(1), List.of(ana.uri()));
        long personal = received(zed, "b-personal", ana.id(), T0.plusSeconds(2), List.of());
        long followers = received(zed, "b-followers", null, T0.plusSeconds(3), List.of(zed.followersUri()));
        stores.inbox().finish(personal, InboxItem.State.DONE, "PROCESSED", null, T0);
        stores.inbox().finish(followers, InboxItem.State.DONE, "PROCESSED", null, T0);
        stores.deliveries().enqueue(toAna.id(), List.of("https://b.example/inbox"), T0);
        List<InboxEntry> before = stores.inbox().findAddressedTo(ana.id(), ana.uri(), InboxStore.FIRST_PAGE,
                InboxEntry.Source.RECEIVED, Long.MAX_VALUE, 10);
        assertThat(before).hasSize(3);

        // Back to before V25: its tables gone, the history forgetting it; then migrate again.
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("inbox_index", "inbox_counts", "object_holders", "actor_holders")) {
                s.execute("DROP TABLE " + table);
            }
            for (String index : List.of("deliveries_finished", "inbox_items_processed", "inbox_deferred_processed")) {
                s.execute("DROP INDEX " + index);
            }
            s.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '25'");
        }
        // Out of order: later migrations (V26, ...) are still recorded as applied.
        Flyway.configure().dataSource(storage.dataSource()).locations("classpath:db/migration")
                .validateOnMigrate(false).outOfOrder(true).load().migrate();

        assertThat(stores.inbox().findAddressedTo(ana.id(), ana.uri(), InboxStore.FIRST_PAGE,
                InboxEntry.Source.RECEIVED, Long.MAX_VALUE, 10)).isEqualTo(before);
        assertThat(stores.inbox().countAddressedTo(ana.id(), ana.uri())).isEqualTo(3);
        assertThat(stores.deliveries().findInboxesForObject(toAna.objectUri())).containsExactly("https://b.example/inbox");
        assertThat(stores.deliveries().findInboxesForActor(ben.id())).containsExactly("https://b.example/inbox");
    }
}
