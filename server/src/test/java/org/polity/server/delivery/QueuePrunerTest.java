package org.polity.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.metrics.Metrics;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Delivery;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;
import org.polity.server.storage.jdbi.JdbiStorage;

/**
 * The pruning job over a real (H2) database: more rows than one batch are all deleted, batch after batch, with the
 * configured retention measured from the clock; what is younger or still pending stays; the metric counts them.
 */
class QueuePrunerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRunDeletesEveryOldFinishedRowBatchByBatchAndCountsThem() throws Exception {
        try (JdbiStorage storage = JdbiStorage.open(JdbiStorage.h2Url(dir), "", "")) {
            var stores = storage.stores();
            String uri = "https://polity.example.gov/users/ana";
            Actor ana = stores.actors().insert(new Actor(0, uri, ActorType.Person, "ana", "polity.example.gov", true,
                    "Ana", "", uri + "/inbox", null, uri + "/outbox", uri + "/followers", uri + "/following", null,
                    uri + "#main-key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", false, T0, T0));
            StoredActivity create = stores.activities().insert(new StoredActivity(0,
                    "https://polity.example.gov/activities/1", "Create", ana.id(),
                    "https://polity.example.gov/objects/1", Visibility.PUBLIC, T0, "{}"));
            int old = QueuePruner.BATCH * 2 + 500;
            List<String> inboxes = new ArrayList<>();
            for (int i = 0; i < old + 20; i++) {
                inboxes.add("https://h" + i + ".example/inbox");
            }
            stores.deliveries().enqueue(create.id(), inboxes, T0);
            try (Connection c = storage.dataSource().getConnection();
                    PreparedStatement finish = c.prepareStatement("UPDATE deliveries SET state = 'DELIVERED',"
                            + " finished_at = ? WHERE id IN (SELECT id FROM deliveries ORDER BY id LIMIT ?)")) {
                finish.setObject(1, T0.atOffset(ZoneOffset.UTC));
                finish.setInt(2, old);
                finish.executeUpdate();
            }
            // Ten of the rest delivered a day ago (young), ten still pending.
            List<Delivery> rest = stores.deliveries().findDue(T0, 1000, 1000);
            assertThat(rest).hasSize(20);
            Instant now = T0.plus(Duration.ofDays(31));
            for (Delivery d : rest.subList(0, 10)) {
                stores.deliveries().markDelivered(d.id(), 202, now.minus(Duration.ofDays(1)));
            }

            Clock clock = Clock.fixed(now, ZoneOffset.UTC);
            Metrics metrics = new Metrics(storage, clock);
            try (QueuePruner pruner = new QueuePruner(storage, metrics, clock, Duration.ofDays(30))) {
                Map<String, Integer> removed = pruner.pruneNow();
                assertThat(removed).containsEntry("deliveries", old).containsEntry("inbox_items", 0)
                        .containsEntry("inbox_deferred", 0);
                assertThat(pruner.pruneNow()).as("nothing left to prune").containsEntry("deliveries", 0);
            }
            assertThat(stores.deliveries().findDeliveriesByActivityId(create.id())).hasSize(20);
            assertThat(stores.deliveries().countByState(Delivery.State.PENDING)).isEqualTo(10);
            assertThat(stores.deliveries().findInboxesForObject(create.objectUri())).hasSize(old + 20);
            assertThat(metrics.scrape()).contains("polity_queue_pruned_total{table=\"deliveries\"} " + old + ".0");
        }
    }
}
