package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;

/**
 * The public directories and the public search over HTTP, as an anonymous reader and as an API client:
 * objects posted through the C2S outbox and objects received from another server land in the directory of
 * their kind; only PUBLIC ones are ever listed or found; pages are newest first with a next link; the JSON
 * answer is an ActivityStreams OrderedCollection.
 */
class DirectoryWebTest {
    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    static final String REMOTE = "https://remote.example";

    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static Api api;
    static String base;
    /** The directories before anything was posted: their empty states. */
    static final Map<String, Document> EMPTY = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        instance = TestInstance.start(dataDir, Map.of());
        api = new Api(instance);
        base = instance.server().baseUrl().toString();
        for (String path : List.of("/challenges", "/case-studies", "/resources", "/blog")) {
            EMPTY.put(path, html(instance.get(path, "text/html")));
        }
        Account alice = instance.account("alice", "Alice Martín", "ACTIVE",
                new Account.Profile("", "", "", "", List.of()));
        String token = api.token(alice);
        post(token, "[\"Article\",\"Challenge\"]", "Water scarcity in cities",
                "<p>How do you ration water fairly?</p>", "\"to\":[\"" + PUBLIC + "\"]");
        post(token, "[\"Article\",\"Challenge\"]", "Secret challenge", "<p>water for followers only</p>",
                "\"to\":[\"" + base + "/users/alice/followers\"]");
        post(token, "[\"Article\",\"Challenge\"]", "Unlisted challenge", "<p>water, unlisted</p>",
                "\"cc\":[\"" + PUBLIC + "\"]");
        post(token, "[\"Article\",\"CaseStudy\"]", "Digital identity rollout", "<p>What we learned.</p>",
                "\"to\":[\"" + PUBLIC + "\"]");
        post(token, "[\"Page\",\"Resource\"]", "Service design toolkit", "<p>Templates and guides.</p>",
                "\"to\":[\"" + PUBLIC + "\"]");
        post(token, "\"Article\"", "Notes from the innovation week", "<p>Growth of 100% in a year.</p>",
                "\"to\":[\"" + PUBLIC + "\"]");
        post(token, "\"Note\"", null, "<p>Growth of 1000 in a year, a plain note.</p>", "\"to\":[\"" + PUBLIC + "\"]");

        // received from another server, stored as the inbox stores them
        Actor remote = instance.server().polity().storage().stores().actors().upsertRemote(new Actor(0,
                REMOTE + "/users/bo", ActorType.Person, "bo", "remote.example", false, "Bo", "",
                REMOTE + "/users/bo/inbox", null, null, REMOTE + "/users/bo/followers", null, REMOTE + "/@bo", REMOTE + "/users/bo#main-key",
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", false, Instant.now(), Instant.now()));
        RemoteObjects received = new RemoteObjects(instance.server().polity());
        received.store(remote, Api.JSON.readTree("""
                {"id": "%s/objects/1", "type": ["Article", "polity:Challenge"], "attributedTo": "%s",
                 "name": "Ageing population services", "content": "<p>Care at home <script>x()</script></p>",
                 "to": ["%s"], "published": "2020-06-01T10:00:00Z"}""".formatted(REMOTE, remote.uri(), PUBLIC)), null);
        received.store(remote, Api.JSON.readTree("""
                {"id": "%s/objects/2", "type": "Document", "attributedTo": "%s", "name": "Open data handbook",
                 "content": "<p>A PDF</p>", "url": "%s/files/handbook.pdf", "to": ["%s"],
                 "published": "2020-06-02T10:00:00Z"}""".formatted(REMOTE, remote.uri(), REMOTE, PUBLIC)), null);
        received.store(remote, Api.JSON.readTree("""
                {"id": "%s/objects/3", "type": ["Article", "ChallengeResponse"], "attributedTo": "%s",
                 "name": "Our answer on water", "content": "<p>Response</p>", "to": ["%s"]}"""
                .formatted(REMOTE, remote.uri(), PUBLIC)), null);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static void post(String token, String type, String name, String content, String addressing) {
        String body = "{\"type\":" + type + (name == null ? "" : ",\"name\":\"" + name + "\"") + ",\"content\":\""
                + content + "\"," + addressing + "}";
        HttpResponse<String> r = api.outbox("alice", token, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    static Document html(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        return Jsoup.parse(r.body());
    }

    static Document page(String path) {
        return html(instance.get(path, "text/html"));
    }

    static JsonNode json(String path, String accept) {
        HttpResponse<String> r = instance.get(path, accept);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(
                accept.startsWith("application/ld+json") ? "application/ld+json" : "application/activity+json");
        return Api.json(r);
    }

    static List<String> titles(Document doc) {
        return doc.select("#entries .entry-title").eachText();
    }

    static List<String> names(JsonNode collection) {
        List<String> out = new ArrayList<>();
        collection.get("orderedItems").forEach(i -> out.add(i.path("name").asText()));
        return out;
    }

    static String q(String text) {
        return "/search?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    // --- directories -----------------------------------------------------------------------------------------

    @Test
    void emptyDirectoriesSayWhatWillAppearThere() {
        assertThat(EMPTY.get("/challenges").select("#directory-empty").text()).contains("No challenges yet")
                .contains("will be listed on this page");
        assertThat(EMPTY.get("/case-studies").select("#directory-empty").text()).contains("No case studies yet");
        assertThat(EMPTY.get("/resources").select("#directory-empty").text()).contains("No resources yet");
        assertThat(EMPTY.get("/blog").select("#directory-empty").text()).contains("No blog posts yet");
        assertThat(EMPTY.get("/blog").select("#entries")).isEmpty();
    }

    @Test
    void challengesListPublicChallengesLocalAndReceivedNewestFirst() {
        Document doc = page("/challenges");
        assertThat(doc.select("h1").text()).isEqualTo("Challenges");
        assertThat(titles(doc)).containsExactly("Water scarcity in cities", "Ageing population services");
        assertThat(doc.select("#directory-count").text()).contains("2 entries");
        assertThat(doc.text()).doesNotContain("Secret challenge").doesNotContain("Unlisted challenge")
                .doesNotContain("Our answer on water");
        assertThat(doc.select(".excerpt").eachText()).contains("Care at home");
        assertThat(doc.html()).doesNotContain("<script>x()");
        // anonymous readers see author links to public profile pages, and the section links in the nav
        assertThat(doc.select(".entry .author").first().attr("href")).isEqualTo(base + "/@alice");
        for (String path : List.of("/groups", "/challenges", "/case-studies", "/resources", "/blog", "/search")) {
            assertThat(doc.select("header nav a[href=" + path + "]")).as(path).hasSize(1);
        }
        assertThat(doc.select("header nav a[href=/challenges]").attr("aria-current")).isEqualTo("page");
        assertThat(doc.select("header nav a[href=/blog]").hasAttr("aria-current")).isFalse();
    }

    @Test
    void eachDirectoryListsItsKind() {
        // (the paging test adds older case studies)
        assertThat(titles(page("/case-studies"))).first().isEqualTo("Digital identity rollout");
        assertThat(titles(page("/case-studies"))).doesNotContain("Water scarcity in cities",
                "Notes from the innovation week");
        assertThat(titles(page("/resources"))).containsExactly("Service design toolkit", "Open data handbook");
        assertThat(titles(page("/blog"))).contains("Notes from the innovation week")
                .doesNotContain("Water scarcity in cities", "Our answer on water", "Untitled post");
        var objects = instance.server().polity().storage().stores().objects();
        assertThat(objects.findObjectByUri(REMOTE + "/objects/2").orElseThrow().kind()).isEqualTo(ObjectKind.RESOURCE);
        assertThat(objects.findObjectByUri(REMOTE + "/objects/3").orElseThrow().kind()).isEqualTo(ObjectKind.RESPONSE);
        // a received document links to its own address
        assertThat(page("/resources").select(".entry-title a").eachAttr("href"))
                .contains(REMOTE + "/files/handbook.pdf");
    }

    @Test
    void directoriesAnswerActivityStreamsCollections() {
        JsonNode challenges = json("/challenges", "application/activity+json");
        assertThat(challenges.get("type").asText()).isEqualTo("OrderedCollection");
        assertThat(challenges.get("id").asText()).isEqualTo(base + "/challenges");
        assertThat(challenges.get("totalItems").asLong()).isEqualTo(2);
        assertThat(challenges.has("next")).isFalse();
        assertThat(names(challenges)).containsExactly("Water scarcity in cities", "Ageing population services");
        JsonNode first = challenges.get("orderedItems").get(0);
        assertThat(first.get("type").toString()).isEqualTo("[\"Article\",\"Challenge\"]");
        assertThat(first.get("attributedTo").asText()).isEqualTo(base + "/users/alice");
        assertThat(first.get("to").get(0).asText()).isEqualTo(PUBLIC);
        assertThat(first.get("id").asText()).startsWith(base + "/objects/");
        JsonNode received = challenges.get("orderedItems").get(1);
        assertThat(received.get("id").asText()).isEqualTo(REMOTE + "/objects/1");
        assertThat(received.get("content").asText()).doesNotContain("script");
        assertThat(received.get("published").asText()).isEqualTo("2020-06-01T10:00:00Z");
        assertThat(challenges.get("@context").get(0).asText()).isEqualTo("https://www.w3.org/ns/activitystreams");

        JsonNode ld = json("/case-studies", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");
        assertThat(names(ld)).first().isEqualTo("Digital identity rollout");
        assertThat(names(json("/resources", "application/activity+json")))
                .containsExactly("Service design toolkit", "Open data handbook");
        assertThat(json("/blog", "application/activity+json").get("totalItems").asLong()).isEqualTo(1);
        assertThat(instance.get("/challenges", "application/activity+json").headers().allValues("Vary"))
                .anySatisfy(v -> assertThat(v).contains("Accept"));
    }

    @Test
    void directoriesPageNewestFirstWithANextLink() {
        var objects = instance.server().polity().storage().stores().objects();
        Actor alice = instance.localActor("alice");
        Instant t = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 1; i <= 23; i++) {
            objects.insert(new StoredObject(0, base + "/objects/case-" + i, "Article", alice.id(), true,
                    "Old case " + i, "<p>case</p>", null, null, null, Visibility.PUBLIC, t.plusSeconds(i), null,
                    null, "{\"type\":[\"Article\",\"CaseStudy\"]}", ObjectKind.CASE_STUDY));
        }
        Document first = page("/case-studies");
        assertThat(titles(first)).hasSize(20);
        assertThat(titles(first).get(0)).isEqualTo("Digital identity rollout");
        assertThat(titles(first).get(1)).isEqualTo("Old case 23");
        String next = first.select("a[rel=next]#older").attr("href");
        assertThat(next).startsWith("/case-studies?before=");
        Document second = page(next);
        assertThat(titles(second)).containsExactly("Old case 4", "Old case 3", "Old case 2", "Old case 1");
        assertThat(second.select("a[rel=next]")).isEmpty();

        JsonNode collection = json("/case-studies", "application/activity+json");
        assertThat(collection.get("totalItems").asLong()).isEqualTo(24);
        assertThat(collection.get("orderedItems")).hasSize(20);
        String nextJson = collection.get("next").asText();
        assertThat(nextJson).isEqualTo(base + next);
        JsonNode page2 = json(nextJson.substring(base.length()), "application/activity+json");
        assertThat(page2.get("type").asText()).isEqualTo("OrderedCollectionPage");
        assertThat(page2.get("partOf").asText()).isEqualTo(base + "/case-studies");
        assertThat(names(page2)).containsExactly("Old case 4", "Old case 3", "Old case 2", "Old case 1");
        assertThat(page2.has("next")).isFalse();
    }

    @Test
    void aBadCursorIsAClearClientError() {
        HttpResponse<String> json = instance.get("/challenges?before=abc", "application/activity+json");
        assertThat(json.statusCode()).isEqualTo(422);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Api.json(json).get("errors").get("before").asText()).contains("before");
        HttpResponse<String> browser = instance.get("/blog?before=-3", "text/html");
        assertThat(browser.statusCode()).isEqualTo(422);
        assertThat(Jsoup.parse(browser.body()).text()).contains("before is the number of the last entry");
    }

    // --- search ----------------------------------------------------------------------------------------------

    @Test
    void anonymousReadersSearchPublicPostsAndPeople() {
        Document doc = page(q("WATER"));
        assertThat(doc.select("form[role=search] input[name=q]").attr("value")).isEqualTo("WATER");
        // ranked: "water" in the name and the content scores above "water" in the name only
        assertThat(doc.select("#posts .entry-title").eachText())
                .containsExactly("Water scarcity in cities", "Our answer on water");
        assertThat(doc.text()).doesNotContain("Secret challenge").doesNotContain("Unlisted challenge");
        assertThat(doc.select("form[action=/follows]")).isEmpty();
        assertThat(doc.select("#actor-card")).isEmpty();

        Document people = page(q("martín"));
        assertThat(people.select("#people .person").eachAttr("data-username")).containsExactly("alice");
        assertThat(people.select("#people a").attr("href")).isEqualTo(base + "/users/alice");
        assertThat(people.select("#search-empty").text()).contains("No public posts contain “martín”");
    }

    @Test
    void anonymousHandlesResolveLocallyAndNeverFetch() {
        Document local = page(q("@alice@" + instance.authority()));
        assertThat(local.select("#people .person").eachAttr("data-username")).containsExactly("alice");
        // a remote handle is only searched for as text: no lookup, no error, no card
        Document remote = page(q("@someone@unreachable.invalid"));
        assertThat(remote.select("#search-error")).isEmpty();
        assertThat(remote.select("#actor-card")).isEmpty();
        assertThat(remote.select("#search-empty")).hasSize(1);
    }

    @Test
    void searchAnswersAnActivityStreamsCollection() {
        JsonNode result = json(q("water"), "application/activity+json");
        assertThat(result.get("type").asText()).isEqualTo("OrderedCollection");
        assertThat(result.get("id").asText()).isEqualTo(base + "/search?q=water");
        assertThat(result.get("totalItems").asLong()).isEqualTo(2);
        assertThat(names(result)).containsExactly("Water scarcity in cities", "Our answer on water");
        assertThat(result.toString()).doesNotContain("Secret").doesNotContain("Unlisted");

        JsonNode withPeople = json(q("alice"), "application/ld+json");
        JsonNode person = withPeople.get("orderedItems").get(0);
        assertThat(person.get("type").asText()).isEqualTo("Person");
        assertThat(person.get("id").asText()).isEqualTo(base + "/users/alice");
        assertThat(person.get("preferredUsername").asText()).isEqualTo("alice");
    }

    @Test
    void punctuationInTheQueryOnlySeparatesWords() {
        // "100%" is the word 100, which matches 100 and, as a prefix, 1000 (the untitled note, newer)
        JsonNode hundred = json(q("100%"), "application/activity+json");
        assertThat(hundred.get("totalItems").asLong()).isEqualTo(2);
        assertThat(names(hundred)).containsExactly("", "Notes from the innovation week");
        assertThat(json(q("%"), "application/activity+json").get("totalItems").asLong()).isZero();
        assertThat(json(q("_"), "application/activity+json").get("totalItems").asLong()).isZero();
        assertThat(page(q("10_0")).select("#search-empty")).hasSize(1);
    }

    @Test
    void searchPagesWithANextLink() {
        var objects = instance.server().polity().storage().stores().objects();
        Actor alice = instance.localActor("alice");
        Instant t = Instant.parse("2021-01-01T00:00:00Z");
        for (int i = 1; i <= 22; i++) {
            objects.insert(new StoredObject(0, base + "/objects/marker-" + i, "Note", alice.id(), true, "Marker " + i,
                    "<p>zebracrossing " + i + "</p>", null, null, null, Visibility.PUBLIC, t.plusSeconds(i), null,
                    null, "{\"type\":\"Note\"}", null));
        }
        objects.insert(new StoredObject(0, base + "/objects/marker-private", "Note", alice.id(), true, "Marker private",
                "<p>zebracrossing</p>", null, null, null, Visibility.FOLLOWERS, t.plusSeconds(99), null, null,
                "{\"type\":\"Note\"}", null));
        Document first = page(q("ZebraCrossing"));
        assertThat(first.select("#posts .entry-title").eachText()).hasSize(20).first().isEqualTo("Marker 22");
        assertThat(first.select("#search-count").text()).contains("22 results");
        String next = first.select("#posts a[rel=next]").attr("href");
        assertThat(next).startsWith("/search?q=ZebraCrossing&before=");
        assertThat(page(next).select("#posts .entry-title").eachText()).containsExactly("Marker 2", "Marker 1");

        JsonNode collection = json(q("zebracrossing"), "application/activity+json");
        assertThat(collection.get("totalItems").asLong()).isEqualTo(22);
        JsonNode second = json(collection.get("next").asText().substring(base.length()), "application/activity+json");
        assertThat(second.get("type").asText()).isEqualTo("OrderedCollectionPage");
        assertThat(second.get("partOf").asText()).isEqualTo(base + "/search?q=zebracrossing");
        assertThat(names(second)).containsExactly("Marker 2", "Marker 1");
        assertThat(second.toString()).doesNotContain("Marker private");
    }

    @Test
    void badQueriesAreClearClientErrors() {
        HttpResponse<String> noQuery = instance.get("/search", "application/activity+json");
        assertThat(noQuery.statusCode()).isEqualTo(422);
        assertThat(noQuery.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Api.json(noQuery).get("errors").has("q")).isTrue();
        HttpResponse<String> tooLong = instance.get(q("x".repeat(201)), "text/html");
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(Jsoup.parse(tooLong.body()).text()).contains("Keep the search under 200 characters");
        // an empty query in a browser is the search form, for anyone
        Document empty = page("/search");
        assertThat(empty.select("form[role=search]")).hasSize(1);
        assertThat(empty.select("#posts")).isEmpty();
    }

    @Test
    void theDirectoriesAndSearchSpeakFrenchAndSpanish() {
        TestInstance.Browser fr = instance.browser().acceptLanguage("fr");
        Document challenges = Jsoup.parse(fr.get("/challenges").body());
        assertThat(challenges.select("h1").text()).isEqualTo("Défis");
        assertThat(challenges.select("header nav a[href=/case-studies]").text()).isEqualTo("Études de cas");
        Document es = Jsoup.parse(instance.browser().acceptLanguage("es").get(q("nadanada")).body());
        assertThat(es.select("#search-empty").text()).contains("Ninguna publicación pública contiene");
    }
}
