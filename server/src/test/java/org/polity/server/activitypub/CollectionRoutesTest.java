package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.Pem;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.RequestSigner;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.InboxItem;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;

/**
 * Reading over real HTTP: outbox paging, followers and following, the owner's inbox and home timeline,
 * addressing on every object and activity read (bearer token or HTTP signature), locked accounts.
 */
class CollectionRoutesTest {
    private static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

    @TempDir
    static Path dataDir;
    static TestInstance polity;
    static Api api;
    static String base;
    static Map<String, String> tokens = new java.util.HashMap<>();

    @BeforeAll
    static void start() {
        polity = TestInstance.start(dataDir, Map.of("POLITY_ALLOW_PRIVATE_ADDRESSES", "true"));
        api = new Api(polity);
        base = polity.server().baseUrl().toString();
        for (String name : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            Account account = polity.account(name, "ACTIVE");
            tokens.put(name, api.token(account));
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

    private static JsonNode getJson(String path, String token) {
        HttpResponse<String> response = api.get(path, token);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Api.json(response);
    }

    private static List<String> items(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("orderedItems").forEach(i -> out.add(i.isTextual() ? i.asText() : i.toString()));
        return out;
    }

    private static String actor(String name) {
        return base + "/users/" + name;
    }

    private static void follow(String follower, String followed) {
        post(follower, "{\"type\":\"Follow\",\"object\":\"" + actor(followed) + "\"}");
    }

    @Test
    void theOutboxListsPublicActivitiesNewestFirstInPages() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(note("carol", "public " + i, ",\"to\":\"" + PUBLIC + "\""));
        }
        note("carol", "unlisted", ",\"cc\":\"" + PUBLIC + "\"");
        note("carol", "just for bob", ",\"to\":\"" + actor("bob") + "\"");
        note("carol", "followers only", ",\"to\":\"" + actor("carol") + "/followers\"");

        JsonNode collection = getJson("/users/carol/outbox", null);
        assertThat(collection.get("type").asText()).isEqualTo("OrderedCollection");
        assertThat(collection.get("totalItems").asLong()).isEqualTo(24);
        assertThat(collection.get("first").asText()).isEqualTo(base + "/users/carol/outbox?page=true");

        JsonNode first = getJson(api.path(collection.get("first").asText()), null);
        assertThat(first.get("type").asText()).isEqualTo("OrderedCollectionPage");
        assertThat(first.get("partOf").asText()).isEqualTo(base + "/users/carol/outbox");
        assertThat(first.get("orderedItems")).hasSize(20);
        assertThat(first.get("orderedItems").get(0).get("object").get("content").asText()).contains("unlisted");
        assertThat(first.get("orderedItems").get(1).get("object").get("id").asText()).isEqualTo(ids.get(22));
        assertThat(first.toString()).doesNotContain("just for bob").doesNotContain("followers only");
        JsonNode second = getJson(api.path(first.get("next").asText()), null);
        assertThat(second.get("orderedItems")).hasSize(4);
        assertThat(second.get("orderedItems").get(3).get("object").get("id").asText()).isEqualTo(ids.get(0));
        assertThat(second.has("next")).isFalse();

        // The owner sees all of theirs; someone else's token sees what anyone sees.
        assertThat(getJson("/users/carol/outbox", tokens.get("carol")).get("totalItems").asLong()).isEqualTo(26);
        assertThat(getJson("/users/carol/outbox", tokens.get("bob")).get("totalItems").asLong()).isEqualTo(24);
        assertThat(getJson("/users/carol/outbox?page=true", tokens.get("carol")).toString()).contains("just for bob");
        assertThat(api.get("/users/nobody/outbox", null).statusCode()).isEqualTo(404);
    }

    @Test
    void followersOnlyAndDirectObjectsAreSeenByTheirAudienceOnly() throws Exception {
        follow("alice", "dave");
        String followersOnly = note("dave", "for my followers", ",\"to\":\"" + actor("dave") + "/followers\"");
        String direct = note("dave", "for bob", ",\"to\":[\"" + actor("bob") + "\"]");
        String path = api.path(followersOnly);

        HttpResponse<String> anonymous = api.get(path, null);
        HttpResponse<String> stranger = api.get(path, tokens.get("bob"));
        HttpResponse<String> absent = api.get("/objects/does-not-exist", null);
        assertThat(anonymous.statusCode()).isEqualTo(404);
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(stranger.body()).isEqualTo(anonymous.body());
        assertThat(Api.json(absent).get("detail")).isEqualTo(Api.json(anonymous).get("detail"));
        assertThat(getJson(path, tokens.get("alice")).get("content").asText()).contains("for my followers");
        assertThat(getJson(path, tokens.get("dave")).get("content").asText()).contains("for my followers");

        assertThat(getJson(api.path(direct), tokens.get("bob")).get("content").asText()).contains("for bob");
        assertThat(api.get(api.path(direct), tokens.get("alice")).statusCode()).isEqualTo(404);
        assertThat(api.get(api.path(direct), null).statusCode()).isEqualTo(404);

        // The same for the activity.
        JsonNode create = post("dave", "{\"type\":\"Note\",\"content\":\"again for bob\",\"to\":\"" + actor("bob") + "\"}");
        String activityPath = api.path(create.get("id").asText());
        assertThat(api.get(activityPath, tokens.get("bob")).statusCode()).isEqualTo(200);
        assertThat(api.get(activityPath, tokens.get("alice")).statusCode()).isEqualTo(404);
        assertThat(api.get(activityPath, null).statusCode()).isEqualTo(404);

        // A reader identified by an HTTP signature (what another server does) rather than a token.
        assertThat(signedGet(api.path(direct), "bob").statusCode()).isEqualTo(200);
        assertThat(signedGet(api.path(direct), "alice").statusCode()).isEqualTo(404);
    }

    /** A GET signed (RFC 9421) with a local actor's key, as a remote server would sign it. */
    private static HttpResponse<String> signedGet(String path, String signer) throws Exception {
        Actor actor = polity.server().polity().actors().findLocal(signer).orElseThrow();
        var key = Pem.privateKey(polity.server().polity().actors().privateKeyPem(actor));
        URI target = URI.create(base + path);
        HttpMessage signed = RequestSigner.signRfc9421(HttpMessage.request("GET", target,
                Map.of("Host", List.of(target.getRawAuthority()), "Accept", List.of(Api.AS)), null),
                actor.publicKeyId(), key, Instant.now());
        // Sent to the base URL, so Host is the authority that was signed (as in production).
        var request = java.net.http.HttpRequest.newBuilder(target).GET();
        signed.headers().forEach((name, values) -> {
            if (!name.equals("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void followersAndFollowingListAcceptedFollowsAndUndoEndsThem() {
        JsonNode follow = post("frank", "{\"type\":\"Follow\",\"object\":\"@erin@" + polity.authority() + "\"}");
        assertThat(follow.get("object").asText()).isEqualTo(actor("erin"));
        JsonNode followers = getJson("/users/erin/followers", null);
        assertThat(followers.get("totalItems").asLong()).isEqualTo(1);
        assertThat(items(getJson("/users/erin/followers?page=true", null))).containsExactly(actor("frank"));
        assertThat(items(getJson("/users/frank/following?page=true", null))).containsExactly(actor("erin"));

        post("frank", "{\"type\":\"Undo\",\"object\":\"" + follow.get("id").asText() + "\"}");
        assertThat(getJson("/users/erin/followers", null).get("totalItems").asLong()).isZero();
        assertThat(getJson("/users/frank/following", null).get("totalItems").asLong()).isZero();
    }

    @Test
    void aLockedAccountApprovesFollowersByHand() {
        Account locked = polity.account("gina", "ACTIVE");
        String ginaToken = api.token(locked);
        HttpResponse<String> lock = api.send("PATCH", "/api/v1/accounts/update_credentials", ginaToken,
                "application/json", "{\"locked\":true}");
        assertThat(lock.statusCode()).as(lock.body()).isEqualTo(200);
        assertThat(Api.json(lock).get("locked").asBoolean()).isTrue();
        assertThat(Api.json(polity.get("/users/gina", Api.AS)).get("manuallyApprovesFollowers").asBoolean()).isTrue();

        follow("alice", "gina");
        follow("bob", "gina");
        assertThat(getJson("/users/gina/followers", null).get("totalItems").asLong()).isZero();
        HttpResponse<String> requests = api.get("/api/v1/follow_requests", ginaToken);
        assertThat(requests.statusCode()).isEqualTo(200);
        JsonNode pending = Api.json(requests);
        assertThat(pending).hasSize(2);
        assertThat(pending.get(0).get("actor").asText()).isEqualTo(actor("alice"));
        assertThat(api.get("/api/v1/follow_requests", null).statusCode()).isEqualTo(401);

        // Only gina decides on her requests.
        String aliceRequest = pending.get(0).get("id").asText();
        assertThat(api.post("/api/v1/follow_requests/" + aliceRequest + "/authorize", tokens.get("bob"),
                "application/json", "{}").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/follow_requests/" + aliceRequest + "/authorize", ginaToken,
                "application/json", "{}").statusCode()).isEqualTo(200);
        assertThat(api.post("/api/v1/follow_requests/" + pending.get(1).get("id").asText() + "/reject", ginaToken,
                "application/json", "{}").statusCode()).isEqualTo(200);
        assertThat(items(getJson("/users/gina/followers?page=true", null))).containsExactly(actor("alice"));
        assertThat(Api.json(api.get("/api/v1/follow_requests", ginaToken))).isEmpty();
    }

    @Test
    void theOwnerReadsTheirHomeTimelineAndInbox() {
        Account henry = polity.account("henry", "ACTIVE");
        Account ivy = polity.account("ivy", "ACTIVE");
        Account jack = polity.account("jack", "ACTIVE");
        String henryToken = api.token(henry);
        String ivyToken = api.token(ivy);
        tokens.put("henry", henryToken);
        tokens.put("ivy", ivyToken);
        tokens.put("jack", api.token(jack));
        follow("henry", "ivy");
        String followed = note("ivy", "ivy to followers", ",\"to\":\"" + actor("ivy") + "/followers\"");
        String publicPost = note("ivy", "ivy in public", ",\"to\":\"" + PUBLIC + "\"");
        note("jack", "jack in public", ",\"to\":\"" + PUBLIC + "\"");
        String toHenry = note("jack", "jack to henry", ",\"to\":\"" + actor("henry") + "\"");

        JsonNode home = getJson("/users/henry/home?page=true", henryToken);
        // Posts of the people henry follows; jack's message to him is in his inbox, not here.
        assertThat(home.get("orderedItems")).extracting(i -> i.get("id").asText())
                .containsExactly(publicPost, followed);
        assertThat(api.get("/users/henry/home", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/users/henry/home", ivyToken).statusCode()).isEqualTo(403);

        // The inbox: activities addressed to henry (his followers-collection post from ivy, jack's direct
        // message), not public posts that did not name him; and a received one for his personal inbox.
        var inbox = polity.server().polity().storage().stores().inbox();
        inbox.insertIfNew("https://remote.example/activities/1", "Create", "https://remote.example/users/zed",
                henry.actorId(), "{\"id\":\"https://remote.example/activities/1\",\"type\":\"Create\"}",
                Instant.now());
        long itemId = inbox.findInboxItemByActivityUri("https://remote.example/activities/1").orElseThrow().id();
        inbox.finish(itemId, InboxItem.State.DONE, "PROCESSED", null, Instant.now());
        JsonNode inboxCollection = getJson("/users/henry/inbox", henryToken);
        assertThat(inboxCollection.get("totalItems").asLong()).isEqualTo(3);
        JsonNode page = getJson("/users/henry/inbox?page=true", henryToken);
        List<String> objects = new ArrayList<>();
        page.get("orderedItems").forEach(a -> objects.add(a.path("object").path("id").asText(a.get("id").asText())));
        assertThat(objects).containsExactly("https://remote.example/activities/1", toHenry, followed);
        assertThat(api.get("/users/henry/inbox", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/users/henry/inbox", ivyToken).statusCode()).isEqualTo(403);
    }
}
