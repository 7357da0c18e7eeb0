package org.polity.server.casestudies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.polity.server.model.Account;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;
import org.polity.server.web.Messages;

/**
 * The case study pages in a real browser on a 360 px phone, in English, French and Spanish: the library with
 * its filters, a case study with its adoption links, its versions and a diff, the editor (empty, and with the
 * errors of a save with required fields missing), and the review queue. Each page passes axe (no serious or
 * critical violation), fits the screen, and is in the reader's language.
 */
@Tag("browser")
class CaseStudyBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome phone;
    static Account maria;
    static long original;
    static long adaptation;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "EE"));
        Account ada = instance.create("ada", Account.Role.ADMIN, Account.Status.ACTIVE);
        maria = instance.account("maria", "ACTIVE");
        CaseStudyService service = new CaseStudyService(instance.server().polity());
        service.setEditor(ada, maria, true);
        CaseStudy first = CaseStudyForm.toCaseStudy(org.polity.server.web.FormState.of(
                CaseStudyForms.valid("Proactive family benefits, paid from registry data without any application",
                        "EE")));
        original = service.createDraft(maria, first).id();
        service.submitForReview(maria, original);
        service.publish(ada, original, "");
        Map<String, String> changed = CaseStudyForms.valid("Proactive family benefits, paid from registry data"
                + " without any application", "EE");
        changed.put("results", "Take-up rose from 70% to 99% in https://example.org/a/very/long/address/that/goes/on");
        service.edit(maria, original, 1, CaseStudyForm.toCaseStudy(org.polity.server.web.FormState.of(changed)));
        Map<String, String> adapted = CaseStudyForms.valid("Automatic school meals", "EE");
        adapted.put("adaptedFrom", service.pageUrl(original));
        adaptation = service.createDraft(maria, CaseStudyForm.toCaseStudy(org.polity.server.web.FormState.of(adapted)))
                .id();
        service.submitForReview(maria, adaptation);
        service.publish(ada, adaptation, "");
        // One waits in review, for the queue.
        long waiting = service.createDraft(ada, first).id();
        service.submitForReview(ada, waiting);
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
        phone.logIn(instance.uri("").toString(), "maria", PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(phone, instance);
    }

    private void check(String path, String lang, String heading) {
        phone.checkPage(instance.uri(path).toString(), lang, heading);
    }

    @ParameterizedTest(name = "case study pages in {0}")
    @ValueSource(strings = {"en", "fr", "es"})
    void everyPagePassesAxeAtPhoneWidthInEachLanguage(String lang) {
        instance.accounts().setLocale(instance.reload(maria), lang);
        Messages m = Messages.of(lang);
        check("/case-studies", lang, m.t("casestudies.library.title"));
        check("/case-studies?country=EE&sdg=1", lang, m.t("casestudies.library.title"));
        check("/case-studies/" + original, lang, "Proactive family benefits");
        assertThat(phone.find("#cs-adaptations").getText()).contains(m.t("casestudies.page.in.adapted"))
                .contains("Automatic school meals");
        check("/case-studies/" + adaptation, lang, "Automatic school meals");
        assertThat(phone.find("#cs-origins").getText()).contains(m.t("casestudies.page.from.adapted"));
        check("/case-studies/" + original + "/versions", lang, m.t("casestudies.versions.title", "").strip()
                .replaceAll("[«»“”\"]", "").strip());
        check("/case-studies/" + original + "/versions/1", lang, "Proactive family benefits");
        check("/case-studies/" + original + "/diff?from=1&to=2", lang, m.t("casestudies.diff.title", 1, 2));
        assertThat(phone.find("#diff ins").getText()).startsWith(m.t("casestudies.diff.added"));
        check("/case-studies/new", lang, m.t("casestudies.new.title"));
        check("/case-studies/" + adaptation + "/edit", lang, "Automatic school meals");
        check("/case-studies/review", lang, m.t("casestudies.review.title"));

        // A save with the title and the problem missing: the messages sit beside the fields, in this language.
        phone.get(instance.uri("/case-studies/new").toString());
        phone.fill("organisation", "Ministry of Social Affairs");
        phone.find("button[value=save]").click();
        phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("error-summary")).isEmpty());
        assertThat(phone.find("#title-error").getText()).isEqualTo(m.t("casestudies.error.title"));
        assertThat(phone.find("#problem-error").getText()).isEqualTo(m.t("casestudies.error.problem"));
        assertThat(phone.find("#organisation").getAttribute("value")).isEqualTo("Ministry of Social Affairs");
        List<Chrome.Violation> all = phone.axe();
        assertThat(all.stream().filter(Chrome.Violation::seriousOrWorse).toList()).as(all.toString()).isEmpty();

        // "Add a translation": a block with the case study's fields, in this language, on a phone.
        phone.get(instance.uri("/case-studies/new").toString());
        phone.fill("title", "Proactive family benefits");
        phone.find("#add-translation").click();
        phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("translation-0-block")).isEmpty());
        assertThat(phone.find("#title").getAttribute("value")).isEqualTo("Proactive family benefits");
        assertThat(phone.find("#translation-0-block legend").getText()).isEqualTo(m.t("translations.legend", 1));
        assertThat(phone.find("label[for=translation-0-problem]").getText()).startsWith(
                m.t("casestudies.field.problem"));
        assertThat(phone.findAll("#translation-0-block textarea")).hasSize(5);
        phone.assertNoSidewaysScroll("the editor with a translation");
        List<Chrome.Violation> withBlock = phone.axe();
        assertThat(withBlock.stream().filter(Chrome.Violation::seriousOrWorse).toList())
                .as("serious axe violations on the editor with a translation in " + lang + ":\n" + withBlock)
                .isEmpty();
        // A translation without its problem, saved: the message beside the translation's field.
        phone.fill("translation-0-lang", "fr");
        phone.fill("translation-0-title", "Allocations familiales proactives");
        phone.find("button[value=save]").click();
        phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("translation-0-problem-error"))
                .isEmpty());
        assertThat(phone.find("#translation-0-problem-error").getText()).isEqualTo(m.t("casestudies.error.problem"));
        List<Chrome.Violation> withErrors = phone.axe();
        assertThat(withErrors.stream().filter(Chrome.Violation::seriousOrWorse).toList()).as(withErrors.toString())
                .isEmpty();
    }
}
