package org.polity.server.casestudies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.resources.Fixtures;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Two countries over loopback, the closing scenario: Estonia (A) publishes a case study in English
 * with a French translation and an attached PDF (its evaluation report, uploaded as a resource). France (B) holds a copy with every language: a French reader there sees the French
 * title and narrative (marked {@code lang="fr"}), an English reader the English; B's search finds it by a French
 * word of its narrative. B publishes an adaptation, in French with an English translation, and both pages link
 * both ways, each reader seeing the other's title in their language.
 */
class CaseStudyTranslationFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance a;
    static TestInstance b;

    @BeforeAll
    static void start() {
        a = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "EE"));
        b = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        a.create("ada", Account.Role.ADMIN, Account.Status.ACTIVE);
        a.account("maria", "ACTIVE");
        b.create("bea", Account.Role.ADMIN, Account.Status.ACTIVE);
        b.account("pierre", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b);
    }

    private static long publish(TestInstance instance, String author, String editor, Map<String, String> fields) {
        Browser writer = instance.loggedIn(author);
        HttpResponse<String> saved = CaseStudyForms.post(writer, "/case-studies/new", fields, List.of("adaptive"),
                List.of("1"), "save");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        long id = CaseStudyForms.idFrom(saved);
        assertThat(CaseStudyForms.step(writer, id, "submit", "").statusCode()).isEqualTo(303);
        assertThat(CaseStudyForms.step(instance.loggedIn(editor), id, "publish", "").statusCode()).isEqualTo(303);
        return id;
    }

    @Test
    void aTranslatedCaseStudyIsReadInFrenchInFranceFoundByAFrenchWordAndAdaptedThere() throws Exception {
        Map<String, String> original = CaseStudyWebTest.french(CaseStudyForms.valid("Proactive family benefits",
                "EE"), 0, "Allocations familiales proactives");
        original.put("lang", "en");
        // Its evaluation report, a PDF uploaded as a resource on A, is linked: the case study attaches the file.
        Browser maria = a.loggedIn("maria");
        Fixtures.Multipart upload = new Fixtures.Multipart().field("_csrf", maria.csrf("/resources/new"))
                .field("kind", "file").field("title", "Evaluation report").field("description", "How it went.")
                .field("licence", "cc-by-4.0").field("language", "en").field("tags", "")
                .file("file", "evaluation.pdf", "application/octet-stream", Fixtures.pdf());
        HttpResponse<String> uploaded = maria.post("/resources/new", upload.contentType(), upload.bytes());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        String location = uploaded.headers().firstValue("Location").orElseThrow();
        original.put("resources", a.server().polity().uris().url(location.substring(0, location.indexOf('?'))));
        long idA = publish(a, "maria", "ada", original);
        CaseStudyStore storeA = a.server().polity().storage().stores().caseStudies();
        CaseStudyStore storeB = b.server().polity().storage().stores().caseStudies();
        String uriA = storeA.findById(idA).orElseThrow().objectUri();

        // B adapts it, in French with an English translation, naming A's page: B fetches A's case study.
        Map<String, String> adaptation = CaseStudyForms.valid("Allocations de rentrée automatiques", "FR");
        adaptation.put("lang", "fr");
        adaptation.put("organisation", "Caisse nationale des allocations familiales");
        adaptation.put("problem", "Les familles **oubliaient** de demander l’allocation de rentrée.");
        adaptation.put("innovation", "Versement d’office, repris de l’Estonie.");
        adaptation.put("adaptedFrom", a.server().polity().uris().url("/case-studies/" + idA));
        adaptation.put("translation-0-lang", "en");
        adaptation.put("translation-0-title", "Automatic back-to-school allowance");
        adaptation.put("translation-0-problem", "Families **forgot** to claim the allowance.");
        adaptation.put("translation-0-innovation", "Paid automatically, after Estonia.");
        long idB = publish(b, "pierre", "bea", adaptation);

        // B's copy of A's case study keeps every language.
        CaseStudyStore.Entry copy = storeB.findByObjectUri(uriA).orElseThrow();
        assertThat(copy.local()).isFalse();
        assertThat(copy.fields().lang()).isEqualTo("en");
        assertThat(copy.fields().translations()).extracting(CaseStudyTranslation::lang).containsExactly("fr");
        assertThat(copy.fields().translations().get(0).problem()).contains("<strong>ne demandaient pas</strong>");

        // A French reader on B sees French, an English reader English; each can switch.
        Document fr = b.browser().acceptLanguage("fr").page("/case-studies/" + copy.id());
        assertThat(fr.select("#cs-title").text()).isEqualTo("Allocations familiales proactives");
        assertThat(fr.select("#cs-title").attr("lang")).isEqualTo("fr");
        assertThat(fr.select("#cs-problem .content[lang=fr] strong").text()).isEqualTo("ne demandaient pas");
        assertThat(fr.select("#cs-innovation .content[lang=fr]").text()).contains("d’office");
        assertThat(fr.select("#cs-also-in a[lang=en]").attr("href")).isEqualTo("/case-studies/" + copy.id()
                + "?lang=en");
        Document en = b.browser().acceptLanguage("en").page("/case-studies/" + copy.id());
        assertThat(en.select("#cs-title").text()).isEqualTo("Proactive family benefits");
        assertThat(en.select("#cs-problem .content[lang=en] strong").text()).isEqualTo("did not apply");
        assertThat(b.browser().acceptLanguage("fr").page("/case-studies").select("#entries").text())
                .contains("Allocations familiales proactives");

        // The PDF arrived with it: B shows the file (name, type), linked to A, where it downloads as a PDF.
        assertThat(fr.select("#cs-files .resource-file").text()).contains("evaluation.pdf").contains("PDF");
        String pdfUrl = fr.select("#cs-files a").attr("href");
        assertThat(pdfUrl).startsWith(a.server().polity().uris().url("/media/"));
        assertThat(fr.select("#cs-files a").attr("rel")).contains("noopener");
        HttpResponse<byte[]> pdf = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(pdfUrl)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdf.body()).isEqualTo(Fixtures.pdf());
        assertThat(a.browser().page("/case-studies/" + idA).select("#cs-files a[download]").text())
                .isEqualTo("evaluation.pdf");

        // B's search finds it by a French word that only its translation has.
        assertThat(b.browser().page("/search?q=registres").text()).contains("Proactive family benefits");
        assertThat(b.browser().acceptLanguage("fr").page("/search?q=demandaient").text())
                .contains("Allocations familiales proactives");

        // A hears of the adaptation; both pages link both ways, in each reader's language.
        CaseStudyStore.Entry onB = storeB.findById(idB).orElseThrow();
        eventually("B's adaptation reaches A", () -> storeA.findByObjectUri(onB.objectUri()).isPresent());
        CaseStudyStore.Entry adaptationOnA = storeA.findByObjectUri(onB.objectUri()).orElseThrow();
        assertThat(adaptationOnA.fields().lang()).isEqualTo("fr");
        assertThat(adaptationOnA.fields().translations()).extracting(CaseStudyTranslation::lang)
                .containsExactly("en");
        Document pageA = a.browser().acceptLanguage("en").page("/case-studies/" + idA);
        assertThat(pageA.select("#cs-adaptations").text()).contains("Adapted in")
                .contains("Automatic back-to-school allowance").contains("France");
        assertThat(a.browser().acceptLanguage("fr").page("/case-studies/" + idA).select("#cs-adaptations a[lang=fr]")
                .text()).isEqualTo("Allocations de rentrée automatiques");
        Document pageB = b.browser().acceptLanguage("fr").page("/case-studies/" + idB);
        assertThat(pageB.select("#cs-origins a[lang=fr]").text()).isEqualTo("Allocations familiales proactives");
        assertThat(pageB.select("#cs-origins").text()).contains("Estonie");
        assertThat(b.browser().acceptLanguage("en").page("/case-studies/" + idB).select("#cs-origins").text())
                .contains("Adapted from").contains("Proactive family benefits");
        Document adaptationOnAPage = a.browser().acceptLanguage("en").page("/case-studies/" + adaptationOnA.id());
        assertThat(adaptationOnAPage.select("#cs-title").text()).isEqualTo("Automatic back-to-school allowance");
        assertThat(adaptationOnAPage.select("#cs-origins").text()).contains("Proactive family benefits");

        // A's author edits the French translation of the published case study: B's copy keeps both versions,
        // with their languages, and its diff names the translation's field.
        original.put("translation-0-results", "Le taux de recours est passé de 70 % à 99 %.");
        original.put("version", "1");
        assertThat(CaseStudyForms.post(a.loggedIn("maria"), "/case-studies/" + idA + "/edit", original,
                List.of("adaptive"), List.of("1"), "save").statusCode()).isEqualTo(303);
        eventually("A's Update reaches B", () -> storeB.findById(copy.id()).orElseThrow().version() == 2);
        assertThat(storeB.findVersion(copy.id(), 1).orElseThrow().fields().translations().get(0).results())
                .contains("98 %");
        assertThat(storeB.findById(copy.id()).orElseThrow().fields().translations().get(0).results())
                .contains("99 %");
        assertThat(b.browser().acceptLanguage("en").page("/case-studies/" + copy.id() + "/diff?from=1&to=2")
                .select("#diff dt").eachText()).containsExactly("Results and impact (Français)");
        assertThat(b.browser().acceptLanguage("fr").page("/case-studies/" + copy.id()).select("#cs-results")
                .text()).contains("99 %");
    }
}
