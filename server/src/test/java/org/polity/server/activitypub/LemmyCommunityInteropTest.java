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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.SharedInterop;
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
 * <p>Skipped, with a message, where ../shared/interop is absent.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LemmyCommunityInteropTest {
    @TempDir
    static Path dir;
    static TestInstance au;
    static LocalServer lemmy;
    static Path fixtures;
    static KeyPair communityKey;
    static Actor alice;
    static Actor community;

    @BeforeAll
    static void start() throws Exception {
        fixtures = SharedInterop.require("fixtures").resolve("lemmy/lemmy");
        au = TestInstance.federating(dir, Map.of());
        alice = au.member("alice");
        lemmy = new LocalServer();
        communityKey = RsaKeys.generate();
        ObjectNode group = (ObjectNode) Publisher.JSON.readTree(rehost(Files.readString(
                fixtures.resolve("objects/group.json")).replace("/c/tenforward", "/c/main")
                .replace("\"tenforward\"", "\"main\"").replace("main//featured", "main/featured")));
        ((ObjectNode) group.get("publicKey")).put("publicKeyPem", RsaKeys.publicKeyPem(communityKey.getPublic()));
        lemmy.route("/c/main", req -> LocalServer.Reply.activity(group.toString()));
        String person = Files.readString(fixtures.resolve("objects/person.json"));
        for (String user : List.of("lemmy_alpha", "lemmy_beta")) {
            ObjectNode doc = (ObjectNode) Publisher.JSON.readTree(rehost(person).replace("/u/picard", "/u/" + user)
                    .replace("\"picard\"", "\"" + user + "\""));
            ((ObjectNode) doc.get("publicKey")).put("publicKeyPem",
                    RsaKeys.publicKeyPem(RsaKeys.generate().getPublic()));
            lemmy.route("/u/" + user, req -> LocalServer.Reply.activity(doc.toString()));
        }
        lemmy.route("/c/main/inbox", req -> LocalServer.Reply.of(200));
        lemmy.route("/inbox", req -> LocalServer.Reply.of(200));
    }

    @AfterAll
    static void stop() {
        if (lemmy != null) {
            lemmy.close();
        }
        if (au != null) {
            au.close();
        }
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
        HttpResponse<String> r = StandIn.post(URI.create(au.server().baseUrl() + "/inbox"), activity, community.uri() + "#main-key", communityKey.getPrivate());
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
    @Order(1)
    void aPolityMemberJoinsALemmyCommunity() throws Exception {
        community = au.server().polity().federation().actors().resolve(lemmy.base() + "/c/main",
                FetchBudget.perRequest());
        assertThat(community.displayName()).isEqualTo("Ten Forward");
        Follow follow = au.server().polity().federation().groups().join(alice, community, "");
        assertThat(follow.state()).isEqualTo(Follow.State.PENDING);
        eventually("Lemmy receives the Follow", () -> received().stream().anyMatch(a ->
                a.path("type").asText().equals("Follow") && a.path("object").asText().equals(community.uri())));
        ObjectNode accept = fixture("activities/following/accept.json");
        ObjectNode followRef = (ObjectNode) accept.get("object");
        followRef.put("id", follow.activityUri());
        followRef.put("actor", alice.uri());
        accept.set("to", Publisher.array(alice.uri()));
        send(accept);
        eventually("alice is a member", () -> au.server().polity().federation().groups().isMember(community, alice));
    }

    @Test
    @Order(2)
    void announcedPostsAndCommentsBecomeThreadsAndReplies() throws Exception {
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
    @Order(3)
    void whatTheMemberPostsReachesTheCommunityAsLemmyReadsIt() throws Exception {
        String post1 = lemmy.base() + "/post/1";
        GroupService groups = au.server().polity().federation().groups();
        String reply = groups.reply(alice, post1, "Hello from a Polity instance.").objectUri();
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

        String thread = groups.startThread(alice, community, "Open grid data", "How do you publish it?",
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
}
