package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.model.Reaction;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;

/** Client-to-server over real HTTP: posting to the outbox, its checks, and the objects and activities it makes. */
class C2sOutboxTest {
    private static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

    @TempDir
    static Path dataDir;
    static TestInstance polity;
    static Api api;
    static String base;
    static String aliceToken;
    static String bobToken;

    @BeforeAll
    static void start() {
        polity = TestInstance.start(dataDir);
        api = new Api(polity);
        base = polity.server().baseUrl().toString();
        Account alice = polity.account("alice", "ACTIVE");
        Account bob = polity.account("bob", "ACTIVE");
        aliceToken = api.token(alice);
        bobToken = api.token(bob);
    }

    @AfterAll
    static void stop() {
        polity.close();
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode activity = Api.json(response);
        assertThat(response.headers().firstValue("Location")).hasValue(activity.get("id").asText());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(Api.AS);
        return activity;
    }

    private static JsonNode publicNote(String token, String user, String content) {
        return created(api.outbox(user, token, "{\"type\":\"Note\",\"content\":\"" + content + "\",\"to\":[\""
                + PUBLIC + "\"]}"));
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return Api.json(response);
    }

    @Test
    void aBareNoteIsWrappedInACreateWithServerIdsAndCanBeReadBack() {
        JsonNode create = created(api.outbox("alice", aliceToken, """
                {"@context": "https://www.w3.org/ns/activitystreams", "type": "Note",
                 "id": "https://elsewhere.example/notes/1", "attributedTo": "https://elsewhere.example/users/eve",
                 "content": "<p>Hello <script>alert(1)</script><b>world</b></p>",
                 "to": ["as:Public"], "cc": ["%s/users/alice/followers"], "bcc": ["%s/users/bob"]}
                """.formatted(base, base)));
        assertThat(create.get("type").asText()).isEqualTo("Create");
        assertThat(create.get("actor").asText()).isEqualTo(base + "/users/alice");
        assertThat(create.get("id").asText()).startsWith(base + "/activities/");
        assertThat(create.has("bcc")).isFalse();
        JsonNode note = create.get("object");
        String noteId = note.get("id").asText();
        assertThat(noteId).startsWith(base + "/objects/");
        assertThat(note.get("attributedTo").asText()).isEqualTo(base + "/users/alice");
        assertThat(note.get("content").asText()).contains("<b>world</b>").doesNotContain("script");
        // The object's addressing is copied to the Create (ActivityPub 6.2), Public written in full.
        assertThat(create.get("to").get(0).asText()).isEqualTo(PUBLIC);
        assertThat(create.get("cc").get(0).asText()).isEqualTo(base + "/users/alice/followers");

        HttpResponse<String> object = polity.get(api.path(noteId), Api.AS);
        assertThat(object.statusCode()).isEqualTo(200);
        JsonNode served = Api.json(object);
        assertThat(served.get("id").asText()).isEqualTo(noteId);
        assertThat(served.get("type").asText()).isEqualTo("Note");
        assertThat(served.get("@context").asText()).isEqualTo("https://www.w3.org/ns/activitystreams");
        assertThat(served.has("bcc")).isFalse();
        HttpResponse<String> activity = polity.get(api.path(create.get("id").asText()), Api.AS);
        assertThat(activity.statusCode()).isEqualTo(200);
        assertThat(Api.json(activity).get("object").get("id").asText()).isEqualTo(noteId);
    }

    @Test
    void markdownSourceBecomesHtmlAndAnArticleKeepsItsName() {
        JsonNode create = created(api.outbox("alice", aliceToken, """
                {"type": "Create", "to": ["https://www.w3.org/ns/activitystreams#Public"],
                 "object": {"type": "Article", "name": "Open data", "source": {"content": "Some **bold** <i>x</i>",
                 "mediaType": "text/markdown"}}}
                """));
        JsonNode article = create.get("object");
        assertThat(article.get("type").asText()).isEqualTo("Article");
        assertThat(article.get("name").asText()).isEqualTo("Open data");
        assertThat(article.get("content").asText()).contains("<strong>bold</strong>").contains("&lt;i&gt;");
        assertThat(article.get("source").get("mediaType").asText()).isEqualTo("text/markdown");
        assertThat(article.get("to").get(0).asText()).isEqualTo(PUBLIC);
    }

    @Test
    void withoutAddressingAnObjectIsPrivateToItsAuthor() {
        JsonNode create = created(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\"note to self\"}"));
        String path = api.path(create.get("object").get("id").asText());
        assertThat(polity.get(path, Api.AS).statusCode()).isEqualTo(404);
        assertThat(api.get(path, bobToken).statusCode()).isEqualTo(404);
        assertThat(api.get(path, aliceToken).statusCode()).isEqualTo(200);
    }

    @Test
    void postingNeedsTheOwnersBearerToken() {
        String note = "{\"type\":\"Note\",\"content\":\"hi\"}";
        HttpResponse<String> none = api.outbox("alice", null, note);
        problem(none, 401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        HttpResponse<String> bad = api.outbox("alice", "not-a-real-token-but-long-enough", note);
        problem(bad, 401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        problem(api.outbox("alice", bobToken, note), 403);
        problem(api.outbox("nobody", aliceToken, note), 404);
        // An actor other than the owner is refused.
        problem(api.outbox("alice", aliceToken, "{\"type\":\"Create\",\"actor\":\"" + base
                + "/users/bob\",\"object\":{\"type\":\"Note\",\"content\":\"x\"}}"), 403);
    }

    /** What the activitypub-testing runner posts: JSON with no Content-Type, or text/plain (fetch's default). */
    @Test
    void jsonWithoutAContentTypeIsTakenWithABearerToken() {
        String note = "{\"type\":\"Create\",\"id\":\"urn:uuid:1\",\"object\":{\"type\":\"Note\",\"content\":\"x\"}}";
        JsonNode none = created(api.post("/users/alice/outbox", aliceToken, null, note));
        assertThat(none.get("id").asText()).startsWith(base + "/activities/").isNotEqualTo("urn:uuid:1");
        created(api.post("/users/alice/outbox", aliceToken, "text/plain;charset=UTF-8", note));
        // Still only JSON: a form or XML body is refused, and nothing without the token.
        problem(api.post("/users/alice/outbox", aliceToken, "application/x-www-form-urlencoded", "type=Note"), 415);
        problem(api.post("/users/alice/outbox", aliceToken, "multipart/form-data; boundary=x", note), 415);
        problem(api.post("/users/alice/outbox", null, null, note), 401);
        problem(api.post("/users/alice/outbox", aliceToken, null, "type=Note"), 400);
    }

    /** The outbox authenticates by bearer token only: a logged-in browser's session cookie is not enough. */
    @Test
    void aSessionCookieCannotPostToTheOutbox() {
        var browser = polity.loggedIn("alice");
        String note = "{\"type\":\"Note\",\"content\":\"forged\",\"to\":[\"" + PUBLIC + "\"]}";
        assertThat(browser.post("/users/alice/outbox", "text/plain", note).statusCode()).isEqualTo(401);
        assertThat(browser.post("/users/alice/outbox", "application/activity+json", note).statusCode())
                .isEqualTo(401);
        assertThat(Api.json(api.get("/users/alice/outbox?page=true", aliceToken)).toString()).doesNotContain("forged");
    }

    /** ActivityPub requires no content: a Note with only a name or summary, or none at all, is created. */
    @Test
    void aNoteNeedsNoContent() {
        JsonNode empty = created(api.outbox("alice", aliceToken,
                "{\"@context\":[\"https://www.w3.org/ns/activitystreams\"],\"type\":\"Note\"}"));
        assertThat(empty.get("type").asText()).isEqualTo("Create");
        JsonNode object = empty.get("object");
        assertThat(object.get("type").asText()).isEqualTo("Note");
        assertThat(object.get("id").asText()).startsWith(base + "/objects/");
        assertThat(object.has("content")).isFalse();
        // Readable at the Location by its author (no addressing: private to them).
        JsonNode read = Api.json(api.get(api.path(empty.get("id").asText()), aliceToken));
        assertThat(read.get("type").asText()).isEqualTo("Create");
        assertThat(read.get("object").get("id").asText()).isEqualTo(object.get("id").asText());

        JsonNode named = created(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"name\":\"Only a title\","
                + "\"summary\":\"<p>and a summary</p>\"}")).get("object");
        assertThat(named.get("name").asText()).isEqualTo("Only a title");
        assertThat(named.get("summary").asText()).isEqualTo("<p>and a summary</p>");
        // The author's home timeline shows the empty Note without trouble.
        var home = polity.loggedIn("alice").get("/home");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Only a title");
        // Content that sanitises to nothing is no content.
        assertThat(created(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\"<script>x</script>\"}"))
                .get("object").has("content")).isFalse();
        // An object without a type (ActivityStreams: every property is optional) is taken as a Note.
        String ninaToken = api.token(polity.account("nina", "ACTIVE"));
        JsonNode untyped = created(api.post("/users/nina/outbox", ninaToken, null, "{\"id\":\"urn:uuid:2\"}"));
        assertThat(untyped.get("type").asText()).isEqualTo("Create");
        assertThat(untyped.get("object").get("type").asText()).isEqualTo("Note");
        // What the runner checks next: the new activity is in the outbox collection's own items.
        JsonNode outbox = Api.json(api.get("/users/nina/outbox", ninaToken));
        assertThat(outbox.get("totalItems").asLong()).isEqualTo(1);
        assertThat(outbox.get("orderedItems").get(0).get("id").asText()).isEqualTo(untyped.get("id").asText());
    }

    @Test
    void badDocumentsGetProblemDetails() {
        problem(api.outbox("alice", aliceToken, "{not json"), 400);
        problem(api.outbox("alice", aliceToken, ""), 400);
        problem(api.outbox("alice", aliceToken, "[1, 2]"), 400);
        problem(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\"a\",\"content\":\"b\"}"), 400);
        String deep = "{\"type\":\"Note\",\"content\":\"x\",\"deep\":" + "[".repeat(100) + "]".repeat(100) + "}";
        problem(api.outbox("alice", aliceToken, deep), 400);
        problem(api.post("/users/alice/outbox", aliceToken, "application/xml", "<Note/>"), 415); // not ActivityStreams

        JsonNode big = problem(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\""
                + "a".repeat(ContentRules.MAX_CONTENT + 1) + "\"}"), 422);
        assertThat(big.get("errors").has("content")).isTrue();
        assertThat(problem(api.outbox("alice", aliceToken, "{\"type\":\"Question\",\"content\":\"?\"}"), 422)
                .get("errors").has("type")).isTrue();
        assertThat(problem(api.outbox("alice", aliceToken, "{\"type\":\"Block\",\"object\":\"" + base
                + "/users/bob\"}"), 422).get("detail").asText()).contains("Create, Update, Delete");
        assertThat(problem(api.outbox("alice", aliceToken, "{\"type\":\"Create\"}"), 422)
                .get("errors").has("object")).isTrue();
        assertThat(problem(api.outbox("alice", aliceToken, "{\"type\":\"Create\",\"object\":\"" + base
                + "/objects/x\"}"), 422).get("errors").has("object")).isTrue();
        assertThat(problem(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":5}"), 422)
                .get("errors").has("content")).isTrue();
        assertThat(problem(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\"x\",\"to\":[\"javascript:alert(1)\"]}"), 422)
                .get("errors").has("to")).isTrue();
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= Addressing.MAX_RECIPIENTS; i++) {
            many.append(i == 0 ? "" : ",").append("\"https://remote.example/users/u").append(i).append("\"");
        }
        many.append("]");
        assertThat(problem(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\"x\",\"bcc\":"
                + many + "}"), 422).get("detail").asText()).contains("500");
    }

    @Test
    void theOwnerUpdatesAndDeletesOthersCannot() {
        JsonNode create = publicNote(aliceToken, "alice", "first version");
        String noteId = create.get("object").get("id").asText();

        problem(api.outbox("bob", bobToken, "{\"type\":\"Update\",\"object\":{\"id\":\"" + noteId
                + "\",\"content\":\"hijacked\"}}"), 403);
        problem(api.outbox("bob", bobToken, "{\"type\":\"Delete\",\"object\":\"" + noteId + "\"}"), 403);

        JsonNode update = created(api.outbox("alice", aliceToken, "{\"type\":\"Update\",\"object\":{\"id\":\""
                + noteId + "\",\"type\":\"Note\",\"content\":\"second <em>version</em>\",\"to\":[]}}"));
        assertThat(update.get("type").asText()).isEqualTo("Update");
        assertThat(update.get("to").get(0).asText()).isEqualTo(PUBLIC); // addressing unchanged
        JsonNode served = Api.json(polity.get(api.path(noteId), Api.AS));
        assertThat(served.get("content").asText()).isEqualTo("second <em>version</em>");
        assertThat(served.has("updated")).isTrue();
        assertThat(served.get("to").get(0).asText()).isEqualTo(PUBLIC);
        // The Create is served with the object as it is now.
        assertThat(Api.json(polity.get(api.path(create.get("id").asText()), Api.AS)).get("object").get("content")
                .asText()).contains("second");

        JsonNode delete = created(api.outbox("alice", aliceToken, "{\"type\":\"Delete\",\"object\":\"" + noteId + "\"}"));
        assertThat(delete.get("object").get("type").asText()).isEqualTo("Tombstone");
        assertThat(delete.get("to").get(0).asText()).isEqualTo(PUBLIC);
        HttpResponse<String> gone = polity.get(api.path(noteId), Api.AS);
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(Api.json(gone).get("type").asText()).isEqualTo("Tombstone");
        assertThat(Api.json(gone).get("formerType").asText()).isEqualTo("Note");
        assertThat(gone.body()).doesNotContain("version");
        JsonNode createNow = Api.json(polity.get(api.path(create.get("id").asText()), Api.AS));
        assertThat(createNow.get("object").get("type").asText()).isEqualTo("Tombstone");
        assertThat(createNow.toString()).doesNotContain("version");
        problem(api.outbox("alice", aliceToken, "{\"type\":\"Delete\",\"object\":\"" + noteId + "\"}"), 404);
        problem(api.outbox("alice", aliceToken, "{\"type\":\"Update\",\"object\":{\"id\":\"" + noteId
                + "\",\"content\":\"back\"}}"), 404);
    }

    @Test
    void likesAndAnnouncesAreStoredAndUndone() {
        String noteId = publicNote(aliceToken, "alice", "like me").get("object").get("id").asText();
        var reactions = polity.server().polity().storage().stores().reactions();

        JsonNode like = created(api.outbox("bob", bobToken, "{\"type\":\"Like\",\"object\":\"" + noteId + "\"}"));
        assertThat(like.get("to").get(0).asText()).isEqualTo(base + "/users/alice");
        assertThat(reactions.count(noteId, Reaction.Kind.LIKE)).isEqualTo(1);
        problem(api.outbox("bob", bobToken, "{\"type\":\"Like\",\"object\":\"" + noteId + "\"}"), 422);

        JsonNode announce = created(api.outbox("bob", bobToken, "{\"type\":\"Announce\",\"object\":\"" + noteId + "\"}"));
        assertThat(announce.get("to").get(0).asText()).isEqualTo(PUBLIC);
        assertThat(announce.get("cc").toString()).contains(base + "/users/bob/followers", base + "/users/alice");
        assertThat(reactions.count(noteId, Reaction.Kind.ANNOUNCE)).isEqualTo(1);

        // Only the actor undoes its own activity.
        problem(api.outbox("alice", aliceToken, "{\"type\":\"Undo\",\"object\":\"" + like.get("id").asText()
                + "\"}"), 403);
        JsonNode undo = created(api.outbox("bob", bobToken, "{\"type\":\"Undo\",\"object\":{\"id\":\""
                + like.get("id").asText() + "\",\"type\":\"Like\"}}"));
        assertThat(undo.get("object").get("type").asText()).isEqualTo("Like");
        assertThat(undo.get("object").get("object").asText()).isEqualTo(noteId);
        assertThat(undo.get("to").get(0).asText()).isEqualTo(base + "/users/alice");
        assertThat(reactions.count(noteId, Reaction.Kind.LIKE)).isZero();
        problem(api.outbox("bob", bobToken, "{\"type\":\"Undo\",\"object\":\"" + like.get("id").asText() + "\"}"), 404);
        created(api.outbox("bob", bobToken, "{\"type\":\"Undo\",\"object\":\"" + announce.get("id").asText() + "\"}"));
        assertThat(reactions.count(noteId, Reaction.Kind.ANNOUNCE)).isZero();

        // A post bob may not see is "not found"; a non-public one he sees cannot be shared.
        String secret = created(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\"secret\"}"))
                .get("object").get("id").asText();
        problem(api.outbox("bob", bobToken, "{\"type\":\"Like\",\"object\":\"" + secret + "\"}"), 404);
        String direct = created(api.outbox("alice", aliceToken, "{\"type\":\"Note\",\"content\":\"for bob\",\"to\":\""
                + base + "/users/bob\"}")).get("object").get("id").asText();
        created(api.outbox("bob", bobToken, "{\"type\":\"Like\",\"object\":\"" + direct + "\"}"));
        problem(api.outbox("bob", bobToken, "{\"type\":\"Announce\",\"object\":\"" + direct + "\"}"), 422);
    }
}
