package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Delivery;
import org.polity.server.model.Follow;
import org.polity.server.model.StoredActivity;
import org.polity.server.testing.TestInstance;

/**
 * Three instances: a post reaches a follower's server and a mentioned person's; the follower unfollows, and the
 * retention pruning deletes the Create's delivery rows. The post's Delete still reaches both copies: who holds a
 * copy is kept apart from the deliveries (V25), and the follower's server is no longer reached any other way.
 */
class PrunedDeliveriesFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;

    static TestInstance au;
    static TestInstance fr;
    static TestInstance es;
    static Actor ana;
    static Actor bob;
    static Actor carol;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        fr = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        es = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"));
        ana = au.member("ana");
        bob = fr.member("bob");
        carol = es.member("carol");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, fr, es);
    }

    @Test
    void aDeleteReachesEveryCopyAfterTheCreatesDeliveriesWerePruned() throws Exception {
        var auStores = au.server().polity().storage().stores();
        var frStores = fr.server().polity().storage().stores();
        var esStores = es.server().polity().storage().stores();
        Federation frFed = fr.server().polity().federation();
        Federation auFed = au.server().polity().federation();

        frFed.follows().follow(bob, "@ana@" + au.authority());
        TestInstance.eventually("bob's follow of ana is accepted", () -> frStores.actors().findActorByUri(ana.uri())
                .flatMap(a -> frStores.follows().findFollow(bob.id(), a.id()))
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());

        StoredActivity created = auFed.outbox().submit(ana, ObjectLifecycleFederationTest.json("{\"type\":\"Note\","
                + "\"content\":\"<p>Procurement pilots, for carol</p>\",\"to\":[\"" + carol.uri() + "\"],\"cc\":[\""
                + ana.followersUri() + "\"]}"));
        String noteId = created.objectUri();
        TestInstance.eventually("the note reaches both servers", () -> frStores.objects().findObjectByUri(noteId)
                .isPresent() && esStores.objects().findObjectByUri(noteId).isPresent());
        TestInstance.eventually("the Create's deliveries are finished", () -> auStores.deliveries()
                .findDeliveriesByActivityId(created.id()).stream().allMatch(d -> d.state() == Delivery.State.DELIVERED));
        assertThat(auStores.deliveries().findDeliveriesByActivityId(created.id())).hasSize(2);

        // bob unfollows: ana's instance forgets him as a follower, so only the copy table knows fr holds the note.
        frFed.follows().unfollow(bob, frStores.actors().findActorByUri(ana.uri()).orElseThrow());
        TestInstance.eventually("ana no longer has bob as a follower", () -> auStores.actors().findActorByUri(bob.uri())
                .flatMap(b -> auStores.follows().findFollow(b.id(), ana.id())).isEmpty());

        // The retention has passed for everything finished so far (a cutoff in the future stands in for 30 days).
        Map<String, Integer> removed = auFed.pruner().pruneOlderThan(Instant.now().plusSeconds(1));
        assertThat(removed.get("deliveries")).isGreaterThanOrEqualTo(2);
        assertThat(auStores.deliveries().findDeliveriesByActivityId(created.id())).isEmpty();
        assertThat(au.server().polity().metrics().scrape()).contains("polity_queue_pruned_total{table=\"deliveries\"}");

        auFed.outbox().submit(ana, ObjectLifecycleFederationTest.json("{\"type\":\"Delete\",\"object\":\"" + noteId
                + "\"}"));
        TestInstance.eventually("the deletion reaches the former follower's server", () -> frStores.objects()
                .findObjectByUri(noteId).filter(o -> o.deleted()).isPresent());
        TestInstance.eventually("the deletion reaches the mentioned person's server", () -> esStores.objects()
                .findObjectByUri(noteId).filter(o -> o.deleted()).isPresent());
    }
}
