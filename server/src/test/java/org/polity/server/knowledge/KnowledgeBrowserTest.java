package org.polity.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.polity.server.challenges.ChallengeForms;
import org.polity.server.model.Account;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;
import org.polity.server.web.Messages;

/**
 * The SPARQL page in a real browser on a 360 px phone, in English, French and Spanish: empty, running an example
 * (the responses-per-challenge-by-country table), a CONSTRUCT answer, and a refused update with its error beside
 * the form. Each passes axe (no serious or critical violation), fits the screen, and is in the reader's language.
 */
@Tag("browser")
class KnowledgeBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome phone;
    static Account ana;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "MX"));
        ana = instance.create("ana", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.account("carla", "ACTIVE");
        TestInstance.Browser admin = instance.loggedIn("ana");
        ChallengeForms.authorise(admin, "ana");
        var saved = ChallengeForms.post(admin, "/challenges/new", ChallengeForms.mexico(), List.of("7", "16"));
        long id = ChallengeForms.idFrom(saved);
        ChallengeForms.advance(admin, id, "open", "");
        var sent = ChallengeForms.post(instance.loggedIn("carla"), "/challenges/" + id + "/respond",
                ChallengeForms.response("Minerals portal with a very long title that has to wrap on a small phone",
                        "AU"), List.of());
        assertThat(sent.statusCode()).isEqualTo(303);
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
        phone.logIn(instance.uri("").toString(), "ana", PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(phone, instance);
    }

    private void check(String path, String lang, String heading) {
        phone.checkPage(instance.uri(path).toString(), lang, heading);
    }

    private static String query(String q) {
        return "/sparql?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "SPARQL page in {0}")
    @ValueSource(strings = {"en", "fr", "es"})
    void theSparqlPagePassesAxeAtPhoneWidthInEachLanguage(String lang) {
        instance.accounts().setLocale(instance.reload(ana), lang);
        Messages m = Messages.of(lang);
        String title = m.t("knowledge.sparql.title");
        check("/sparql", lang, title);
        assertThat(phone.find("#examples").getText()).contains(m.t("knowledge.example.responsesByCountry"));

        // The example link runs the done-criterion's query: one row, Australia, one response.
        phone.find("#example-responses-by-country").click();
        phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("results-table")).isEmpty());
        check(phone.driver.getCurrentUrl().substring(instance.uri("").toString().length()), lang, title);
        assertThat(phone.find("#results-table tbody").getText()).contains("AU").contains("Transparency in the energy");

        // Typing a query into the form and running it.
        phone.get(instance.uri("/sparql").toString());
        phone.find("#query").clear();
        phone.find("#query").sendKeys("PREFIX polity: <" + KnowledgeTerms.POLITY + ">\n"
                + "CONSTRUCT { ?c a polity:Challenge } WHERE { ?c a polity:Challenge }");
        phone.find("#run-query").click();
        phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("graph")).isEmpty());
        assertThat(phone.find("#graph").getText()).contains("polity:Challenge");
        check(phone.driver.getCurrentUrl().substring(instance.uri("").toString().length()), lang, title);

        check(query("CLEAR ALL"), lang, title);
        assertThat(phone.find("#sparql-error").getText()).isEqualTo(m.t("knowledge.error.update"));
        assertThat(phone.find("#query").getAttribute("aria-invalid")).isEqualTo("true");
        check(query("ASK { ?s ?p ?o }"), lang, title);
        assertThat(phone.find("#ask-result").getText()).isEqualTo(m.t("knowledge.sparql.askTrue"));
    }
}
