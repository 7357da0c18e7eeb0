package org.polity.server.casestudies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polity.server.web.FormState;

/** Reading another server's case study in several languages, and writing ours: every language both ways. */
class ApToCaseStudyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLanguageOfAReceivedCaseStudyIsKeptSanitised() throws Exception {
        CaseStudy cs = ApToCaseStudy.from(JSON.readTree("""
                {"type": ["Article", "CaseStudy"], "name": "Allocations", "content": "<p>Texte</p>",
                 "contentMap": {"fr": "<p>Texte</p>", "en": "<p>Text</p>"},
                 "nameMap": {"fr": "Allocations", "en": "Benefits", "not a tag!": "x"},
                 "problem": "<p>Non-recours</p>",
                 "problemMap": {"fr": "<p>Non-recours</p>", "en": "<p>Nobody applied<script>x()</script></p>",
                                "es-mx": "<p>Nadie pedía</p>"},
                 "innovationMap": {"en": "<p>Paid</p>"}, "country": "FR"}
                """));
        assertThat(cs.lang()).isEqualTo("fr");
        assertThat(cs.title()).isEqualTo("Allocations");
        assertThat(cs.translations()).extracting(CaseStudyTranslation::lang).containsExactly("en", "es-MX");
        CaseStudy en = cs.forReader("en-GB");
        assertThat(en.lang()).isEqualTo("en");
        assertThat(en.title()).isEqualTo("Benefits");
        assertThat(en.problem()).isEqualTo("<p>Nobody applied</p>");
        assertThat(en.innovation()).isEqualTo("<p>Paid</p>");
        assertThat(cs.forReader("es").problem()).isEqualTo("<p>Nadie pedía</p>");
        assertThat(cs.forReader("de").lang()).isEqualTo("fr");
    }

    @Test
    void withoutAContentMapTheDefaultIsTheProblemMapsKeyOfThePlainProblem() throws Exception {
        CaseStudy cs = ApToCaseStudy.from(JSON.readTree("""
                {"type": ["Article", "CaseStudy"], "name": "Budgets", "problem": "<p>Closed</p>",
                 "problemMap": {"fr": "<p>Fermés</p>", "en": "<p>Closed</p>"}}
                """));
        assertThat(cs.lang()).isEqualTo("en");
        assertThat(cs.translations()).extracting(CaseStudyTranslation::lang).containsExactly("fr");
    }

    @Test
    void ourDocumentCarriesEveryLanguageAndReadsBackTheSame() {
        Map<String, String> fields = CaseStudyWebTest.french(CaseStudyForms.valid("Open budgets", "EE"), 0,
                "Budgets ouverts");
        fields.put("lang", "en");
        CaseStudy ours = CaseStudyForm.toCaseStudy(FormState.of(fields));
        var object = CaseStudyToAp.object(ours, "https://ee.example/users/maria/followers", List.of(), null);
        object.setAll(CaseStudyToAp.extensions(ours, "https://ee.example/case-studies/1", null, null));
        assertThat(object.path("contentMap").path("en").asText()).isEqualTo(object.path("content").asText());
        assertThat(object.path("contentMap").path("fr").asText()).contains("<h2>Le problème</h2>");
        assertThat(object.path("content").asText()).contains("<h2>The problem</h2>");
        assertThat(object.path("@context").get(1).path("problemMap").path("@container").asText())
                .isEqualTo("@language");
        CaseStudy read = ApToCaseStudy.from(object);
        assertThat(read.lang()).isEqualTo("en");
        assertThat(read.translations()).hasSize(1);
        assertThat(read.translations().get(0).title()).isEqualTo("Budgets ouverts");
        assertThat(read.translations().get(0).problem()).contains("<strong>ne demandaient pas</strong>");
        assertThat(read.translations().get(0).summary()).isEqualTo(
                "Les familles reçoivent les allocations sans les demander.");
    }
}
