package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.ContentRules;
import org.polity.server.groups.Membership;
import org.polity.server.model.Account;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Services say what is wrong as a keyed message with its values (service.Message): a browser reads it beside the
 * field in its own language, values formatted for it; an API client reads it in English in problem details,
 * whatever language it asks for.
 */
class KeyedMessagesWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static Account amelieAccount;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        amelieAccount = instance.account("amelie", "ACTIVE");
        instance.account("bea", "ACTIVE");
        Browser amelie = instance.loggedIn("amelie");
        assertThat(amelie.submit("/groups", "/groups", groupForm("aqua")).statusCode()).isEqualTo(303);
        Map<String, String> byApproval = groupForm("lago");
        byApproval.put("membership", "approval");
        assertThat(amelie.submit("/groups", "/groups", byApproval).statusCode()).isEqualTo(303);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Map<String, String> groupForm(String name) {
        return new HashMap<>(Map.of("name", name, "title", "Water data", "about", "", "membership", "open"));
    }

    private static Browser in(String user, String language) {
        return instance.loggedIn(user).acceptLanguage(language);
    }

    @Test
    void aTakenGroupNameIsSaidWithTheNameInEachLanguage() {
        Map<String, String> expected = Map.of(
                "en", "The name @aqua is taken; choose another.",
                "fr", "Le nom @aqua est pris ; choisissez-en un autre.",
                "es", "El nombre @aqua ya está en uso; elija otro.");
        expected.forEach((lang, sentence) -> {
            HttpResponse<String> taken = in("bea", lang).submit("/groups", "/groups", groupForm("aqua"));
            assertThat(taken.statusCode()).as(lang).isEqualTo(422);
            assertThat(html(taken).select("#name-error").text()).as(lang).isEqualTo(sentence);
        });
    }

    @Test
    void theLengthLimitOfAPostIsWrittenAsEachLanguageWritesNumbers() {
        String tooLong = "x".repeat(ContentRules.MAX_CONTENT + 1);
        Map<String, String> pattern = Map.of(
                "en", "Posts can have at most 5,000 characters.",
                "fr", "Une publication a au plus 5\\h000 caractères.",
                "es", "Una publicación tiene como máximo 5\\.000 caracteres.");
        pattern.forEach((lang, regex) -> {
            HttpResponse<String> huge = in("amelie", lang).submit("/groups/aqua", "/groups/threads",
                    Map.of("name", "Huge", "content", tooLong, "kind", "discussion"));
            assertThat(huge.statusCode()).as(lang).isEqualTo(422);
            String shown = html(huge).select("#content-error").text();
            assertThat(shown).as(lang).matches(regex.replace("\\h", "[\\s\\u00a0\\u202f]"));
        });
    }

    @Test
    void theLimitOfAJoinMessageIsTranslatedToo() {
        String message = "m".repeat(Membership.MAX_MESSAGE + 1);
        String group = String.valueOf(instance.server().polity().federation().groups().queries().group("lago").id());
        HttpResponse<String> fr = in("bea", "fr").submit("/groups/lago", "/groups/join",
                Map.of("group", group, "message", message));
        assertThat(fr.statusCode()).isEqualTo(422);
        assertThat(html(fr).select("#message-error").text())
                .matches("Le message doit faire moins de 1[\\s\\u00a0\\u202f]000 caractères\\.");
        HttpResponse<String> es = in("bea", "es").submit("/groups/lago", "/groups/join",
                Map.of("group", group, "message", message));
        assertThat(html(es).select("#message-error").text())
                .isEqualTo("El mensaje debe tener menos de 1.000 caracteres.");
        assertThat(instance.server().polity().storage().stores().follows()
                .findFollow(instance.localActor("bea").id(), Long.parseLong(group))).isEmpty();
    }

    @Test
    void apiProblemDetailsAreInEnglishWhateverTheLanguageAsked() throws Exception {
        String token = new Api(instance).token(amelieAccount);
        String body = "{\"type\":\"Note\",\"content\":\"" + "y".repeat(ContentRules.MAX_CONTENT + 1)
                + "\",\"to\":[\"https://www.w3.org/ns/activitystreams#Public\"]}";
        HttpRequest request = HttpRequest.newBuilder(instance.uri("/users/amelie/outbox"))
                .header("Authorization", "Bearer " + token).header("Content-Type", Api.AS)
                .header("Accept", "application/json").header("Accept-Language", "fr")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Api.json(response);
        assertThat(problem.path("errors").path("content").asText())
                .isEqualTo("Posts can have at most 5,000 characters.");
        assertThat(problem.path("detail").asText()).isEqualTo("Posts can have at most 5,000 characters.");

        HttpRequest noGroup = HttpRequest.newBuilder(instance.uri("/users/nosuch/moderators"))
                .header("Accept", Api.AS).header("Accept-Language", "es").GET().build();
        HttpResponse<String> missing = HttpClient.newHttpClient().send(noGroup, HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Api.json(missing).path("detail").asText())
                .isEqualTo("There is no member with that name on this instance.");
    }

    @Test
    void anErrorPageSaysAServiceRefusalInTheReadersLanguage() {
        HttpResponse<String> fr = instance.browser().acceptLanguage("fr").get("/groups/nosuch");
        assertThat(fr.statusCode()).isEqualTo(404);
        assertThat(html(fr).text()).contains(Messages.of("fr").t("groups.error.noGroup"))
                .doesNotContain(Messages.of("en").t("groups.error.noGroup"));
    }
}
