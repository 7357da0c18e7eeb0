package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.SharedInterop;
import org.polity.server.groups.Groups;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * The other direction: a Polity member joins a Lemmy community and reads and writes in it, over real HTTP. A
 * stand-in Lemmy server on loopback serves the community (Lemmy's own group.json) and its users, accepts the
 * Follow with Lemmy's accept.json, and sends Lemmy's own announce payloads (announce_create_page.json, and
 * create_page, create_comment, update_page and remove_note wrapped in the community's Announce as Lemmy wraps
 * them), all re-hosted and signed with draft-cavage by the community. What the member posts there reaches
 * the community in the shape Lemmy reads: a single-typed Page with a name and audience, a Note in reply.
 *
 * <p>Joining late: a second community ({@code /c/late}) serves an outbox in Lemmy's shape (group_outbox.json:
 * Announce{Create{Page}} inline) with more posts than the backfill takes, a post's context collection with a
 * comment, and two items that name posts of another origin; a member who joins it gets the newest posts and
 * the comment, and the other origin's posts only as that origin serves them.
 *
 * <p>Every test joins with a member of its own. Skipped, with a message, where ../shared/interop is absent.
 */
class LemmyCommunityInteropTest {
    @TempDir
    static Path dir;
    static TestInstance au;
    static LocalServer lemmy;
    static Path fixtures;
    static KeyPair communityKey;
    static Actor community;
    static Actor late;
    /** Another server, whose posts the late community's outbox names (one it serves, one it does not). */
    static LocalServer elsewhere;
    static final int LATE_POSTS = 25;
    private static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        fixtures = SharedInterop.require("fixtures").resolve("lemmy/lemmy");
        au = TestInstance.federating(dir, Map.of());
        lemmy = new LocalServer();
        elsewhere = new LocalServer();
        communityKey = RsaKeys.generate();
        for (String name : List.of("main", "late")) {
            ObjectNode group = (ObjectNode) Publisher.JSON.readTree(rehost(Files.readString(
                    fixtures.resolve("objects/group.json")).replace("/c/tenforward", "/c/" + name)
                    .replace("\"tenforward\"", "\"" + name + "\"").replace(name + "//featured", name + "/featured")));
            ((ObjectNode) group.get("publicKey")).put("publicKeyPem", RsaKeys.publicKeyPem(communityKey.getPublic()));
            lemmy.route("/c/" + name, req -> LocalServer.Reply.activity(group.toString()));
            lemmy.route("/c/" + name + "/inbox", req -> LocalServer.Reply.of(200));
        }
        serveLateOutbox();
        String person = Files.readString(fixtures.resolve("objects/person.json"));
        for (String user : List.of("lemmy_alpha", "lemmy_beta", "picard")) {
            ObjectNode doc = (ObjectNode) Publisher.JSON.readTree(rehost(person).replace("/u/picard", "/u/" + user)
                    .replace("\"picard\"", "\"" + user + "\""));
            ((ObjectNode) doc.get("publicKey")).put("publicKeyPem",
                    RsaKeys.publicKeyPem(RsaKeys.generate().getPublic()));
            lemmy.route("/u/" + user, req -> LocalServer.Reply.activity(doc.toString()));
        }
        lemmy.route("/inbox", req -> LocalServer.Reply.of(200));
        community = au.server().polity().federation().actors().resolve(lemmy.base() + "/c/main",
                FetchBudget.perRequest());
        late = au.server().polity().federation().actors().resolve(lemmy.base() + "/c/late",
                FetchBudget.perRequest());
    }

    /**
     * {@code /c/late/outbox}, newest first as Lemmy serves it: two posts named by the community but living on
     * another origin (the first served there with other text than the copy embedded here, the second not
     * served at all), then {@value #LATE_POSTS} posts of the community's own server (Lemmy's page.json), the
     * newest of which has a context collection with a comment (Lemmy's comment.json).
     */
    static void serveLateOutbox() throws Exception {
        ObjectNode wrapper = (ObjectNode) fixture("collections/group_outbox.json").get("orderedItems").get(0);
        ObjectNode page = fixture("objects/page.json");
        var items = Publisher.JSON.createArrayNode();
        for (String n : List.of("666", "667")) {
            ObjectNode forged = page.deepCopy();
            forged.put("id", elsewhere.base() + "/post/" + n);
            forged.put("attributedTo", elsewhere.base() + "/u/mallory");
            forged.put("name", "Forged " + n);
            forged.put("published", "2024-02-01T00:00:00Z");
            forged.remove("context");
            items.add(lateItem(wrapper, forged));
        }
        for (int i = LATE_POSTS - 1; i >= 0; i--) {
            ObjectNode post = page.deepCopy();
            post.put("id", lemmy.base() + "/post/late" + i);
            post.put("name", "Late post " + i);
            post.put("published", String.format("2024-01-%02dT10:00:00Z", i + 1));
            post.put("context", lemmy.base() + "/post/late" + i + "/context");
            items.add(lateItem(wrapper, post));
            lemmy.route("/post/late" + i, req -> LocalServer.Reply.activity(post.toString()));
        }
        ObjectNode outbox = fixture("collections/group_outbox.json");
        outbox.put("id", lemmy.base() + "/c/late/outbox");
        outbox.put("totalItems", items.size());
        outbox.set("orderedItems", items);
        lemmy.route("/c/late/outbox", req -> LocalServer.Reply.activity(outbox.toString()));

        String newest = lemmy.base() + "/post/late" + (LATE_POSTS - 1);
        ObjectNode comment = fixture("objects/comment.json");
        comment.put("id", lemmy.base() + "/comment/late");
        comment.put("inReplyTo", newest);
        lemmy.route("/comment/late", req -> LocalServer.Reply.activity(comment.toString()));
        ObjectNode context = Publisher.JSON.createObjectNode();
        context.put("id", newest + "/context");
        context.put("type", "OrderedCollection");
        context.set("orderedItems", Publisher.array(newest, comment.get("id").asText()));
        lemmy.route("/post/late" + (LATE_POSTS - 1) + "/context", req -> LocalServer.Reply.activity(context.toString()));

        ObjectNode genuine = page.deepCopy();
        genuine.put("id", elsewhere.base() + "/post/666");
        genuine.put("attributedTo", elsewhere.base() + "/u/mallory");
        genuine.put("name", "Genuine 666");
        genuine.put("content", "<p>As its own server serves it.</p>");
        genuine.set("to", Publisher.array(lemmy.base() + "/c/late", "https://www.w3.org/ns/activitystreams#Public"));
        genuine.put("audience", lemmy.base() + "/c/late");
        // Its own server also serves a context collection naming a reply the community never announced (one the
        // community's moderators removed, say): the community's host, not the thread's, says what is in it.
        genuine.put("context", elsewhere.base() + "/post/666/context");
        elsewhere.route("/post/666", req -> LocalServer.Reply.activity(genuine.toString()));
        ObjectNode injected = fixture("objects/comment.json");
        injected.put("id", elsewhere.base() + "/comment/injected");
        injected.put("attributedTo", elsewhere.base() + "/u/mallory");
        injected.put("inReplyTo", genuine.get("id").asText());
        injected.put("content", "<p>Removed by the moderators</p>");
        injected.set("to", Publisher.array(lemmy.base() + "/c/late", "https://www.w3.org/ns/activitystreams#Public"));
        injected.put("audience", lemmy.base() + "/c/late");
        ObjectNode injectedContext = Publisher.JSON.createObjectNode();
        injectedContext.put("id", elsewhere.base() + "/post/666/context");
        injectedContext.put("type", "OrderedCollection");
        injectedContext.set("orderedItems", Publisher.array(genuine.get("id").asText()).add(injected));
        elsewhere.route("/post/666/context", req -> LocalServer.Reply.activity(injectedContext.toString()));
        elsewhere.route("/comment/injected", req -> LocalServer.Reply.activity(injected.toString()));
        ObjectNode mallory = (ObjectNode) Publisher.JSON.readTree(Files.readString(fixtures.resolve("objects/person.json"))
                .replace("https://enterprise.lemmy.ml", elsewhere.base()).replace("/u/picard", "/u/mallory")
                .replace("\"picard\"", "\"mallory\""));
        ((ObjectNode) mallory.get("publicKey")).put("publicKeyPem", RsaKeys.publicKeyPem(RsaKeys.generate().getPublic()));
        elsewhere.route("/u/mallory", req -> LocalServer.Reply.activity(mallory.toString()));
    }

    /** One outbox item in Lemmy's shape: the community's Announce of the author's Create of {@code post}. */
    static ObjectNode lateItem(ObjectNode wrapper, ObjectNode post) {
        String community = lemmy.base() + "/c/late";
        ObjectNode item = wrapper.deepCopy();
        item.put("actor", community);
        item.put("id", lemmy.base() + "/activities/announce/" + UUID.randomUUID());
        item.set("cc", Publisher.array(community + "/followers"));
        ObjectNode create = (ObjectNode) item.get("object");
        create.put("actor", post.get("attributedTo").asText());
        create.put("id", lemmy.base() + "/activities/create/" + UUID.randomUUID());
        create.set("cc", Publisher.array(community));
        ObjectNode copy = post.deepCopy();
        copy.set("to", Publisher.array(community, "https://www.w3.org/ns/activitystreams#Public"));
        copy.put("audience", community);
        create.set("object", copy);
        return item;
    }

    /** A new member of ours who joins {@code group} and whom the community accepts (Lemmy's accept.json). */
    static Actor joined(Actor group) throws Exception {
        Actor member = au.member("alice" + SEQ.incrementAndGet());
        Follow follow = au.server().polity().federation().groups().membership().join(member, group, "");
        assertThat(follow.state()).isEqualTo(Follow.State.PENDING);
        eventually("Lemmy receives the Follow", () -> received().stream().anyMatch(a ->
                a.path("type").asText().equals("Follow") && a.path("id").asText().equals(follow.activityUri())));
        ObjectNode accept = fixture("activities/following/accept.json");
        accept.put("actor", group.uri());
        accept.put("id", lemmy.base() + "/activities/accept/" + UUID.randomUUID());
        ObjectNode followRef = (ObjectNode) accept.get("object");
        followRef.put("id", follow.activityUri());
        followRef.put("actor", member.uri());
        followRef.put("object", group.uri());
        accept.set("to", Publisher.array(member.uri()));
        send(accept);
        eventually(member.acct() + " is a member", () -> au.server().polity().federation().groups()
                .queries().isMember(group, member));
        return member;
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(lemmy, elsewhere, au);
    }

    /** A Lemmy fixture with every Lemmy host moved to the stand-in server (the community is /c/main there). */
    static String rehost(String json) {
        String base = lemmy.base();
        return json.replace("http://enterprise.lemmy.ml/u/main", base + "/c/main")
                .replace("https://enterprise.lemmy.ml", base).replace("http://enterprise.lemmy.ml", base)
                .replace("https://ds9.lemmy.ml", base).replace("http://ds9.lemmy.ml", base);
    }

    static ObjectNode fixture(String path) throws Exception {
        return (ObjectNode) Publisher.JSON.readTree(rehost(Files.readString(fixtures.resolve(path))));
    }

    /** The community wraps an activity in its Announce, as Lemmy does (announce_create_page.json's shape). */
    static ObjectNode announce(ObjectNode activity) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("actor", community.uri());
        a.set("to", Publisher.array("https://www.w3.org/ns/activitystreams#Public"));
        a.set("object", activity);
        a.set("cc", Publisher.array(community.uri() + "/followers"));
        a.put("type", "Announce");
        a.put("id", lemmy.base() + "/activities/announce/" + UUID.randomUUID());
        return a;
    }

    /** Posts to our shared inbox signed with draft-cavage by the community, as Lemmy does. */
    static HttpResponse<String> send(ObjectNode activity) throws Exception {
        HttpResponse<String> r = StandIn.post(URI.create(au.server().baseUrl() + "/inbox"), activity,
                activity.path("actor").asText() + "#main-key", communityKey.getPrivate());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return r;
    }

    static List<JsonNode> received() {
        return StandIn.received(lemmy);
    }

    static Optional<StoredObject> object(String uri) {
        return au.server().polity().storage().stores().objects().findObjectByUri(uri);
    }

    static Optional<GroupThread> thread(String uri) {
        return au.server().polity().storage().stores().groups().findThread(uri);
    }

    @Test
    void aPolityMemberJoinsALemmyCommunity() throws Exception {
        assertThat(community.displayName()).isEqualTo("Ten Forward");
        Actor alice = joined(community);
        assertThat(au.server().polity().federation().groups().queries().memberships(alice, Follow.State.ACCEPTED, 10))
                .hasSize(1);
    }

    @Test
    void announcedPostsAndCommentsBecomeThreadsAndReplies() throws Exception {
        joined(community);
        ObjectNode announced = fixture("activities/community/announce_create_page.json");
        String post7 = announced.path("object").path("object").path("id").asText();
        send(announced);
        eventually("the announced post is a thread of the community", () -> thread(post7).isPresent());
        assertThat(thread(post7).orElseThrow().groupUri()).isEqualTo(community.uri());
        assertThat(object(post7).orElseThrow().name()).isEqualTo("post 4");

        ObjectNode createPage = fixture("activities/create_or_update/create_page.json");
        String post1 = createPage.path("object").path("id").asText();
        send(announce(createPage));
        eventually("post 1 is a thread", () -> thread(post1).isPresent());

        ObjectNode createComment = fixture("activities/create_or_update/create_comment.json");
        String comment = createComment.path("object").path("id").asText();
        send(announce(createComment));
        eventually("the comment is a reply in post 1's thread", () -> au.server().polity().storage().stores()
                .groups().findThreadPosts(post1, 10).contains(comment));
        assertThat(thread(post1).orElseThrow().replyCount()).isEqualTo(1);

        send(announce(fixture("activities/create_or_update/update_page.json")));
        eventually("the edit applies", () -> "test post 1".equals(object(post1).orElseThrow().name()));

        // A moderator's removal (a Delete by someone who is not the author), announced by the community.
        send(announce(fixture("activities/deletion/remove_note.json")));
        eventually("the removed comment is gone", () -> object(comment).orElseThrow().deleted());
        assertThat(thread(post1).orElseThrow().replyCount()).isZero();
    }

    @Test
    void aBanInTheCommunityAnnouncedAsLemmysBlockEndsTheMembershipAndItsUndoLiftsIt() throws Exception {
        Actor member = joined(community);
        var stores = au.server().polity().storage().stores();
        ObjectNode block = fixture("activities/block/block_user.json");
        block.put("object", member.uri());
        // The fixture's ban ended in 2021, and an ended ban bans no one: this one ends in a month.
        block.put("endTime", java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toString());
        block.put("id", lemmy.base() + "/activities/block/" + UUID.randomUUID());
        send(announce(block));
        eventually("the ban is recorded", () -> stores.groups().isBanned(community.id(), member.id()));
        assertThat(au.server().polity().federation().groups().queries().isMember(community, member)).isFalse();

        ObjectNode undo = Publisher.JSON.createObjectNode();
        undo.put("actor", block.path("actor").asText());
        undo.set("to", Publisher.array("https://www.w3.org/ns/activitystreams#Public"));
        undo.set("object", block);
        undo.set("cc", Publisher.array(community.uri()));
        undo.put("type", "Undo");
        undo.put("id", lemmy.base() + "/activities/undo/" + UUID.randomUUID());
        send(announce(undo));
        eventually("the ban is lifted", () -> !stores.groups().isBanned(community.id(), member.id()));
    }

    @Test
    void whatTheMemberPostsReachesTheCommunityAsLemmyReadsIt() throws Exception {
        Actor alice = joined(community);
        // A thread of this test's own (Lemmy's create_page.json under another id).
        ObjectNode createPage = fixture("activities/create_or_update/create_page.json");
        String post1 = lemmy.base() + "/post/1-" + UUID.randomUUID();
        ((ObjectNode) createPage.get("object")).put("id", post1);
        createPage.put("id", createPage.get("id").asText() + "-" + UUID.randomUUID());
        send(announce(createPage));
        eventually("the post is a thread", () -> thread(post1).isPresent());
        Groups groups = au.server().polity().federation().groups();
        String reply = groups.posting().reply(alice, post1, "Hello from a Polity instance.").objectUri();
        eventually("the community receives the reply", () -> received().stream().anyMatch(a ->
                a.path("type").asText().equals("Create") && a.path("object").path("id").asText().equals(reply)));
        JsonNode note = received().stream().filter(a -> a.path("object").path("id").asText().equals(reply))
                .findFirst().orElseThrow().get("object");
        assertThat(note.path("type").asText()).isEqualTo("Note");
        assertThat(note.path("inReplyTo").asText()).isEqualTo(post1);
        assertThat(note.path("audience").asText()).isEqualTo(community.uri());
        // The community's server may remove our member's reply from the community, not delete her original.
        ObjectNode removal = Publisher.JSON.createObjectNode();
        removal.put("id", lemmy.base() + "/activities/delete/" + UUID.randomUUID());
        removal.put("type", "Delete");
        removal.put("actor", lemmy.base() + "/u/lemmy_beta");
        removal.put("object", reply);
        removal.set("to", Publisher.array("https://www.w3.org/ns/activitystreams#Public"));
        removal.put("audience", community.uri());
        ObjectNode wrapped = announce(removal);
        send(wrapped);
        eventually("the removal was handled", () -> au.server().polity().storage().stores().inbox()
                .findInboxItemByActivityUri(wrapped.get("id").asText()).filter(i -> i.outcome() != null).isPresent());
        assertThat(object(reply).orElseThrow().deleted()).isFalse();

        String thread = groups.posting().startThread(alice, community, "Open grid data", "How do you publish it?",
                GroupThread.Kind.DISCUSSION, List.of()).objectUri();
        eventually("the community receives the thread", () -> received().stream().anyMatch(a ->
                a.path("type").asText().equals("Create") && a.path("object").path("id").asText().equals(thread)));
        JsonNode page = received().stream().filter(a -> a.path("object").path("id").asText().equals(thread))
                .findFirst().orElseThrow().get("object");
        assertThat(page.get("type").isTextual()).as("Lemmy reads one type").isTrue();
        assertThat(page.path("type").asText()).isEqualTo("Page");
        assertThat(page.path("name").asText()).isEqualTo("Open grid data");
        assertThat(page.path("audience").asText()).isEqualTo(community.uri());
        assertThat(Publisher.addresses(page, "to")).contains(community.uri());
    }
    @Test
    void aMemberWhoJoinsLateGetsTheNewestPostsAndTheirCommentsWithinTheLimits() throws Exception {
        Actor alice = joined(late);
        var stores = au.server().polity().storage().stores();
        Backfill.Limits limits = Backfill.Limits.DEFAULT;
        String newest = lemmy.base() + "/post/late" + (LATE_POSTS - 1);
        eventually("the newest post and its comment are backfilled", () -> stores.groups()
                .findThreadPosts(newest, 10).contains(lemmy.base() + "/comment/late"));
        eventually("the limit of threads is reached", () -> stores.groups().findThreads(late.uri(), 0, 100).size()
                == limits.threads());
        assertThat(thread(newest).orElseThrow().replyCount()).isEqualTo(1);
        // Another origin's post named in the outbox is believed only as that origin serves it, or not at all.
        String other = elsewhere.base() + "/post/666";
        assertThat(object(other).orElseThrow().name()).isEqualTo("Genuine 666");
        assertThat(object(elsewhere.base() + "/post/667")).isEmpty();
        assertThat(object(elsewhere.base() + "/comment/injected")).as("a reply only the thread's own server lists")
                .isEmpty();
        // The newest posts within the limit (one place taken by the other origin's), the oldest not at all.
        assertThat(thread(lemmy.base() + "/post/late" + (LATE_POSTS - limits.threads() + 1))).isPresent();
        assertThat(thread(lemmy.base() + "/post/late" + (LATE_POSTS - limits.threads()))).isEmpty();
        assertThat(object(lemmy.base() + "/post/late0")).isEmpty();
        assertThat(object(newest).orElseThrow().name()).isEqualTo("Late post " + (LATE_POSTS - 1));
        // They show on the community's page here, and tell no one.
        assertThat(au.loggedIn(alice.username()).page("/remote-groups/" + late.id()).text())
                .contains("Late post " + (LATE_POSTS - 1)).doesNotContain("No threads yet");
        assertThat(au.server().polity().notifications().list(alice, Long.MAX_VALUE, 10))
                .allMatch(n -> n.kind() == org.polity.server.model.Notification.Kind.GROUP_JOINED); // her join only
    }
}
