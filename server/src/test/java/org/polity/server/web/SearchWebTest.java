package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.html;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/** Search by handle, follow and unfollow from the search page and from profiles (one instance). */
class SearchWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        for (String name : List.of("gina", "hugo", "ines", "jack", "kim")) {
            instance.account(name, "ACTIVE");
        }
        instance.server().polity().accounts().setManuallyApprovesFollowers(
                instance.accounts().findByUsername("ines").orElseThrow(), true);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Browser logIn(String name) {
        return instance.loggedIn(name);
    }

    static Actor actor(String name) {
        return instance.localActor(name);
    }

    static String searchPath(String q) {
        return "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    @Test
    void theSearchPageHasASearchLandmark() {
        Document page = logIn("gina").page("/search");
        assertThat(page.select("h1")).hasSize(1);
        assertThat(page.select("form[role=search][method=get][action=/search] input[name=q]#q")).hasSize(1);
        assertThat(page.select("label[for=q]").text()).isNotBlank();
        assertThat(page.select("#actor-card")).isEmpty();
    }

    @Test
    void searchALocalHandleAndFollowFromTheResult() {
        Browser gina = logIn("gina");
        String path = searchPath("@hugo@" + instance.authority());
        Document result = gina.page(path);
        assertThat(result.select("#actor-card .handle").text()).isEqualTo("@hugo@" + instance.authority());
        assertThat(result.select("#actor-card a[href=/profiles/" + actor("hugo").id() + "]")).hasSize(1);
        assertThat(result.select("form[action=/follows] input[name=target]").attr("value"))
                .isEqualTo(actor("hugo").uri());

        HttpResponse<String> followed = gina.submit(path, "/follows", Map.of());
        assertThat(followed.statusCode()).isEqualTo(303);
        assertThat(followed.headers().firstValue("Location")).hasValue(path);
        assertThat(instance.server().polity().storage().stores().follows().findFollow(actor("gina").id(),
                actor("hugo").id())).get().extracting(Follow::state).isEqualTo(Follow.State.ACCEPTED);
        Document after = gina.page(path);
        assertThat(after.select("#follow-state").text()).isEqualTo("Following");
        assertThat(after.select("form[action=/follows/delete]")).hasSize(1);

        // hugo is told, and the handle without the at-sign finds him too
        Document notifications = logIn("hugo").page("/notifications");
        assertThat(notifications.select("li.notification[data-kind=FOLLOW]").text())
                .contains("gina").contains("followed you");
        assertThat(gina.page(searchPath("hugo@" + instance.authority())).select("#follow-state").text())
                .isEqualTo("Following");

        HttpResponse<String> unfollowed = gina.submit(path, "/follows/delete", Map.of());
        assertThat(unfollowed.statusCode()).isEqualTo(303);
        assertThat(gina.page(path).select("form[action=/follows] button").text()).isEqualTo("Follow");
    }

    /**
     * A follow of a remote account that does not approve followers by hand waits only for its server's answer:
     * the page says the request was sent there, not that someone must approve it.
     */
    @Test
    void aPendingFollowOfAnUnlockedRemoteAccountSaysTheRequestWasSentToItsServer() {
        var stores = instance.server().polity().storage().stores();
        java.time.Instant now = java.time.Instant.now();
        Actor remote = stores.actors().insert(new Actor(0, "https://social.example/users/lena",
                org.polity.server.model.ActorType.Person, "lena", "social.example", false, "Lena", "",
                "https://social.example/users/lena/inbox", null, null, null, null, null,
                "https://social.example/users/lena#main-key", instance.localActor("jack").publicKeyPem(), false, now,
                now));
        stores.follows().insertOrGet(actor("kim").id(), remote.id(), Follow.State.PENDING,
                "https://" + instance.authority() + "/follows/1", now);
        Document page = logIn("kim").page("/profiles/" + remote.id());
        assertThat(page.select("#follow-state").text())
                .isEqualTo("Request sent to social.example: following as soon as it answers");
    }

    @Test
    void aLockedAccountShowsRequestedUntilApproved() {
        Browser ines = logIn("ines");
        assertThat(ines.submit("/home", "/home/posts", Map.of("content", "Open to everyone")).statusCode())
                .isEqualTo(303);
        assertThat(ines.submit("/home", "/home/posts", Map.of("content", "Followers hear this",
                "visibility", "followers")).statusCode()).isEqualTo(303);
        Browser jack = logIn("jack");
        String profile = "/profiles/" + actor("ines").id();
        Document page = jack.page(profile);
        assertThat(page.select("h1")).hasSize(1);
        assertThat(page.select("h1").text()).isEqualTo("ines");
        assertThat(page.select("article.post").text()).contains("Open to everyone").doesNotContain("Followers hear");
        assertThat(jack.submit(profile, "/follows", Map.of()).statusCode()).isEqualTo(303);
        assertThat(jack.page(profile).select("#follow-state").text())
                .isEqualTo("Requested: ines approves each follower");

        assertThat(ines.page("/notifications").select("li.notification[data-kind=FOLLOW_REQUEST]").text())
                .contains("asks to follow you");
        var polity = instance.server().polity();
        Follow pending = polity.storage().stores().follows().findFollow(actor("jack").id(), actor("ines").id())
                .orElseThrow();
        polity.federation().follows().approve(actor("ines"), pending.id());
        assertThat(jack.page("/notifications").select("li.notification[data-kind=FOLLOW_ACCEPTED]").text())
                .contains("accepted your follow request");
        assertThat(jack.page(profile).select("#follow-state").text()).isEqualTo("Following");
        assertThat(jack.page(profile).select("article.post").text()).contains("Followers hear this");
    }

    @Test
    void unknownOrMalformedQueriesGetASentence() {
        Browser gina = logIn("gina");
        HttpResponse<String> nobody = gina.get(searchPath("@nobody@" + instance.authority()));
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(html(nobody).select("#search-error").text()).contains("No one was found");
        // words that are not a handle are searched for in public posts (no lookup, so no error)
        HttpResponse<String> words = gina.get(searchPath("not a handle"));
        assertThat(words.statusCode()).isEqualTo(200);
        assertThat(html(words).select("#search-error")).isEmpty();
        assertThat(html(words).select("#search-empty").text()).contains("No public posts contain");
        // an address that cannot be fetched still gets a sentence
        assertThat(html(gina.get(searchPath("https://"))).select("#search-error").text()).isNotBlank();
        assertThat(html(gina.get(searchPath("@gina@" + instance.authority()))).select("#follow-state").text())
                .isEqualTo("This is you.");
    }

    // --- full-text search, filters and limits --------------------------------------------------------------

    static void post(String author, String id, String type, String name, String html, String payload,
            java.time.Instant published) {
        Actor a = actor(author);
        instance.server().polity().storage().stores().objects().insert(new org.polity.server.model.StoredObject(0,
                instance.uri("/objects/sw-" + id).toString(), type, a.id(), true, name, html, null, null, null,
                org.polity.server.model.Visibility.PUBLIC, published, null, null, payload, org.polity.server.model
                        .ObjectKind.of(List.of(type))));
    }

    static com.fasterxml.jackson.databind.JsonNode json(String path) {
        HttpResponse<String> r = instance.get(path, "application/activity+json");
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return Api.json(r);
    }

    @Test
    void aSearchOfTenThousandCharactersIsAClearErrorInHtmlAndJson() {
        String q = searchPath("w".repeat(10_000));
        HttpResponse<String> page = instance.get(q, "text/html");
        assertThat(page.statusCode()).isEqualTo(422);
        Document doc = html(page);
        assertThat(doc.select("#q-error").text()).contains("Keep the search under 200 characters");
        assertThat(doc.select("#q").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.select("#posts")).isEmpty();
        HttpResponse<String> api = instance.get(q, "application/activity+json");
        assertThat(api.statusCode()).isEqualTo(422);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Api.json(api).get("errors").get("q").asText()).contains("200 characters");
        // in the reader's language
        Document fr = html(instance.browser().acceptLanguage("fr").get(q));
        assertThat(fr.select("#q-error").text()).isNotBlank().doesNotContain("Keep the search");
    }

    @Test
    void invalidFiltersGetASentenceBesideTheirField() {
        HttpResponse<String> bad = instance.get("/search?q=x&type=spaceship&country=France&tag=%23a+b&lang=klingon"
                + "&from=2026-13-01&to=yesterday", "text/html");
        assertThat(bad.statusCode()).isEqualTo(422);
        Document doc = html(bad);
        assertThat(doc.select("#type-error").text()).isEqualTo("Choose a type from the list.");
        assertThat(doc.select("#country-error").text()).contains("two letters");
        assertThat(doc.select("#tag-error").text()).isNotBlank();
        assertThat(doc.select("#lang-error").text()).isNotBlank();
        assertThat(doc.select("#from-error").text()).contains("YYYY-MM-DD");
        assertThat(doc.select("#to-error").text()).contains("YYYY-MM-DD");
        assertThat(doc.select("#error-summary li")).hasSize(6);
        assertThat(doc.select("#country").attr("value")).isEqualTo("France");
        HttpResponse<String> range = instance.get("/search?q=x&from=2026-02-01&to=2026-01-01&type=person",
                "application/activity+json");
        assertThat(range.statusCode()).isEqualTo(422);
        assertThat(Api.json(range).get("errors").get("to").asText()).isEqualTo("The end date is before the start date.");
    }

    @Test
    void theCollectionAnswersFilterErrorsInEnglishWhateverTheReadersLanguage() throws Exception {
        // problem details are for programs: English, like every other API answer; the form is the reader's
        HttpResponse<String> api = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        instance.uri("/search?q=x&type=spaceship&from=2026-13-01"))
                .header("Accept", "application/activity+json").header("Accept-Language", "fr").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(422);
        assertThat(Api.json(api).get("errors").get("type").asText()).isEqualTo("Choose a type from the list.");
        assertThat(Api.json(api).get("errors").get("from").asText()).contains("YYYY-MM-DD");
        Document fr = html(instance.browser().acceptLanguage("fr").get("/search?q=x&type=spaceship"));
        assertThat(fr.select("#type-error").text()).isEqualTo("Choisissez un type dans la liste.");
    }

    @Test
    void filtersNarrowTheResultsInTheFormAndTheCollection() {
        java.time.Instant t = java.time.Instant.parse("2025-06-01T12:00:00Z");
        post("gina", "water-en", "Page", "Watershed plan", "<p>rivers</p>",
                "{\"type\":\"Page\",\"tag\":[{\"type\":\"Hashtag\",\"name\":\"#Water\"}]}", t);
        post("gina", "water-fr", "Article", "Bassin versant",
                "<p>riviere</p>", "{\"type\":\"Article\",\"contentMap\":{\"fr\":\"<p>watershed en francais</p>\"}}",
                t.plusSeconds(86_400 * 40));
        Document all = html(instance.get(searchPath("watershed"), "text/html"));
        // the title match ranks above the match in a translation of the body, though older
        assertThat(all.select("#posts .entry-title").eachText()).containsExactly("Watershed plan", "Bassin versant");
        assertThat(all.select("#clear-filters")).isEmpty();
        assertThat(all.select("fieldset#filters legend").text()).isNotBlank();
        assertThat(all.select("label[for=type], label[for=country], label[for=tag], label[for=lang], label[for=from],"
                + " label[for=to]")).hasSize(6);

        Document thread = html(instance.get(searchPath("watershed") + "&type=thread", "text/html"));
        assertThat(thread.select("#posts .entry-title").eachText()).containsExactly("Watershed plan");
        assertThat(thread.select("#type option[selected]").attr("value")).isEqualTo("thread");
        assertThat(thread.select("#clear-filters").attr("href")).isEqualTo("/search?q=watershed");
        assertThat(html(instance.get(searchPath("watershed") + "&lang=fr", "text/html"))
                .select("#posts .entry-title").eachText()).containsExactly("Bassin versant");
        assertThat(html(instance.get(searchPath("") + "&tag=%23water", "text/html"))
                .select("#posts .entry-title").eachText()).containsExactly("Watershed plan");
        assertThat(html(instance.get(searchPath("watershed") + "&from=2025-07-01", "text/html"))
                .select("#posts .entry-title").eachText()).containsExactly("Bassin versant");
        assertThat(html(instance.get(searchPath("watershed") + "&to=2025-06-01", "text/html"))
                .select("#posts .entry-title").eachText()).containsExactly("Watershed plan");

        var collection = json(searchPath("watershed") + "&type=article");
        assertThat(collection.get("type").asText()).isEqualTo("OrderedCollection");
        assertThat(collection.get("id").asText()).endsWith("/search?q=watershed&type=article");
        assertThat(collection.get("totalItems").asLong()).isEqualTo(1);
        assertThat(collection.get("orderedItems").get(0).get("name").asText()).isEqualTo("Bassin versant");
        // people by type, with no words: the active members
        var people = json("/search?q=&type=person");
        assertThat(people.get("totalItems").asLong()).isEqualTo(people.get("orderedItems").size());
        assertThat(people.get("orderedItems").findValuesAsText("preferredUsername"))
                .contains("gina", "hugo", "ines", "jack", "kim");
        assertThat(people.get("orderedItems").findValuesAsText("type")).containsOnly("Person");
        Document peoplePage = html(instance.get("/search?type=person&q=hugo", "text/html"));
        assertThat(peoplePage.select("#people .person").eachAttr("data-username")).containsExactly("hugo");
        assertThat(peoplePage.select("#posts")).isEmpty();
    }
}
