package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;

/**
 * The {@code liked} collection of a member and the {@code likes} and {@code shares} collections of members and
 * posts (ActivityPub 5.5, 5.7): present on the documents, backed by the stored reactions, paged, with
 * {@code totalItems}, and no wider than what they are about.
 */
class ReactionCollectionsTest {
    private static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    private static final String LD = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    @TempDir
    static Path dataDir;
    static TestInstance polity;
    static Api api;
    static String base;
    static Map<String, String> tokens = new java.util.HashMap<>();

    @BeforeAll
    static void start() {
        polity = TestInstance.start(dataDir);
        api = new Api(polity);
        base = polity.server().baseUrl().toString();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "fay")) {
            tokens.put(name, api.token(polity.account(name, "ACTIVE")));
        }
    }

    @AfterAll
    static void stop() {
        polity.close();
    }

    private static JsonNode post(String user, String body) {
        HttpResponse<String> response = api.outbox(user, tokens.get(user), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Api.json(response);
    }

    private static String note(String user, String content, String addressing) {
        return post(user, "{\"type\":\"Note\",\"content\":\"" + content + "\"" + addressing + "}")
                .get("object").get("id").asText();
    }

    private static String react(String user, String type, String objectId) {
        return post(user, "{\"type\":\"" + type + "\",\"object\":\"" + objectId + "\"}").get("id").asText();
    }

    private static JsonNode getJson(String path, String token) {
        HttpResponse<String> response = api.get(path, token);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Api.json(response);
    }

    private static List<String> items(JsonNode collection) {
        List<String> out = new ArrayList<>();
        collection.get("orderedItems").forEach(i -> out.add(i.asText()));
        return out;
    }

    /** As the conformance runner fetches them: an ld+json Accept, or none at all (its shares test). */
    private static JsonNode fetchAsRunner(String iri, String accept) {
        HttpResponse<String> response = polity.get(api.path(iri), accept);
        assertThat(response.statusCode()).as(iri + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("json");
        return Api.json(response);
    }

    @Test
    void aMembersDocumentNamesItsLikedLikesAndSharesCollections() {
        JsonNode actor = getJson("/users/fay", null);
        assertThat(actor.get("liked").asText()).isEqualTo(base + "/users/fay/liked");
        assertThat(actor.get("likes").asText()).isEqualTo(base + "/users/fay/likes");
        assertThat(actor.get("shares").asText()).isEqualTo(base + "/users/fay/shares");
        for (String property : List.of("liked", "likes", "shares")) {
            JsonNode collection = fetchAsRunner(actor.get(property).asText(), LD);
            assertThat(collection.get("type").asText()).isEqualTo("OrderedCollection");
            assertThat(collection.get("id").asText()).isEqualTo(actor.get(property).asText());
            assertThat(collection.get("totalItems").asLong()).isZero();
            assertThat(collection.get("first").asText()).isEqualTo(actor.get(property).asText() + "?page=true");
        }
        assertThat(fetchAsRunner(actor.get("shares").asText(), null).get("type").asText())
                .isEqualTo("OrderedCollection");
    }

    @Test
    void aPostListsItsLikesAndSharesFromTheStoredReactions() {
        String noteId = note("alice", "likeable", ",\"to\":[\"" + PUBLIC + "\"]");
        JsonNode note = getJson(api.path(noteId), null);
        assertThat(note.get("likes").asText()).isEqualTo(noteId + "/likes");
        assertThat(note.get("shares").asText()).isEqualTo(noteId + "/shares");

        String bobLike = react("bob", "Like", noteId);
        String carolLike = react("carol", "Like", noteId);
        String bobShare = react("bob", "Announce", noteId);

        JsonNode likes = fetchAsRunner(noteId + "/likes", LD);
        assertThat(likes.get("type").asText()).isEqualTo("OrderedCollection");
        assertThat(likes.get("totalItems").asLong()).isEqualTo(2);
        assertThat(items(likes)).containsExactly(carolLike, bobLike); // newest first
        JsonNode firstPage = getJson(api.path(likes.get("first").asText()), null);
        assertThat(firstPage.get("type").asText()).isEqualTo("OrderedCollectionPage");
        assertThat(firstPage.get("partOf").asText()).isEqualTo(noteId + "/likes");
        assertThat(items(firstPage)).containsExactly(carolLike, bobLike);

        JsonNode shares = fetchAsRunner(noteId + "/shares", null);
        assertThat(shares.get("totalItems").asLong()).isEqualTo(1);
        assertThat(items(shares)).containsExactly(bobShare);

        // Undo takes the like out again.
        post("bob", "{\"type\":\"Undo\",\"object\":\"" + bobLike + "\"}");
        assertThat(items(getJson(api.path(noteId) + "/likes", null))).containsExactly(carolLike);
    }

    @Test
    void aPostsReactionsAreSeenOnlyByThoseWhoSeeThePost() {
        String direct = note("alice", "for dave only", ",\"to\":[\"" + base + "/users/dave\"]");
        react("dave", "Like", direct);
        assertThat(api.get(api.path(direct) + "/likes", null).statusCode()).isEqualTo(404);
        assertThat(api.get(api.path(direct) + "/shares", tokens.get("bob")).statusCode()).isEqualTo(404);
        assertThat(getJson(api.path(direct) + "/likes", tokens.get("dave")).get("totalItems").asLong()).isEqualTo(1);
        assertThat(api.get("/objects/no-such-object/likes", null).statusCode()).isEqualTo(404);
    }

    @Test
    void likedListsWhatTheMemberLikedThatIsPublicNewestFirst() {
        String first = note("alice", "public one", ",\"to\":[\"" + PUBLIC + "\"]");
        String unlisted = note("alice", "unlisted one", ",\"cc\":[\"" + PUBLIC + "\"]");
        String direct = note("alice", "direct one", ",\"to\":[\"" + base + "/users/erin\"]");
        String deleted = note("alice", "deleted later", ",\"to\":[\"" + PUBLIC + "\"]");
        react("erin", "Like", first);
        react("erin", "Like", unlisted);
        react("erin", "Like", direct);
        react("erin", "Like", deleted);
        react("erin", "Announce", first); // a share is not a like
        post("alice", "{\"type\":\"Delete\",\"object\":\"" + deleted + "\"}");

        JsonNode liked = getJson("/users/erin/liked", null);
        assertThat(liked.get("totalItems").asLong()).isEqualTo(2);
        assertThat(items(liked)).containsExactly(unlisted, first);
        assertThat(items(getJson("/users/erin/liked?page=true", null))).containsExactly(unlisted, first);
        // Erin, with her token, sees all she liked that still exists.
        JsonNode own = getJson("/users/erin/liked", tokens.get("erin"));
        assertThat(own.get("totalItems").asLong()).isEqualTo(3);
        assertThat(items(own)).containsExactly(direct, unlisted, first);
        // The shares collection of the author's actor is about the actor, not her posts.
        assertThat(getJson("/users/alice/shares", null).get("totalItems").asLong()).isZero();
    }

    /** A remote server's Announce of our post and Like of our member, as the inbox handler table takes them. */
    @Test
    void receivedAnnouncesAndLikesAreListed() {
        String noteId = note("alice", "worth sharing", ",\"to\":[\"" + PUBLIC + "\"]");
        String remote = "https://mastodon.example/users/zoe";
        knowRemote(remote);
        String announce = remote + "/statuses/1/activity";
        String like = remote + "#likes/7";
        receive(remote, "{\"id\":\"" + announce + "\",\"type\":\"Announce\",\"actor\":\"" + remote
                + "\",\"object\":\"" + noteId + "\",\"to\":[\"" + PUBLIC + "\"]}");
        receive(remote, "{\"id\":\"" + like + "\",\"type\":\"Like\",\"actor\":\"" + remote
                + "\",\"object\":\"" + base + "/users/alice\"}");

        assertThat(items(getJson(api.path(noteId) + "/shares", null))).containsExactly(announce);
        JsonNode likes = getJson("/users/alice/likes", null);
        assertThat(likes.get("totalItems").asLong()).isEqualTo(1);
        assertThat(items(likes)).containsExactly(like);
    }

    private static void knowRemote(String uri) {
        java.time.Instant now = java.time.Instant.now();
        polity.server().polity().storage().stores().actors().upsertRemote(new org.polity.server.model.Actor(0, uri,
                org.polity.server.model.ActorType.Person, "zoe", "mastodon.example", false, "", "", uri + "/inbox",
                null, null, uri + "/followers", null, uri, uri + "#main-key",
                org.polity.federation.crypto.RsaKeys.publicKeyPem(
                        org.polity.federation.crypto.RsaKeys.generate().getPublic()), false, now, now));
    }

    private static void receive(String actorUri, String json) {
        try {
            var activity = new org.polity.federation.vocab.ApReader().parse(json.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            String type = activity.get("type").asText();
            var item = new org.polity.server.model.InboxItem(0, activity.get("id").asText(), type, actorUri, null,
                    json, java.time.Instant.now(), org.polity.server.model.InboxItem.State.QUEUED, 0,
                    java.time.Instant.now(), null, null);
            var outcome = org.polity.server.activitypub.inbox.InboxHandlers.table().dispatch(
                    new org.polity.server.activitypub.inbox.InboxContext(polity.server().polity(), item), activity);
            assertThat(outcome.kind()).as(outcome.detail())
                    .isEqualTo(org.polity.federation.inbox.Outcome.Kind.PROCESSED);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void bigCollectionsArePagedAndCarryNoInlineItems() {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            notes.add(note("carol", "paged " + i, ",\"to\":[\"" + PUBLIC + "\"]"));
        }
        for (String n : notes) {
            react("dave", "Like", n);
        }
        JsonNode liked = getJson("/users/dave/liked", null);
        assertThat(liked.get("totalItems").asLong()).isGreaterThanOrEqualTo(23);
        assertThat(liked.has("orderedItems")).isFalse();
        JsonNode page1 = getJson(api.path(liked.get("first").asText()), null);
        assertThat(page1.get("orderedItems")).hasSize(20);
        assertThat(page1.get("orderedItems").get(0).asText()).isEqualTo(notes.get(22));
        JsonNode page2 = getJson(api.path(page1.get("next").asText()), null);
        assertThat(page2.has("next")).isFalse();
        List<String> all = new ArrayList<>(items(page1));
        all.addAll(items(page2));
        assertThat(all).containsAll(notes).doesNotHaveDuplicates();
    }
}
