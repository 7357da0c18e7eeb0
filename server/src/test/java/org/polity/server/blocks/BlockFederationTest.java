package org.polity.server.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.InboxItem;
import org.polity.server.model.Notification;
import org.polity.server.service.Forbidden;
import org.polity.server.storage.Stores;
import org.polity.server.testing.TestInstance;

/**
 * Blocks between two instances on loopback, as a person makes them (the profile page's form): the follows end on
 * both servers, the Block travels without a target (so no server takes it for a group ban), a blocked account
 * cannot follow again from either side, its replies neither notify nor show to the blocker, and the Undo restores
 * everything.
 */
class BlockFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance au;
    static TestInstance fr;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        fr = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, fr);
    }

    static Stores stores(TestInstance instance) {
        return instance.server().polity().storage().stores();
    }

    static Actor known(TestInstance instance, Actor actor) {
        return stores(instance).actors().findActorByUri(actor.uri()).orElseThrow();
    }

    static boolean follows(TestInstance instance, Actor follower, Actor followed) {
        var s = stores(instance);
        return s.actors().findActorByUri(follower.uri()).flatMap(f -> s.actors().findActorByUri(followed.uri())
                .flatMap(d -> s.follows().findFollow(f.id(), d.id()))).isPresent();
    }

    /** A public note by {@code author}, optionally a reply mentioning {@code mention}: see {@link TestInstance#post}. */
    static String post(TestInstance instance, Actor author, String content, String inReplyTo, Actor mention) {
        return instance.post(author, content, inReplyTo, mention);
    }

    @Test
    void aBlockEndsFollowsBothWaysTravelsWithoutATargetAndIsUndone() throws Exception {
        Actor alice = au.member("alice");
        Actor bob = fr.member("bob");
        au.follow("alice", fr, "bob");
        fr.follow("bob", au, "alice");
        String alicesNote = post(au, alice, "Energy tenders are public from today", null, null);
        TestInstance.eventually("bob's server has alice's note",
                () -> stores(fr).objects().findObjectByUri(alicesNote).isPresent());

        // Alice blocks bob from his profile page.
        TestInstance.Browser browser = au.loggedIn("alice");
        long bobHere = known(au, bob).id();
        Document profile = browser.page("/profiles/" + bobHere);
        assertThat(profile.select("#block-form p").text()).contains(fr.authority().replaceFirst(":\\d+$", ""));
        HttpResponse<String> blocked = browser.submit("/profiles/" + bobHere, "/blocks", Map.of());
        assertThat(blocked.statusCode()).isEqualTo(303);
        assertThat(blocked.headers().firstValue("Location")).contains("/profiles/" + bobHere);
        assertThat(browser.page("/profiles/" + bobHere).select("#blocking").text()).contains("You block this account");

        assertThat(follows(au, alice, bob)).isFalse();
        assertThat(follows(au, bob, alice)).isFalse();
        Actor aliceThere = known(fr, alice);
        TestInstance.eventually("bob's server records the block", () -> stores(fr).blocks()
                .find(aliceThere.id(), bob.id(), Block.Kind.BLOCK).isPresent());
        TestInstance.eventually("bob's server drops both follows",
                () -> !follows(fr, alice, bob) && !follows(fr, bob, alice));
        Block there = stores(fr).blocks().find(aliceThere.id(), bob.id(), Block.Kind.BLOCK).orElseThrow();
        InboxItem item = stores(fr).inbox().findInboxItemByActivityUri(there.activityUri()).orElseThrow();
        JsonNode wire = ObjectService.readTree(item.payload());
        assertThat(wire.path("type").asText()).isEqualTo("Block");
        assertThat(wire.path("object").asText()).isEqualTo(bob.uri());
        assertThat(wire.has("target")).isFalse();
        // The worker stores the outcome just after the handler's transaction, so it may trail the block by a moment.
        TestInstance.eventually("bob's server records the Block as processed", () -> stores(fr).inbox()
                .findInboxItemByActivityUri(there.activityUri()).filter(i -> "PROCESSED".equals(i.outcome()))
                .isPresent());

        // Bob cannot follow alice again from his side...
        assertThatThrownBy(() -> fr.server().polity().federation().follows().follow(bob, aliceThere, null))
                .isInstanceOf(Forbidden.class).hasMessageContaining("blocks");
        assertThat(fr.browser().get("/").statusCode()).isEqualTo(200);
        // ...and a Follow that gets through anyway (his server forgot the block) is answered with a Reject.
        stores(fr).blocks().delete(aliceThere.id(), bob.id(), Block.Kind.BLOCK);
        fr.server().polity().federation().follows().follow(bob, aliceThere, null);
        TestInstance.eventually("alice's server rejects the follow and bob's server drops it",
                () -> !follows(fr, bob, alice));
        assertThat(follows(au, bob, alice)).isFalse();

        // Bob's reply to alice, mentioning her, reaches her server but neither notifies her nor shows to her.
        String reply = post(fr, bob, "Which tenders exactly?", alicesNote, aliceThere);
        TestInstance.eventually("alice's server stores the reply",
                () -> stores(au).objects().findObjectByUri(reply).isPresent());
        assertThat(stores(au).notifications().findNotifications(alice.id(), Long.MAX_VALUE, 50))
                .filteredOn(n -> n.kind() == Notification.Kind.REPLY || n.kind() == Notification.Kind.MENTION)
                .isEmpty(); // only the follow from before the block
        String notePath = URI.create(alicesNote).getPath();
        assertThat(browser.page(notePath).text()).doesNotContain("Which tenders exactly?");
        assertThat(au.browser().page(notePath).text()).contains("Which tenders exactly?"); // others still see it

        // Alice unblocks from her settings: the Undo reaches bob's server, and bob may follow her again.
        HttpResponse<String> unblocked = browser.submit("/settings/blocks", "/blocks/delete", Map.of());
        assertThat(unblocked.statusCode()).isEqualTo(303);
        assertThat(stores(au).blocks().find(alice.id(), bobHere, Block.Kind.BLOCK)).isEmpty();
        stores(fr).blocks().upsert(aliceThere.id(), bob.id(), Block.Kind.BLOCK, there.activityUri(), false, null,
                there.createdAt()); // as it was before the test's tampering, so the Undo has something to undo
        TestInstance.eventually("bob's server lifts the block", () -> stores(fr).blocks()
                .find(aliceThere.id(), bob.id(), Block.Kind.BLOCK).isEmpty());
        fr.follow("bob", au, "alice");
        assertThat(browser.page(notePath).text()).contains("Which tenders exactly?");
        // Without the block, a reply notifies her (so the silence above was the block's doing).
        post(fr, bob, "Thanks, found them.", alicesNote, aliceThere);
        TestInstance.eventually("alice is told of bob's new reply", () -> stores(au).notifications()
                .findNotifications(alice.id(), Long.MAX_VALUE, 50).stream()
                .anyMatch(n -> n.kind() == Notification.Kind.REPLY && bobHere == n.fromActorId()));
    }

    @Test
    void aRemoteBlockOfOurMemberKeepsThemFromFollowingUntilItIsUndone() throws Exception {
        Actor carol = au.member("carol");
        Actor dan = fr.member("dan");
        au.follow("carol", fr, "dan");
        Actor carolThere = known(fr, carol);
        new Blocks(fr.server().polity()).block(dan, carolThere);
        Actor danHere = known(au, dan);
        TestInstance.eventually("carol's server records dan's block", () -> stores(au).blocks()
                .find(danHere.id(), carol.id(), Block.Kind.BLOCK).isPresent());
        TestInstance.eventually("carol's follow of dan is gone here", () -> !follows(au, carol, dan));
        assertThat(follows(fr, carol, dan)).isFalse();

        // Carol's profile view of dan says so, shows no posts, and her follow is refused with a sentence.
        TestInstance.Browser browser = au.loggedIn("carol");
        Document profile = browser.page("/profiles/" + danHere.id());
        assertThat(profile.select("#blocked-by").text()).contains("This account blocks you");
        assertThat(profile.select(".follow-form")).isEmpty();
        HttpResponse<String> refused = browser.post("/follows", Map.of("_csrf", browser.csrf("/profiles/" + danHere.id()),
                "target", dan.uri()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(TestInstance.html(refused).text()).contains("one of you blocks the other");

        new Blocks(fr.server().polity()).unblock(dan, carolThere);
        TestInstance.eventually("the Undo lifts it here", () -> stores(au).blocks()
                .find(danHere.id(), carol.id(), Block.Kind.BLOCK).isEmpty());
        au.follow("carol", fr, "dan");
        assertThat(stores(au).follows().findFollow(carol.id(), danHere.id()).map(Follow::state))
                .contains(Follow.State.ACCEPTED);
    }
}
