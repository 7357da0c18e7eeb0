package org.polity.server.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.polity.server.model.Account;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;
import org.polity.server.web.Messages;

/**
 * The challenge pages in a real browser on a 360 px phone, in English, French and Spanish: the directory with
 * its filters, Mexico's challenge with its questions and a response, responding (and its errors), the issuer's
 * form, and the administrators' list of issuers. Each page passes axe (no serious or critical violation), fits
 * the screen, and is in the reader's language.
 */
@Tag("browser")
class ChallengeBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome phone;
    static Account ana;
    static long id;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "MX"));
        ana = instance.create("ana", Account.Role.ADMIN, Account.Status.ACTIVE);
        Account carla = instance.account("carla", "ACTIVE");
        ChallengeService service = new ChallengeService(instance.server().polity());
        List<Challenge.Question> questions = ChallengeForms.MEXICO_QUESTIONS.stream()
                .map(q -> new Challenge.Question("", q)).toList();
        List<Challenge.Category> categories = ChallengeForms.MEXICO_CATEGORIES.stream()
                .map(k -> new Challenge.Category("", k)).toList();
        Challenge c = new Challenge("Transparency in the energy sector", "How can open data and citizens make energy"
                + " governance more transparent?", "Mexico opened its energy sector in 2013. **Open data** is the law:"
                + " https://www.gob.mx/sener/a/very/long/address/that/must/wrap/on/a/phone", "MX",
                "Secretaría de Energía", questions, categories, "energy", List.of("energy", "transparency"),
                List.of(7, 16), Instant.parse("2099-03-31T23:59:59Z"), List.of("es", "en"), "retos@energia.gob.mx",
                ChallengeStatus.DRAFT, "", false);
        id = service.createDraft(ana, c).id();
        service.advance(ana, id, ChallengeStatus.OPEN, "");
        String uri = service.visible(id, java.util.Optional.of(ana)).orElseThrow().objectUri();
        service.respond(carla, id, new ChallengeResponse("Open contracts for energy", "Contracts are published.",
                "MX", "Comisión Reguladora de Energía", "We publish every **contract** as open data.",
                "Complaints fell.", List.of("https://example.gob.mx/contratos"), uri + "/questions/2",
                uri + "/categories/1"));
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

    @ParameterizedTest(name = "challenge pages in {0}")
    @ValueSource(strings = {"en", "fr", "es"})
    void everyPagePassesAxeAtPhoneWidthInEachLanguage(String lang) {
        instance.accounts().setLocale(instance.reload(ana), lang);
        Messages m = Messages.of(lang);
        check("/challenges", lang, m.t("directory.challenges.title"));
        assertThat(phone.find("#entries").getText()).contains("Transparency in the energy sector")
                .contains(m.t("challenges.status.open"));
        check("/challenges?country=MX&sdg=7&status=open&open=1&q=energy", lang, m.t("directory.challenges.title"));
        check("/challenges/" + id, lang, "Transparency in the energy sector");
        assertThat(phone.find("#questions").getText()).contains(ChallengeForms.MEXICO_QUESTIONS.get(2));
        assertThat(phone.find("#responses").getText()).contains("Open contracts for energy");
        assertThat(phone.find("#challenge-status").getText()).isEqualTo(m.t("challenges.status.open"));
        check("/challenges/" + id + "/respond", lang, m.t("challenges.respond.title", "").replaceAll("[«»“”\"]", "")
                .strip());
        check("/challenges/new", lang, m.t("challenges.new.title"));
        check("/challenges/" + id + "/edit", lang, "Transparency in the energy sector");
        check("/admin/challenges", lang, m.t("challenges.issuers.title"));

        // A response without its title and approach: the messages sit beside the fields, in this language.
        phone.get(instance.uri("/challenges/" + id + "/respond").toString());
        phone.find("#send-response").click();
        phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("error-summary")).isEmpty());
        assertThat(phone.find("#title-error").getText()).isEqualTo(m.t("challenges.error.responseTitle"));
        assertThat(phone.find("#approach-error").getText()).isEqualTo(m.t("challenges.error.approach"));
        List<Chrome.Violation> all = phone.axe();
        assertThat(all.stream().filter(Chrome.Violation::seriousOrWorse).toList()).as(all.toString()).isEmpty();
    }
}
