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
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.SharedInterop;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * A Lemmy user joins a Polity group and posts to it, over real HTTP: a stand-in Lemmy server on loopback
 * serves the user's actor document (Lemmy's own person.json, re-hosted) and receives what the group sends;
 * the activities are Lemmy's own payloads from ../shared/interop/fixtures/lemmy (follow, create_page,
 * create_comment, update_page, delete_page), re-hosted the same way and signed with draft-cavage as Lemmy
 * signs. The group accepts the Follow, takes the post as a thread and the comment as a reply, and re-sends each
 * to its members as Lemmy expects: Announce wrapping the activity (FEP-1b12). A Mastodon-style reply (no
 * audience, addressed to the thread's author) lands in the same thread.
 *
 * <p>Every test posts under post and comment ids of its own, so none depends on another having run.
 * Skipped, with a message, where ../shared/interop is absent.
 */
class LemmyGroupInteropTest {
    @TempDir
    static Path dir;
    static TestInstance au;
    static LocalServer lemmy;
    static Path fixtures;
    static KeyPair key;
    static Actor group;
    static Actor alice;

    @BeforeAll
    static void start() throws Exception {
        fixtures = SharedInterop.require("fixtures").resolve("lemmy/lemmy");
        au = TestInstance.federating(dir, Map.of());
        alice = au.member("alice");
        group = au.server().polity().federation().groups().setup().create(alice, "energy", "Energy transparency", "",
                GroupInfo.Membership.OPEN, false);
        key = RsaKeys.generate();
        lemmy = new LocalServer();
        String person = rehost(Files.readString(fixtures.resolve("objects/person.json")))
                .replace("/u/picard", "/u/lemmy_alpha").replace("\"picard\"", "\"lemmy_alpha\"");
        ObjectNode actor = (ObjectNode) Publisher.JSON.readTree(person);
        ObjectNode publicKey = (ObjectNode) actor.get("publicKey");
        publicKey.put("publicKeyPem", RsaKeys.publicKeyPem(key.getPublic()));
        lemmy.route("/u/lemmy_alpha", req -> LocalServer.Reply.activity(actor.toString()));
        lemmy.route("/u/lemmy_alpha/inbox", req -> LocalServer.Reply.of(200));
        lemmy.route("/inbox", req -> LocalServer.Reply.of(200));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(lemmy, au);
    }

    /** A Lemmy fixture with its hosts moved to the stand-in server and its community to our group. */
    static String rehost(String json) {
        String base = lemmy.base();
        return json.replace("https://enterprise.lemmy.ml/c/main", group.uri())
                .replace("http://enterprise.lemmy.ml/c/main", group.uri())
                .replace("http://enterprise.lemmy.ml/u/main", group.uri())
                .replace("https://enterprise.lemmy.ml", base).replace("http://enterprise.lemmy.ml", base)
                .replace("https://ds9.lemmy.ml", base).replace("http://ds9.lemmy.ml", base);
    }

    static ObjectNode fixture(String path) throws Exception {
        return fixture(path, null);
    }

    /**
     * As {@link #fixture(String)}, with Lemmy's post 1 and comment 1 renamed for one test ({@code run}), so
     * tests do not share posts.
     */
    static ObjectNode fixture(String path, String run) throws Exception {
        String json = rehost(Files.readString(fixtures.resolve(path)));
        if (run != null) {
            json = json.replace(lemmy.base() + "/post/1\"", lemmy.base() + "/post/1-" + run + "\"")
                    .replace(lemmy.base() + "/comment/1\"", lemmy.base() + "/comment/1-" + run + "\"");
        }
        ObjectNode activity = (ObjectNode) Publisher.JSON.readTree(json);
        activity.put("id", activity.get("id").asText() + "-" + UUID.randomUUID()); // each run is new
        return activity;
    }

    /** The Lemmy user is a member of the group (it follows, the group accepts at once). */
    static void lemmyUserIsMember() throws Exception {
        var known = au.server().polity().federation().actors().known(actorUri());
        if (known.isPresent() && au.server().polity().federation().groups().queries().isMember(group, known.get())) {
            return;
        }
        assertThat(send(fixture("activities/following/follow.json")).statusCode()).isEqualTo(202);
        eventually("the Lemmy user is a member", () -> au.server().polity().federation().actors().known(actorUri())
                .map(a -> au.server().polity().federation().groups().queries().isMember(group, a)).orElse(false));
    }

    /** A Lemmy post (create_page.json) of this test's own, held as a thread of the group; its id. */
    static String lemmyThread(String run) throws Exception {
        lemmyUserIsMember();
        ObjectNode create = fixture("activities/create_or_update/create_page.json", run);
        String pageId = create.path("object").path("id").asText();
        assertThat(send(create).statusCode()).isEqualTo(202);
        eventually("the group holds the post as a thread", () -> au.server().polity().storage().stores().groups()
                .findThread(pageId).isPresent());
        return pageId;
    }

    static String actorUri() {
        return lemmy.base() + "/u/lemmy_alpha";
    }

    /** Posts an activity to the group's inbox signed with draft-cavage, as Lemmy does. */
    static HttpResponse<String> send(ObjectNode activity) throws Exception {
        return StandIn.post(URI.create(group.inboxUri()), activity, actorUri() + "#main-key", key.getPrivate());
    }

    /** Bodies the stand-in Lemmy received in its inboxes. */
    static List<JsonNode> received() {
        return StandIn.received(lemmy);
    }

    static boolean announced(String innerType, String objectId) {
        return received().stream().anyMatch(a -> a.path("type").asText().equals("Announce")
                && a.path("actor").asText().equals(group.uri())
                && a.path("object").path("type").asText().equals(innerType)
                && (objectId.equals(a.path("object").path("object").asText())
                        || objectId.equals(a.path("object").path("object").path("id").asText())));
    }

    static java.util.Optional<StoredObject> object(String uri) {
        return au.server().polity().storage().stores().objects().findObjectByUri(uri);
    }

    @Test
    void aLemmyUserJoinsTheGroupAndIsAccepted() throws Exception {
        ObjectNode follow = fixture("activities/following/follow.json");
        assertThat(follow.get("object").asText()).isEqualTo(group.uri());
        HttpResponse<String> r = send(follow);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        eventually("the Lemmy instance receives the group's Accept", () -> received().stream()
                .anyMatch(a -> a.path("type").asText().equals("Accept")
                        && a.path("object").path("id").asText().equals(follow.get("id").asText())));
        Actor member = au.server().polity().federation().actors().known(actorUri()).orElseThrow();
        assertThat(au.server().polity().federation().groups().queries().isMember(group, member)).isTrue();
    }

    @Test
    void aLemmyPostBecomesAThreadAndIsAnnouncedToMembers() throws Exception {
        lemmyUserIsMember();
        ObjectNode create = fixture("activities/create_or_update/create_page.json", UUID.randomUUID().toString());
        String pageId = create.path("object").path("id").asText();
        // A member cannot pin their own post by saying so: only our moderators pin in our groups.
        ((ObjectNode) create.get("object")).put("stickied", true);
        assertThat(send(create).statusCode()).isEqualTo(202);
        eventually("the group holds the post as a thread", () -> au.server().polity().storage().stores().groups()
                .findThread(pageId).isPresent());
        GroupThread thread = au.server().polity().storage().stores().groups().findThread(pageId).orElseThrow();
        assertThat(thread.groupUri()).isEqualTo(group.uri());
        assertThat(object(pageId).orElseThrow().name()).isEqualTo("test post");
        assertThat(thread.pinned()).isFalse();
        eventually("the group re-sends the Create, wrapped in an Announce", () -> announced("Create", pageId));
        // For Mastodon, which does not read an announced Create, the group also boosts the post itself.
        eventually("the group also announces the post by id", () -> received().stream().anyMatch(a ->
                a.path("type").asText().equals("Announce") && a.path("object").asText().equals(pageId)));
    }

    @Test
    void aLemmyCommentAndAMastodonStyleReplyLandInTheThread() throws Exception {
        String run = UUID.randomUUID().toString();
        lemmyThread(run);
        ObjectNode comment = fixture("activities/create_or_update/create_comment.json", run);
        String commentId = comment.path("object").path("id").asText();
        String pageId = comment.path("object").path("inReplyTo").asText();
        assertThat(send(comment).statusCode()).isEqualTo(202);
        eventually("the comment is in the thread", () -> au.server().polity().storage().stores().groups()
                .findThreadPosts(pageId, 10).contains(commentId));
        eventually("the comment is announced", () -> announced("Create", commentId));

        // Mastodon replies name the parent's author and the public, not the group: the parent places it.
        ObjectNode note = Publisher.JSON.createObjectNode();
        String noteId = lemmy.base() + "/users/lemmy_alpha/statuses/" + UUID.randomUUID();
        note.put("id", noteId);
        note.put("type", "Note");
        note.put("attributedTo", actorUri());
        note.put("inReplyTo", commentId);
        note.put("content", "<p>Agreed, from Mastodon.</p>");
        note.set("to", Publisher.array("https://www.w3.org/ns/activitystreams#Public"));
        note.set("cc", Publisher.array(actorUri() + "/followers"));
        ObjectNode create = Publisher.JSON.createObjectNode();
        create.put("id", noteId + "/activity");
        create.put("type", "Create");
        create.put("actor", actorUri());
        create.set("to", note.get("to"));
        create.set("cc", note.get("cc"));
        create.set("object", note);
        assertThat(send(create).statusCode()).isEqualTo(202);
        eventually("the reply is in the same thread", () -> au.server().polity().storage().stores().groups()
                .findThreadPosts(pageId, 10).contains(noteId));
        assertThat(au.server().polity().storage().stores().groups().findThread(pageId).orElseThrow().replyCount())
                .isEqualTo(2);
    }

    @Test
    void lemmyEditsAndDeletionsAreAppliedAndReSent() throws Exception {
        String run = UUID.randomUUID().toString();
        lemmyThread(run);
        ObjectNode update = fixture("activities/create_or_update/update_page.json", run);
        String pageId = update.path("object").path("id").asText();
        assertThat(send(update).statusCode()).isEqualTo(202);
        eventually("the update is announced", () -> announced("Update", pageId));

        ObjectNode delete = fixture("activities/deletion/delete_page.json", run);
        assertThat(send(delete).statusCode()).isEqualTo(202);
        eventually("the post is deleted", () -> object(pageId).map(StoredObject::deleted).orElse(false));
        eventually("the deletion is announced", () -> announced("Delete", pageId));
    }
}
