package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;

/**
 * Two writers store the same received post at once, as the inbox worker and a backfill do when a post is both
 * delivered and on the outbox page being read: the second looks it up before the first has committed, finds
 * nothing, and its insert meets the first's row. It is then held (not created twice, and not an error that puts
 * the inbox item back for 30 s, as it did on PostgreSQL in RestartDurabilityFederationTest's log).
 */
class ConcurrentRemoteStoreTest {
    static final String REMOTE = "https://remote.example";
    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

    @TempDir
    static Path dir;
    static TestInstance instance;
    static Actor remote;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dir.resolve("a"));
        remote = instance.server().polity().storage().stores().actors().upsertRemote(new Actor(0,
                REMOTE + "/users/bo", ActorType.Person, "bo", "remote.example", false, "Bo", "",
                REMOTE + "/users/bo/inbox", null, null, REMOTE + "/users/bo/followers", null, REMOTE + "/@bo",
                REMOTE + "/users/bo#main-key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
                false, Instant.now(), Instant.now()));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(instance);
    }

    @Test
    void aPostStoredByTwoWritersAtOnceIsHeldOnce() throws Exception {
        var note = Api.JSON.readTree("""
                {"id": "%s/objects/raced", "type": "Note", "attributedTo": "%s", "content": "<p>Both at once</p>",
                 "to": ["%s"], "published": "2026-06-01T10:00:00Z"}""".formatted(REMOTE, remote.uri(), PUBLIC));
        RemoteObjects objects = new RemoteObjects(instance.server().polity());
        CountDownLatch inserted = new CountDownLatch(1);
        // The first writer holds its transaction open (its row inserted, not committed) while the second starts.
        CompletableFuture<RemoteObjects.Stored> first = CompletableFuture.supplyAsync(() -> objects.store(remote,
                note, null, (tx, row) -> {
                    inserted.countDown();
                    try {
                        Thread.sleep(700);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, false));
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RemoteObjects.Stored> second = CompletableFuture.supplyAsync(() -> objects.store(remote,
                note, null, (tx, row) -> { }, false));

        RemoteObjects.Stored one = first.get(20, TimeUnit.SECONDS);
        RemoteObjects.Stored two = second.get(20, TimeUnit.SECONDS);
        assertThat(one.created()).as("the first writer stored it").isTrue();
        assertThat(two.created()).as("the second finds it held").isFalse();
        assertThat(two.object().id()).isEqualTo(one.object().id());
        assertThat(instance.server().polity().storage().stores().objects().findObjectByUri(REMOTE + "/objects/raced"))
                .map(o -> o.contentHtml()).contains("<p>Both at once</p>");
    }
}
