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
    static Account lucie;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "EE"));
        ada = instance.create("ada", Account.Role.ADMIN, Account.Status.ACTIVE);
        maria = instance.account("maria", "ACTIVE");
        instance.account("edgar", "ACTIVE");
        lucie = instance.account("lucie", "ACTIVE");
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
        Map<String, String> messages = Map.of("title", CaseStudyChecks.TITLE.english(), "country", CaseStudyChecks.COUNTRY.english(),
                "organisation", CaseStudyChecks.ORGANISATION.english(), "levelOfGovernment", CaseStudyChecks.LEVEL.english(),
                "sector", CaseStudyChecks.SECTOR.english(), "launchYear", CaseStudyChecks.YEAR.english(),
                "problem", CaseStudyChecks.PROBLEM.english(), "innovation", CaseStudyChecks.INNOVATION.english(),
                "lifecycleStage", CaseStudyChecks.STAGE.english());
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
                .isNotEqualTo(CaseStudyChecks.PROBLEM.english());
        // An unknown facet or goal is refused too.
        HttpResponse<String> badFacet = CaseStudyForms.post(browser, "/case-studies/new",
                CaseStudyForms.valid("Facets", "EE"), List.of("imaginary"), List.of("18"), "save");
        assertThat(badFacet.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(badFacet).select("#innovationFacets-error").text())
                .isEqualTo(CaseStudyChecks.FACET.english());
        assertThat(TestInstance.html(badFacet).select("#sdgs-error").text()).isEqualTo(CaseStudyChecks.SDG.english());
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
        String feed = anyone.get("/case-studies/feed.atom").body();
        assertThat(feed).contains("Proactive family benefits");
        org.polity.server.testing.AtomValidation.assertValid(feed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "/case-studies/feed.atom");
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
        assertThat(TestInstance.html(stale).select("#version").text()).isEqualTo(CaseStudyChecks.CONFLICT.english());
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
        assertThat(TestInstance.html(own).text()).contains(CaseStudyChecks.OWN.english());
        assertThat(store().findById(id).orElseThrow().status()).isEqualTo(CaseStudy.Status.REVIEW);
    }

    /** The French translation of {@link CaseStudyForms#valid}'s fields, as block {@code i} of the form. */
    static Map<String, String> french(Map<String, String> fields, int i, String title) {
        String p = "translation-" + i + "-";
        fields.put(p + "lang", "fr");
        fields.put(p + "title", title);
        fields.put(p + "summary", "Les familles reçoivent les allocations sans les demander.");
        fields.put(p + "problem", "Les familles éligibles **ne demandaient pas** l’allocation.");
        fields.put(p + "innovation", "L’allocation est versée *d’office* à partir des registres.");
        fields.put(p + "results", "Le taux de recours est passé de 70 % à 98 %.");
        fields.put(p + "lessonsLearned", "");
        return fields;
    }

    @Test
    void aFrenchTranslationIsSavedAndShownToAFrenchReader() throws Exception {
        Browser author = instance.loggedIn("maria");
        // The editor offers the writer's language and adds an empty translation block on request.
        Document empty = author.page("/case-studies/new");
        assertThat(empty.select("#lang option[selected]").attr("value")).isEqualTo("en");
        Map<String, String> fields = CaseStudyForms.valid("Proactive school meals", "EE");
        fields.put("lang", "en");
        HttpResponse<String> added = CaseStudyForms.post(author, "/case-studies/new", fields, List.of(), List.of(),
                "addTranslation");
        assertThat(added.statusCode()).isEqualTo(200);
        Document withBlock = TestInstance.html(added);
        assertThat(withBlock.select("#translation-0-block #translation-0-problem")).hasSize(1);
        assertThat(withBlock.select("#translation-0-block #translation-0-lessonsLearned")).hasSize(1);
        assertThat(withBlock.select("#title").attr("value")).isEqualTo("Proactive school meals");

        // The preview shows both languages and stores nothing.
        french(fields, 0, "Cantines scolaires proactives");
        int before = store().findByAuthor(maria.actorId(), 100).size();
        Document preview = TestInstance.html(CaseStudyForms.post(author, "/case-studies/new", fields, List.of(),
                List.of("2"), "preview"));
        assertThat(preview.select("#preview-en h3").text()).isEqualTo("Proactive school meals");
        assertThat(preview.select("#preview-fr h3").attr("lang")).isEqualTo("fr");
        assertThat(preview.select("#preview-fr #cs-fr-problem strong").text()).isEqualTo("ne demandaient pas");
        assertThat(store().findByAuthor(maria.actorId(), 100)).hasSize(before);

        long id = CaseStudyForms.idFrom(CaseStudyForms.post(author, "/case-studies/new", fields, List.of(),
                List.of("2"), "save"));
        CaseStudy saved = store().findById(id).orElseThrow().fields();
        assertThat(saved.lang()).isEqualTo("en");
        assertThat(saved.translations()).extracting(CaseStudyTranslation::lang, CaseStudyTranslation::title)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fr", "Cantines scolaires proactives"));
        // The editor shows the translation again, in Markdown.
        Document edit = author.page("/case-studies/" + id + "/edit");
        assertThat(edit.select("#translation-0-problem").text()).contains("**ne demandaient pas**");
        CaseStudyForms.step(author, id, "submit", "");
        assertThat(CaseStudyForms.step(instance.loggedIn("ada"), id, "publish", "").statusCode()).isEqualTo(303);

        // The document carries every language, in the standard maps and the narrative ones.
        String objectUri = store().findById(id).orElseThrow().objectUri();
        JsonNode doc = new ObjectMapper().readTree(instance.get(URI.create(objectUri).getPath(),
                "application/activity+json").body());
        assertThat(doc.path("name").asText()).isEqualTo("Proactive school meals");
        assertThat(doc.path("nameMap").path("fr").asText()).isEqualTo("Cantines scolaires proactives");
        assertThat(doc.path("contentMap").path("fr").asText()).contains("<h2>Le problème</h2>")
                .contains("<strong>ne demandaient pas</strong>");
        assertThat(doc.path("contentMap").path("en").asText()).isEqualTo(doc.path("content").asText());
        assertThat(doc.path("problemMap").path("fr").asText()).contains("<strong>ne demandaient pas</strong>");
        assertThat(doc.path("problemMap").path("en").asText()).isEqualTo(doc.path("problem").asText());
        assertThat(doc.path("resultsMap").path("fr").asText()).contains("98 %");
        assertThat(doc.has("lessonsLearnedMap")).as("lessons learned in English only").isTrue();
        assertThat(doc.path("lessonsLearnedMap").has("fr")).isFalse();
        JsonNode expanded = new org.polity.federation.jsonld.JsonLd().expand(doc).get(0);
        assertThat(expanded.get("https://w3id.org/polity/ns#problem")).anySatisfy(v ->
                assertThat(v.path("@language").asText()).isEqualTo("fr"));

        // A French reader (browser language) sees French, marked so; an English one English; ?lang= switches.
        Document fr = instance.browser().acceptLanguage("fr").page("/case-studies/" + id);
        assertThat(fr.select("#cs-title").text()).isEqualTo("Cantines scolaires proactives");
        assertThat(fr.select("#cs-title").attr("lang")).isEqualTo("fr");
        assertThat(fr.select("#cs-problem .content[lang=fr] strong").text()).isEqualTo("ne demandaient pas");
        assertThat(fr.select("#cs-also-in a").eachAttr("href")).containsExactly("/case-studies/" + id + "?lang=en");
        Document en = instance.browser().acceptLanguage("en").page("/case-studies/" + id);
        assertThat(en.select("#cs-title").text()).isEqualTo("Proactive school meals");
        assertThat(en.select("#cs-also-in a[lang=fr]").text()).isEqualTo("Français");
        assertThat(instance.browser().acceptLanguage("en").page("/case-studies/" + id + "?lang=fr")
                .select("#cs-title").text()).isEqualTo("Cantines scolaires proactives");
        // The account's language wins over the browser's.
        instance.accounts().setLocale(instance.reload(lucie), "fr");
        assertThat(instance.loggedIn("lucie").acceptLanguage("en").page("/case-studies/" + id).select("#cs-title").text())
                .isEqualTo("Cantines scolaires proactives");
        // The library too, and search finds the French words.
        assertThat(instance.browser().acceptLanguage("fr").page("/case-studies").select("#entries").text())
                .contains("Cantines scolaires proactives");
        assertThat(instance.browser().acceptLanguage("en").page("/case-studies").select("#entries").text())
                .contains("Proactive school meals").doesNotContain("Cantines scolaires proactives");
        assertThat(instance.browser().page("/search?q=registres").text()).contains("Proactive school meals");

        // An edit that empties a field removes it from the document, in every language, and keeps the rest.
        fields.put("translation-0-results", "");
        fields.put("results", "");
        fields.put("lessonsLearned", "");
        fields.put("version", "1");
        assertThat(CaseStudyForms.post(author, "/case-studies/" + id + "/edit", fields, List.of(), List.of("2"),
                "save").statusCode()).isEqualTo(303);
        JsonNode edited = new ObjectMapper().readTree(instance.get(URI.create(objectUri).getPath(),
                "application/activity+json").body());
        for (String gone : List.of("results", "resultsMap", "lessonsLearned", "lessonsLearnedMap")) {
            assertThat(edited.has(gone)).as(gone).isFalse();
        }
        assertThat(edited.path("problemMap").path("fr").asText()).contains("ne demandaient pas");
        assertThat(edited.path("contentMap").path("fr").asText()).doesNotContain("98 %");
        assertThat(instance.browser().acceptLanguage("fr").page("/case-studies/" + id).select("#cs-results"))
                .isEmpty();
    }

    @Test
    void badTranslationsAreRefusedBesideTheirFieldsAndNothingIsStored() {
        Browser author = instance.loggedIn("maria");
        int before = store().findByAuthor(maria.actorId(), 100).size();
        Map<String, String> fields = french(CaseStudyForms.valid("Translated badly", "EE"), 0, "Mal traduit");
        fields.put("lang", "en");
        fields.put("translation-0-lang", "xx-not-a-tag!");
        french(fields, 1, "Mal traduit");
        fields.put("translation-1-problem", "");
        french(fields, 2, "Encore");
        fields.put("translation-2-lang", "en"); // the case study's own language
        french(fields, 3, "");
        fields.put("translation-3-lang", "fr"); // after block 1 in French: a duplicate, and without a title
        fields.put("translation-3-innovation", "");
        HttpResponse<String> r = CaseStudyForms.post(author, "/case-studies/new", fields, List.of(), List.of(),
                "save");
        assertThat(r.statusCode()).isEqualTo(422);
        Document page = TestInstance.html(r);
        Messages m = Messages.of("en");
        assertThat(page.select("#translation-0-lang-error").text()).isEqualTo(m.t("translations.error.lang"));
        assertThat(page.select("#translation-1-problem-error").text()).isEqualTo(CaseStudyChecks.PROBLEM.english());
        assertThat(page.select("#translation-2-lang-error").text())
                .isEqualTo(m.t("casestudies.error.translationSameAsDefault"));
        assertThat(page.select("#translation-3-lang-error").text()).isEqualTo(m.t("translations.error.duplicate"));
        assertThat(page.select("#translation-3-title-error").text()).isEqualTo(CaseStudyChecks.TITLE.english());
        assertThat(page.select("#translation-3-innovation-error").text()).isEqualTo(CaseStudyChecks.INNOVATION.english());
        assertThat(page.select("#error-summary").text()).contains(m.t("translations.error.duplicate"));
        assertThat(page.select("#translation-1-title").attr("value")).isEqualTo("Mal traduit");
        assertThat(store().findByAuthor(maria.actorId(), 100)).hasSize(before);

        // In the reader's language, and an invalid language of the case study itself too.
        Browser french = instance.loggedIn("edgar").acceptLanguage("fr");
        Map<String, String> own = french(CaseStudyForms.valid("Langue", "EE"), 0, "Langue");
        own.put("lang", "??");
        HttpResponse<String> fr = CaseStudyForms.post(french, "/case-studies/new", own, List.of(), List.of(), "save");
        assertThat(fr.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(fr).select("#lang-error").text())
                .isEqualTo(Messages.of("fr").t("translations.error.lang"));
        assertThat(store().findByAuthor(instance.localActor("edgar").id(), 100)).isEmpty();
    }

    @Test
    void anEditedTranslationIsKeptInEachVersionAndDiffed() {
        Browser author = instance.loggedIn("maria");
        Map<String, String> fields = french(CaseStudyForms.valid("Versioned languages", "EE"), 0, "Langues versionnées");
        fields.put("lang", "en");
        long id = CaseStudyForms.idFrom(CaseStudyForms.post(author, "/case-studies/new", fields, List.of(), List.of(),
                "save"));
        fields.put("translation-0-results", "Le taux de recours est passé de 70 % à 99 %.");
        fields.put("version", "1");
        assertThat(CaseStudyForms.post(author, "/case-studies/" + id + "/edit", fields, List.of(), List.of(), "save")
                .statusCode()).isEqualTo(303);
        assertThat(store().findVersion(id, 1).orElseThrow().fields().translations().get(0).results()).contains("98 %");
        assertThat(store().findVersion(id, 2).orElseThrow().fields().translations().get(0).results()).contains("99 %");
        Document diff = author.page("/case-studies/" + id + "/diff?from=1&to=2");
        assertThat(diff.select("#diff dt").eachText()).containsExactly("Results and impact (Français)");
        assertThat(diff.select("#diff-fr-results span").attr("lang")).isEqualTo("fr");
        assertThat(diff.select("#diff ins").text()).isEqualTo("added: 99");
        assertThat(author.acceptLanguage("fr").page("/case-studies/" + id + "/versions/1?lang=fr")
                .select("#cs-results .content[lang=fr]").text()).contains("98 %");
    }
}
