package org.polity.server.casestudies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
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
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;
import org.polity.server.web.Messages;

/**
 * One instance: the case study editor checks every required field (the message beside the field, in the
 * reader's language, nothing stored), the workflow's permissions (author, editor, four eyes), publishing
 * (library, filters, feed, the ActivityStreams document), and versions with their diff after an edit.
 */
class CaseStudyWebTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Account ada;
    static Account maria;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "EE"));
        ada = instance.create("ada", Account.Role.ADMIN, Account.Status.ACTIVE);
        maria = instance.account("maria", "ACTIVE");
        instance.account("edgar", "ACTIVE");
        instance.account("lucie", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private static CaseStudyStore store() {
        return instance.server().polity().storage().stores().caseStudies();
    }

    @Test
    void eachMissingRequiredFieldIsNamedBesideItAndNothingIsStored() {
        Browser browser = instance.loggedIn("maria");
        Map<String, String> messages = Map.of("title", CaseStudyChecks.TITLE, "country", CaseStudyChecks.COUNTRY,
                "organisation", CaseStudyChecks.ORGANISATION, "levelOfGovernment", CaseStudyChecks.LEVEL,
                "sector", CaseStudyChecks.SECTOR, "launchYear", CaseStudyChecks.YEAR,
                "problem", CaseStudyChecks.PROBLEM, "innovation", CaseStudyChecks.INNOVATION,
                "lifecycleStage", CaseStudyChecks.STAGE);
        int before = store().findByAuthor(maria.actorId(), 100).size();
        for (var missing : messages.entrySet()) {
            Map<String, String> fields = CaseStudyForms.valid("Proactive benefits", "EE");
            fields.put(missing.getKey(), "");
            HttpResponse<String> r = CaseStudyForms.post(browser, "/case-studies/new", fields, List.of(), List.of(),
                    "save");
            assertThat(r.statusCode()).as(missing.getKey()).isEqualTo(422);
            Document page = TestInstance.html(r);
            assertThat(page.select("#" + missing.getKey() + "-error").text()).as(missing.getKey())
                    .isEqualTo(missing.getValue());
            assertThat(page.select("#error-summary").text()).contains(missing.getValue());
            // What was typed stays in the form.
            assertThat(page.select("#organisation").attr("value")).isEqualTo(fields.get("organisation"));
        }
        assertThat(store().findByAuthor(maria.actorId(), 100)).hasSize(before);

        Browser french = instance.loggedIn("lucie");
        french.post("/language", Map.of("_csrf", french.csrf("/case-studies/new"), "lang", "fr", "next", "/"));
        Map<String, String> noProblem = CaseStudyForms.valid("Prestations proactives", "EE");
        noProblem.put("problem", "");
        HttpResponse<String> fr = CaseStudyForms.post(french, "/case-studies/new", noProblem, List.of(), List.of(),
                "save");
        assertThat(fr.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(fr).select("#problem-error").text())
                .isEqualTo(Messages.of("fr").t("casestudies.error.problem"))
                .isNotEqualTo(CaseStudyChecks.PROBLEM);
        // An unknown facet or goal is refused too.
        HttpResponse<String> badFacet = CaseStudyForms.post(browser, "/case-studies/new",
                CaseStudyForms.valid("Facets", "EE"), List.of("imaginary"), List.of("18"), "save");
        assertThat(badFacet.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(badFacet).select("#innovationFacets-error").text())
                .isEqualTo(CaseStudyChecks.FACET);
        assertThat(TestInstance.html(badFacet).select("#sdgs-error").text()).isEqualTo(CaseStudyChecks.SDG);
        assertThat(store().findByAuthor(maria.actorId(), 100)).hasSize(before);
    }

    @Test
    void previewShowsTheRenderedCaseStudyAndStoresNothing() {
        Browser browser = instance.loggedIn("maria");
        int before = store().findByAuthor(maria.actorId(), 100).size();
        HttpResponse<String> r = CaseStudyForms.post(browser, "/case-studies/new",
                CaseStudyForms.valid("Previewed", "EE"), List.of("adaptive"), List.of("1"), "preview");
        assertThat(r.statusCode()).isEqualTo(200);
        Document page = TestInstance.html(r);
        assertThat(page.select("#preview #cs-problem strong").text()).isEqualTo("did not apply");
        assertThat(store().findByAuthor(maria.actorId(), 100)).hasSize(before);
    }

    @Test
    void theWorkflowMovesOnlyByTheRightPeopleAndPublishingFederatesTheDocument() throws Exception {
        Browser author = instance.loggedIn("maria");
        Browser admin = instance.loggedIn("ada");
        Browser member = instance.loggedIn("edgar");
        HttpResponse<String> saved = CaseStudyForms.post(author, "/case-studies/new",
                CaseStudyForms.valid("Proactive family benefits", "EE"), List.of("enhancement-oriented", "adaptive"),
                List.of("1", "10"), "save");
        assertThat(saved.statusCode()).isEqualTo(303);
        long id = CaseStudyForms.idFrom(saved);
        assertThat(author.page("/case-studies/" + id).select("#cs-status").text()).contains("Draft");
        // A draft is the author's and the editors' only.
        assertThat(member.get("/case-studies/" + id).statusCode()).isEqualTo(404);
        assertThat(instance.browser().get("/case-studies/" + id).statusCode()).isEqualTo(404);
        assertThat(admin.get("/case-studies/" + id).statusCode()).isEqualTo(200);
        assertThat(instance.browser().page("/case-studies").select("#entries").text())
                .doesNotContain("Proactive family benefits");

        // Only the author sends it for review; only an editor moves it on.
        assertThat(CaseStudyForms.step(admin, id, "submit", "").statusCode()).isEqualTo(403);
        assertThat(CaseStudyForms.step(author, id, "submit", "").statusCode()).isEqualTo(303);
        assertThat(store().findById(id).orElseThrow().status()).isEqualTo(CaseStudy.Status.REVIEW);
        // A member who is no editor does not even see it in review; the author (an editor or not) may not publish.
        assertThat(CaseStudyForms.step(member, id, "publish", "").statusCode()).isEqualTo(404);
        assertThat(CaseStudyForms.step(author, id, "publish", "").statusCode()).isEqualTo(403);
        assertThat(admin.page("/case-studies/review").select("#queue").text()).contains("Proactive family benefits");
        assertThat(member.get("/case-studies/review").statusCode()).isEqualTo(403);

        // Returning needs a comment; then the author sends it again.
        HttpResponse<String> noComment = CaseStudyForms.step(admin, id, "return", " ");
        assertThat(noComment.headers().firstValue("Location").orElseThrow()).contains("commentNeeded");
        assertThat(store().findById(id).orElseThrow().status()).isEqualTo(CaseStudy.Status.REVIEW);
        assertThat(CaseStudyForms.step(admin, id, "return", "Add the take-up figures.").statusCode()).isEqualTo(303);
        assertThat(store().findById(id).orElseThrow().status()).isEqualTo(CaseStudy.Status.DRAFT);
        assertThat(author.page("/case-studies/" + id).select("#history").text()).contains("Add the take-up figures.");
        CaseStudyForms.step(author, id, "submit", "");

        // An administrator appoints edgar an editor; he publishes.
        assertThat(admin.submit("/case-studies/review", "/case-studies/editors", Map.of("username", "edgar",
                "action", "add")).statusCode()).isEqualTo(303);
        assertThat(CaseStudyForms.step(member, id, "publish", "").statusCode()).isEqualTo(303);
        CaseStudyStore.Entry published = store().findById(id).orElseThrow();
        assertThat(published.status()).isEqualTo(CaseStudy.Status.PUBLISHED);
        assertThat(store().findTransitions(id)).extracting(CaseStudyStore.Transition::to).containsExactly(
                CaseStudy.Status.REVIEW, CaseStudy.Status.DRAFT, CaseStudy.Status.REVIEW, CaseStudy.Status.PUBLISHED);

        StoredObject object = instance.server().polity().storage().stores().objects()
                .findObjectByUri(published.objectUri()).orElseThrow();
        assertThat(object.kind()).isEqualTo(ObjectKind.CASE_STUDY);
        assertThat(object.attributedToId()).isEqualTo(maria.actorId());
        JsonNode doc = new ObjectMapper().readTree(instance.get(URI.create(published.objectUri()).getPath(),
                "application/activity+json").body());
        assertThat(doc.path("type").toString()).isEqualTo("[\"Article\",\"CaseStudy\"]");
        assertThat(doc.path("name").asText()).isEqualTo("Proactive family benefits");
        assertThat(doc.path("country").asText()).isEqualTo("EE");
        assertThat(doc.path("levelOfGovernment").asText()).isEqualTo("national");
        assertThat(doc.path("launchYear").asInt()).isEqualTo(2021);
        assertThat(doc.path("lifecycleStage").asText()).isEqualTo("implementing");
        assertThat(doc.path("innovationFacets").toString()).isEqualTo("[\"enhancement-oriented\",\"adaptive\"]");
        assertThat(doc.path("sdgs").toString()).isEqualTo("[1,10]");
        assertThat(doc.path("problem").asText()).contains("<strong>did not apply</strong>");
        assertThat(doc.path("content").asText()).contains("<h2>The problem</h2>").contains("Take-up rose");
        assertThat(doc.path("attachment").get(0).path("href").asText()).isEqualTo("https://example.org/report.pdf");
        assertThat(doc.path("url").asText()).endsWith("/case-studies/" + id);
        assertThat(doc.path("@context").get(1).path("lifecycleStage").asText()).isEqualTo("polity:lifecycleStage");
        // The document as served expands with its inline terms, no context fetched.
        JsonNode expanded = new org.polity.federation.jsonld.JsonLd().expand(doc).get(0);
        assertThat(expanded.get("https://w3id.org/polity/ns#lifecycleStage").get(0).get("@value").asText())
                .isEqualTo("implementing");
        assertThat(expanded.get("https://w3id.org/polity/ns#sdgs")).hasSize(2);
        assertThat(expanded.get("@type").toString()).contains("https://w3id.org/polity/ns#CaseStudy");

        // The library, its filters and the feed show it; the page shows every field.
        Browser anyone = instance.browser();
        assertThat(anyone.page("/case-studies").select("#entries").text()).contains("Proactive family benefits");
        assertThat(anyone.page("/case-studies?country=EE&sdg=10&facet=adaptive&level=national&sector=social-services"
                + "&stage=implementing").select("#entries").text()).contains("Proactive family benefits");
        assertThat(anyone.page("/case-studies?country=FR").select("#entries").text())
                .doesNotContain("Proactive family benefits");
        assertThat(anyone.page("/case-studies?sdg=3").select("#entries").text())
                .doesNotContain("Proactive family benefits");
        assertThat(anyone.get("/case-studies/feed.atom").body()).contains("Proactive family benefits");
        Document page = anyone.page("/case-studies/" + id);
        assertThat(page.select("h1").text()).isEqualTo("Proactive family benefits");
        assertThat(page.select("#cs-sdgs").text()).contains("SDG 1").contains("No poverty").contains("SDG 10")
                .contains("Reduced inequalities");
        assertThat(page.select("#cs-country").text()).isEqualTo("Estonia (EE)");
        assertThat(page.select("#cs-resources a").attr("href")).isEqualTo("https://example.org/report.pdf");
    }

    @Test
    void anEditKeepsThePriorVersionAndTheDiffShowsTheWords() throws Exception {
        Browser author = instance.loggedIn("maria");
        Browser admin = instance.loggedIn("ada");
        long id = CaseStudyForms.idFrom(CaseStudyForms.post(author, "/case-studies/new",
                CaseStudyForms.valid("Open budgets", "EE"), List.of(), List.of("16"), "save"));
        CaseStudyForms.step(author, id, "submit", "");
        assertThat(CaseStudyForms.step(admin, id, "publish", "").statusCode()).isEqualTo(303);
        Map<String, String> changed = CaseStudyForms.valid("Open budgets", "EE");
        changed.put("results", "Take-up rose from 70% to 99%.");
        changed.put("version", "1");
        HttpResponse<String> edited = CaseStudyForms.post(author, "/case-studies/" + id + "/edit", changed, List.of(),
                List.of("16"), "save");
        assertThat(edited.statusCode()).isEqualTo(303);
        // Saving over an old version is refused, and changes nothing.
        HttpResponse<String> stale = CaseStudyForms.post(author, "/case-studies/" + id + "/edit", changed, List.of(),
                List.of("16"), "save");
        assertThat(stale.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(stale).select("#version").text()).isEqualTo(CaseStudyChecks.CONFLICT);
        assertThat(store().findVersions(id)).hasSize(2);
        // Someone else cannot edit it.
        assertThat(admin.get("/case-studies/" + id + "/edit").statusCode()).isEqualTo(403);

        CaseStudyStore.Entry entry = store().findById(id).orElseThrow();
        String payload = instance.server().polity().storage().stores().objects().findObjectByUri(entry.objectUri())
                .orElseThrow().payload();
        assertThat(payload).contains("99%").contains("\"updated\"");
        Browser anyone = instance.browser();
        assertThat(anyone.page("/case-studies/" + id + "/versions").select("#versions li")).hasSize(2);
        assertThat(anyone.page("/case-studies/" + id + "/versions/1").select("#cs-results").text()).contains("98%");
        Document diff = anyone.page("/case-studies/" + id + "/diff?from=1&to=2");
        assertThat(diff.select("#diff dt").eachText()).containsExactly("Results and impact");
        assertThat(diff.select("#diff del").text()).isEqualTo("removed: 98%.");
        assertThat(diff.select("#diff ins").text()).isEqualTo("added: 99%.");

        // Its author deletes the object (C2S Delete): the case study is gone from its page and the library.
        var delete = new ObjectMapper().createObjectNode().put("type", "Delete").put("object", entry.objectUri());
        instance.server().polity().federation().objects().delete(instance.localActor("maria"), delete);
        assertThat(anyone.get("/case-studies/" + id).statusCode()).isEqualTo(404);
        assertThat(anyone.page("/case-studies").select("#entries").text()).doesNotContain("Open budgets");
    }

    @Test
    void anEditorMayNotPublishTheirOwn() {
        Browser admin = instance.loggedIn("ada");
        long id = CaseStudyForms.idFrom(CaseStudyForms.post(admin, "/case-studies/new",
                CaseStudyForms.valid("Four eyes", "EE"), List.of(), List.of(), "save"));
        assertThat(CaseStudyForms.step(admin, id, "submit", "").statusCode()).isEqualTo(303);
        HttpResponse<String> own = CaseStudyForms.step(admin, id, "publish", "");
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(TestInstance.html(own).text()).contains(CaseStudyChecks.OWN);
        assertThat(store().findById(id).orElseThrow().status()).isEqualTo(CaseStudy.Status.REVIEW);
    }
}
