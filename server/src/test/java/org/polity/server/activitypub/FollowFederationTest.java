package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.InboxItem;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/** Two instances over loopback HTTP: follow, accept, delivery of a post, undo, with signatures verified. */
class FollowFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;

    static TestInstance au;
    static TestInstance fr;
    static Actor alice;
    static Actor bob;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        fr = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        alice = au.member("alice");
        bob = fr.member("bob");
    }

    @AfterAll
    static void stop() {
        au.close();
        fr.close();
    }

    static Actor actor(TestInstance instance, long id) {
        return instance.server().polity().storage().stores().actors().findActorById(id).orElseThrow();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        TestInstance.eventually(what, condition);
    }

    @Test
    void aFollowAcrossInstancesIsAcceptedAndPostsArrive() throws Exception {
        Federation auFed = au.server().polity().federation();
        Follow follow = auFed.follows().follow(alice, "@bob@" + fr.authority());
        assertThat(follow.state()).isEqualTo(Follow.State.PENDING);

        var frStores = fr.server().polity().storage().stores();
        var auStores = au.server().polity().storage().stores();
        eventually("bob has alice as a follower", () -> frStores.actors().findActorByUri(alice.uri())
                .flatMap(a -> frStores.follows().findFollow(a.id(), bob.id()))
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());
        eventually("alice's follow is accepted", () -> auStores.follows().findFollow(alice.id(),
                auStores.actors().findActorByUri(bob.uri()).orElseThrow().id())
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());
        // The outcome is stored just after the handler's transaction (which queued the Accept), so it may trail it.
        eventually("bob's server records the Follow as processed", () -> frStores.inbox()
                .findInboxItemByActivityUri(follow.activityUri()).filter(i -> "PROCESSED".equals(i.outcome()))
                .isPresent());

        // bob posts publicly; alice's instance receives it through bob's followers.
        Federation frFed = fr.server().polity().federation();
        ObjectNode note = Publisher.JSON.createObjectNode();
        String noteId = frFed.publisher().newObjectId();
        note.put("id", noteId);
        note.put("type", "Note");
        note.put("attributedTo", bob.uri());
        note.put("content", "<p>Bonjour, open data <script>x()</script></p>");
        note.set("to", Publisher.array("https://www.w3.org/ns/activitystreams#Public"));
        note.set("cc", Publisher.array(bob.followersUri()));
        ObjectNode create = frFed.publisher().activity(bob, "Create");
        create.set("object", note);
        create.set("to", note.get("to"));
        create.set("cc", note.get("cc"));
        frFed.publisher().publish(bob, create);

        eventually("alice's instance stores bob's note", () -> auStores.objects().findObjectByUri(noteId).isPresent());
        StoredObject stored = auStores.objects().findObjectByUri(noteId).orElseThrow();
        assertThat(stored.contentHtml()).contains("Bonjour").doesNotContain("script");
        assertThat(auStores.objects().findHomeTimeline(alice.id(), alice.uri(), Long.MAX_VALUE, 20))
                .extracting(StoredObject::uri).contains(noteId);

        // alice unfollows: bob's instance forgets the follow.
        auFed.follows().unfollow(alice, auStores.actors().findActorByUri(bob.uri()).orElseThrow());
        eventually("bob no longer has alice as a follower", () -> frStores.actors().findActorByUri(alice.uri())
                .flatMap(a -> frStores.follows().findFollow(a.id(), bob.id())).isEmpty());
    }

    @Test
    void aRepeatedActivityIsProcessedOnce() throws Exception {
        var frStores = fr.server().polity().storage().stores();
        // Due by a century from now: everything queued. (Instant.MAX is past PostgreSQL's timestamp range.)
        long before = frStores.inbox().findDue(java.time.Instant.now().plus(java.time.Duration.ofDays(36_525)), 1000)
                .size();
        assertThat(before).isZero();
        // The unique activity id is the rule; a second insert of the same id stores nothing.
        assertThat(frStores.inbox().insertIfNew("http://x.example/a/1", "Like", "http://x.example/u", null, "{}",
                java.time.Instant.now())).isTrue();
        assertThat(frStores.inbox().insertIfNew("http://x.example/a/1", "Like", "http://x.example/u", null, "{}",
                java.time.Instant.now())).isFalse();
        eventually("the item is processed", () -> frStores.inbox().findInboxItemByActivityUri("http://x.example/a/1")
                .filter(i -> i.state() != InboxItem.State.QUEUED || i.attempts() > 0).isPresent());
    }
    /** Following someone late: their recent public posts are backfilled into the follower's home, quietly. */
    @Test
    void anAcceptedFollowBackfillsThePersonsRecentPublicPosts() throws Exception {
        Actor writer = fr.member("writer");
        Actor reader = au.member("reader");
        ObjectService objects = fr.server().polity().federation().objects();
        List<String> published = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ObjectNode note = Publisher.JSON.createObjectNode();
            note.put("type", "Note");
            note.put("content", "Open data note " + i);
            note.set("to", Publisher.array("https://www.w3.org/ns/activitystreams#Public"));
            note.set("cc", Publisher.array(writer.followersUri()));
            published.add(objects.create(writer, note, null).objectUri());
        }
        ObjectNode quiet = Publisher.JSON.createObjectNode();
        quiet.put("type", "Note");
        quiet.put("content", "For my followers only");
        quiet.set("to", Publisher.array(writer.followersUri()));
        String followersOnly = objects.create(writer, quiet, null).objectUri();
        var auStores = au.server().polity().storage().stores();
        assertThat(auStores.objects().findObjectByUri(published.get(0))).isEmpty();

        au.server().polity().federation().follows().follow(reader, "@writer@" + fr.authority());
        eventually("the public posts are backfilled", () -> published.stream()
                .allMatch(uri -> auStores.objects().findObjectByUri(uri).isPresent()));
        assertThat(auStores.objects().findHomeTimeline(reader.id(), reader.uri(), Long.MAX_VALUE, 20))
                .extracting(StoredObject::uri).containsAll(published)
                .as("newest first, as they were published").startsWith(published.get(2));
        assertThat(auStores.objects().findObjectByUri(followersOnly)).as("only public posts").isEmpty();
        assertThat(au.server().polity().notifications().list(reader, Long.MAX_VALUE, 10))
                .allMatch(n -> n.kind() == org.polity.server.model.Notification.Kind.FOLLOW_ACCEPTED);
        assertThat(auStores.activities().findByActor(reader.id(),
                List.of(org.polity.server.model.Visibility.values()), Long.MAX_VALUE, 10))
                .extracting(org.polity.server.model.StoredActivity::type).containsExactly("Follow");
    }
}
