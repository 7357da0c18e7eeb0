package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.inbox.Outcome;
import org.polity.server.activitypub.inbox.InboxContext;
import org.polity.server.activitypub.inbox.InboxHandlers;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.InboxItem;
import org.polity.server.model.StoredActivity;
import org.polity.server.testing.TestInstance;

/**
 * Two instances: a locked account approves a follower from the other instance, then a post is created,
 * edited and deleted through the C2S path and every change reaches the follower's instance; only the
 * author may change it.
 */
class ObjectLifecycleFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;

    static TestInstance au;
    static TestInstance fr;
    static Actor alice;
    static Actor bob;
    static Actor carol;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        fr = TestInstance.federating(dirB, Map.of());
        alice = au.member("alice");
        var frAccounts = fr.server().polity().accounts();
        bob = fr.member("bob");
        frAccounts.setManuallyApprovesFollowers(frAccounts.findByUsername("bob").orElseThrow(), true);
        bob = FollowFederationTest.actor(fr, bob.id());
        carol = fr.member("carol");
    }

    @AfterAll
    static void stop() {
        au.close();
        fr.close();
    }

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Publisher.JSON.readTree(text);
    }

    @Test
    void aLockedAccountApprovesThenPostsEditsAndDeletes() throws Exception {
        assertThat(bob.manuallyApprovesFollowers()).isTrue();
        var auStores = au.server().polity().storage().stores();
        var frStores = fr.server().polity().storage().stores();

        au.server().polity().federation().outbox().submit(alice,
                json("{\"type\":\"Follow\",\"object\":\"" + bob.uri() + "\"}"));
        FollowFederationTest.eventually("bob has a pending request from alice", () -> frStores.actors()
                .findActorByUri(alice.uri()).flatMap(a -> frStores.follows().findFollow(a.id(), bob.id()))
                .filter(f -> f.state() == Follow.State.PENDING).isPresent());
        Thread.sleep(300);
        long bobOnAu = auStores.actors().findActorByUri(bob.uri()).orElseThrow().id();
        assertThat(auStores.follows().findFollow(alice.id(), bobOnAu)).get()
                .extracting(Follow::state).isEqualTo(Follow.State.PENDING);

        Follow request = frStores.follows().findFollowers(bob.id(), Follow.State.PENDING, 0, 10).get(0);
        fr.server().polity().federation().follows().approve(bob, request.id());
        FollowFederationTest.eventually("alice's follow is accepted on her instance", () -> auStores.follows()
                .findFollow(alice.id(), bobOnAu).filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());

        Federation frFed = fr.server().polity().federation();
        StoredActivity created = frFed.outbox().submit(bob, json("{\"type\":\"Note\",\"content\":\"<p>Energy data"
                + " is open</p>\",\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"],\"cc\":[\""
                + bob.followersUri() + "\"]}"));
        String noteId = created.objectUri();
        FollowFederationTest.eventually("the note reaches alice's instance",
                () -> auStores.objects().findObjectByUri(noteId).isPresent());

        frFed.outbox().submit(bob, json("{\"type\":\"Update\",\"object\":{\"id\":\"" + noteId
                + "\",\"type\":\"Note\",\"content\":\"<p>Energy data is open, edited</p>\"}}"));
        FollowFederationTest.eventually("the edit reaches alice's instance", () -> auStores.objects()
                .findObjectByUri(noteId).filter(o -> o.contentHtml().contains("edited")).isPresent());

        // carol (same server as bob, validly signed) cannot delete bob's post on alice's instance.
        ObjectNode forged = json("{\"id\":\"" + carol.uri() + "/deletes/1\",\"type\":\"Delete\",\"actor\":\""
                + carol.uri() + "\",\"object\":\"" + noteId + "\"}");
        InboxItem item = new InboxItem(0, forged.get("id").asText(), "Delete", carol.uri(), null, forged.toString(),
                Instant.now(), InboxItem.State.QUEUED, 0, Instant.now(), null, null);
        Outcome outcome = InboxHandlers.table().dispatch(new InboxContext(au.server().polity(), item), forged);
        assertThat(outcome.kind()).as(outcome.detail()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(auStores.objects().findObjectByUri(noteId).orElseThrow().deleted()).isFalse();

        frFed.outbox().submit(bob, json("{\"type\":\"Delete\",\"object\":\"" + noteId + "\"}"));
        FollowFederationTest.eventually("the deletion reaches alice's instance", () -> auStores.objects()
                .findObjectByUri(noteId).filter(o -> o.deleted()).isPresent());
    }
}
