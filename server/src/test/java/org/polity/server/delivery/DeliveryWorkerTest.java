package org.polity.server.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.server.Bootstrap;
import org.polity.server.Polity;
import org.polity.server.config.ConfigLoader;
import org.polity.server.config.PolityConfig;
import org.polity.server.crypto.KeyVault;
import org.polity.server.model.Account;
import org.polity.server.model.Delivery;
import org.polity.server.model.RemoteHost;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;
import org.polity.server.service.AccountService;
import org.polity.server.storage.jdbi.JdbiStorage;

/** The delivery queue's rules, with a scripted inbox poster and a clock the test moves. */
class DeliveryWorkerTest {
    @TempDir
    Path dataDir;

    Polity polity;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    StoredActivity activity;
    static final PrivateKey KEY = RsaKeys.generate().getPrivate();
    final Map<String, Integer> postsByHost = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        Map<String, String> env = new java.util.HashMap<>(org.polity.server.testing.TestDatabase.env(dataDir));
        env.put("POLITY_DATA_DIR", dataDir.toString());
        PolityConfig config = ConfigLoader.load(Optional.empty(), env);
        polity = new Polity(config, JdbiStorage.open(config), KeyVault.open(Optional.empty(), Optional.empty(), dataDir),
                clock);
        Bootstrap.bindBaseUrl(polity, URI.create("http://localhost:8123"));
        Account alice = polity.accounts().create(new AccountService.NewAccount("alice", "alice@agency.gov.au",
                "a long passphrase", "Alice", null, ""), Account.Role.MEMBER, Account.Status.ACTIVE);
        activity = polity.storage().stores().activities().insert(new StoredActivity(0,
                "http://localhost:8123/activities/1", "Create", alice.actorId(), "http://localhost:8123/objects/1",
                Visibility.PUBLIC, clock.instant(), "{\"type\":\"Create\"}"));
    }

    @AfterEach
    void close() {
        polity.close();
    }

    DeliveryWorker worker(Function<URI, InboxPoster.Result> answers, DeliveryWorker.Settings settings) {
        InboxPoster poster = (inbox, body, keyId, key) -> {
            postsByHost.merge(inbox.getHost(), 1, Integer::sum);
            assertThat(keyId).isEqualTo("k");
            return answers.apply(inbox);
        };
        return new DeliveryWorker(polity.storage(), poster, new DeliveryWorker.Keys() {
            @Override
            public String keyId(long actorId) {
                return "k";
            }

            @Override
            public PrivateKey privateKey(long actorId) {
                return KEY;
            }
        }, clock, settings);
    }

    void enqueue(String... inboxes) {
        polity.storage().stores().deliveries().enqueue(activity.id(), List.of(inboxes), clock.instant());
    }

    List<Delivery> deliveries() {
        return polity.storage().stores().deliveries().findDeliveriesByActivityId(activity.id());
    }

    Delivery delivery(String inbox) {
        return deliveries().stream().filter(d -> d.inboxUri().equals(inbox)).findFirst().orElseThrow();
    }

    /** One poll, then waits until nothing is in flight. */
    void drain(DeliveryWorker worker) throws InterruptedException {
        worker.pollOnce();
        Thread.sleep(50);
        for (int i = 0; i < 100 && !worker.idle(); i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void deliveredInboxesAreMarkedAndNotSentAgain() throws Exception {
        enqueue("https://fr.example/inbox", "https://cl.example/inbox", "https://fr.example/inbox");
        assertThat(deliveries()).hasSize(2);
        try (DeliveryWorker w = worker(inbox -> InboxPoster.Result.of(202), DeliveryWorker.Settings.defaults())) {
            drain(w);
            drain(w);
        }
        assertThat(deliveries()).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.DELIVERED);
            assertThat(d.lastStatus()).isEqualTo(202);
        });
        assertThat(postsByHost).containsEntry("fr.example", 1).containsEntry("cl.example", 1);
        assertThat(polity.storage().stores().hosts().findHost("fr.example")).get()
                .satisfies(h -> assertThat(h.lastSuccessAt()).isNotNull());
    }

    @Test
    void aClientErrorStopsRetryingButTooManyRequestsAndServerErrorsRetryWithBackoff() throws Exception {
        enqueue("https://gone.example/inbox", "https://busy.example/inbox", "https://broken.example/inbox");
        try (DeliveryWorker w = worker(inbox -> switch (inbox.getHost()) {
            case "gone.example" -> InboxPoster.Result.of(410);
            case "busy.example" -> new InboxPoster.Result(429, Optional.of(Duration.ofMinutes(30)), null);
            default -> InboxPoster.Result.of(503);
        }, DeliveryWorker.Settings.defaults())) {
            drain(w);
        }
        assertThat(delivery("https://gone.example/inbox").state()).isEqualTo(Delivery.State.FAILED);
        Delivery busy = delivery("https://busy.example/inbox");
        assertThat(busy.state()).isEqualTo(Delivery.State.PENDING);
        assertThat(busy.nextAttemptAt()).as("Retry-After honoured").isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        Delivery broken = delivery("https://broken.example/inbox");
        assertThat(broken.attempts()).isEqualTo(1);
        assertThat(broken.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(broken.lastStatus()).isEqualTo(503);
    }

    @Test
    void retriesSpanAboutThreeDaysThenGiveUp() throws Exception {
        enqueue("https://down.example/inbox");
        Instant start = clock.instant();
        DeliveryWorker.Settings noBreaker = new DeliveryWorker.Settings(2, 2, 100, Duration.ofSeconds(1), 1000,
                Duration.ofMinutes(1));
        try (DeliveryWorker w = worker(inbox -> InboxPoster.Result.failure("connection refused"), noBreaker)) {
            for (int i = 0; i < Backoff.maxAttempts(); i++) {
                drain(w);
                Delivery d = delivery("https://down.example/inbox");
                if (d.state() == Delivery.State.FAILED) {
                    break;
                }
                clock.set(d.nextAttemptAt());
            }
        }
        Delivery d = delivery("https://down.example/inbox");
        assertThat(d.state()).isEqualTo(Delivery.State.FAILED);
        assertThat(d.attempts()).isEqualTo(Backoff.maxAttempts());
        assertThat(d.lastError()).contains("gave up").contains("connection refused");
        assertThat(Duration.between(start, clock.instant())).isBetween(Duration.ofDays(3), Duration.ofDays(4));
    }

    @Test
    void aHangingHostDoesNotHoldUpTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 20; i++) {
            enqueue("https://slow.example/inbox/" + i);
        }
        enqueue("https://fast.example/inbox");
        try (DeliveryWorker w = worker(inbox -> {
            if (inbox.getHost().equals("slow.example")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return InboxPoster.Result.of(200);
        }, DeliveryWorker.Settings.defaults())) {
            w.pollOnce();
            for (int i = 0; i < 50 && delivery("https://fast.example/inbox").state() != Delivery.State.DELIVERED; i++) {
                Thread.sleep(100);
            }
            assertThat(delivery("https://fast.example/inbox").state()).isEqualTo(Delivery.State.DELIVERED);
            // The second post to the slow host may start after the fast one on a loaded machine: wait for it,
            // then check that no third one started while both hang.
            for (int i = 0; i < 50 && postsByHost.getOrDefault("slow.example", 0) < 2; i++) {
                Thread.sleep(100);
            }
            Thread.sleep(300);
            assertThat(postsByHost.get("slow.example")).as("at most 2 at once to one host").isEqualTo(2);
            release.countDown();
        }
    }

    @Test
    void repeatedFailuresOpenTheCircuitAndPostponeTheHostsQueue() throws Exception {
        for (int i = 0; i < 12; i++) {
            enqueue("https://dead.example/inbox/" + i);
        }
        try (DeliveryWorker w = worker(inbox -> InboxPoster.Result.failure("timeout"),
                new DeliveryWorker.Settings(1, 1, 100, Duration.ofSeconds(1), 5, Duration.ofMinutes(10)))) {
            for (int i = 0; i < 5; i++) {
                drain(w);
            }
        }
        assertThat(postsByHost.get("dead.example")).isEqualTo(5);
        assertThat(deliveries()).filteredOn(d -> d.attempts() == 0)
                .allSatisfy(d -> assertThat(d.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10))));
    }

    @Test
    void aHostFailingForSevenDaysIsSkippedUntilItContactsUs() throws Exception {
        enqueue("https://away.example/inbox");
        polity.storage().stores().hosts().recordFailure("away.example", clock.instant().minus(Duration.ofDays(8)));
        try (DeliveryWorker w = worker(inbox -> InboxPoster.Result.of(200), DeliveryWorker.Settings.defaults())) {
            drain(w);
            assertThat(polity.storage().stores().hosts().findHost("away.example")).get()
                    .extracting(RemoteHost::state).isEqualTo(RemoteHost.State.UNAVAILABLE);
            assertThat(postsByHost).doesNotContainKey("away.example");
            assertThat(delivery("https://away.example/inbox").state()).isEqualTo(Delivery.State.PENDING);

            polity.storage().stores().hosts().recordSeen("away.example", clock.instant());
            drain(w);
        }
        assertThat(delivery("https://away.example/inbox").state()).isEqualTo(Delivery.State.DELIVERED);
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
