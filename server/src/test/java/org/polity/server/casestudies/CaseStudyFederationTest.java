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
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Two countries over loopback. Estonia (A) publishes a case study; France (B) writes an adaptation of it, named
 * by the address of A's page, and publishes it: B's Create reaches A's author, A records the link, and both
 * pages show it, with country and organisation. Then A's author edits the original: the Update reaches B, whose
 * copy keeps its prior version.
 */
class CaseStudyFederationTest {
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
    void anAdaptationLinksBothWaysAndUpdatesKeepVersionsOnBothSides() throws Exception {
        long idA = publish(a, "maria", "ada", CaseStudyForms.valid("Proactive family benefits", "EE"));
        CaseStudyStore storeA = a.server().polity().storage().stores().caseStudies();
        CaseStudyStore storeB = b.server().polity().storage().stores().caseStudies();
        String uriA = storeA.findById(idA).orElseThrow().objectUri();

        // An origin that is no case study is refused beside its field, and nothing is stored.
        Map<String, String> wrong = CaseStudyForms.valid("Allocations proactives", "FR");
        wrong.put("adaptedFrom", a.server().polity().uris().url("/users/maria"));
        Browser pierre = b.loggedIn("pierre");
        HttpResponse<String> refused = CaseStudyForms.post(pierre, "/case-studies/new", wrong, List.of(), List.of(),
                "save");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(refused).select("#adaptedFrom-error").text())
                .isEqualTo(CaseStudyChecks.NOT_A_CASE_STUDY.english());

        // B adapts A's case study, named by the address of its page on A.
        Map<String, String> adaptation = CaseStudyForms.valid("Allocations familiales proactives", "FR");
        adaptation.put("organisation", "Caisse nationale des allocations familiales");
        adaptation.put("adaptedFrom", a.server().polity().uris().url("/case-studies/" + idA));
        long idB = publish(b, "pierre", "bea", adaptation);
        CaseStudyStore.Entry onB = storeB.findById(idB).orElseThrow();
        assertThat(onB.fields().adaptedFrom()).containsExactly(uriA);
        assertThat(storeB.findByObjectUri(uriA)).as("A's case study, fetched by B").isPresent();

        // B's full-text search finds A's case study by a word of its narrative (its content renders every section).
        assertThat(b.browser().page("/search?q=registry").text()).contains("Proactive family benefits");

        // A hears of it: the link is recorded from B's own document, and A's page shows it.
        eventually("B's adaptation reaches A", () -> storeA.findByObjectUri(onB.objectUri()).isPresent());
        assertThat(storeA.findLinksTo(uriA)).extracting(CaseStudyStore.LinkRow::fromUri, CaseStudyStore.LinkRow::relation,
                CaseStudyStore.LinkRow::source).containsExactly(org.assertj.core.groups.Tuple.tuple(onB.objectUri(),
                        "adapted", "remote"));
        Document pageA = a.browser().page("/case-studies/" + idA);
        assertThat(pageA.select("#cs-adaptations").text()).contains("Adapted in")
                .contains("Allocations familiales proactives").contains("France")
                .contains("Caisse nationale des allocations familiales");
        Document pageB = b.browser().page("/case-studies/" + idB);
        assertThat(pageB.select("#cs-origins").text()).contains("Adapted from").contains("Proactive family benefits")
                .contains("Estonia").contains("Ministry of Social Affairs");

        // A's author edits the original: the Update reaches B, whose copy keeps the prior version.
        Map<String, String> edited = CaseStudyForms.valid("Proactive family benefits", "EE");
        edited.put("results", "Take-up rose from 70% to 99%.");
        edited.put("version", "1");
        assertThat(CaseStudyForms.post(a.loggedIn("maria"), "/case-studies/" + idA + "/edit", edited,
                List.of("adaptive"), List.of("1"), "save").statusCode()).isEqualTo(303);
        long copyId = storeB.findByObjectUri(uriA).orElseThrow().id();
        eventually("A's Update reaches B", () -> storeB.findById(copyId).orElseThrow().version() == 2);
        List<CaseStudyStore.Version> versions = storeB.findVersions(copyId);
        assertThat(versions).extracting(CaseStudyStore.Version::version).containsExactly(2, 1);
        assertThat(versions.get(0).fields().results()).contains("99%");
        assertThat(versions.get(1).fields().results()).contains("98%");
        assertThat(storeA.findVersions(idA)).hasSize(2);
        Document diffOnB = b.browser().page("/case-studies/" + copyId + "/diff?from=1&to=2");
        assertThat(diffOnB.select("#diff ins").text()).contains("99%");
        assertThat(b.browser().page("/case-studies/" + copyId).select("#original-link").attr("href")).isEqualTo(uriA);
        // The link survives the Update on both sides.
        assertThat(b.browser().page("/case-studies/" + copyId).select("#cs-adaptations").text())
                .contains("Allocations familiales proactives");
        assertThat(storeA.findLinksTo(uriA)).hasSize(1);
    }
}
