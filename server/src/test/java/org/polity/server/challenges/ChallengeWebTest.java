package org.polity.server.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * One instance (Mexico): who may issue, the draft → open → reviewing → closed lifecycle with its checks, the
 * challenge's wire form and addressable questions, the directory's filters, and responses by members, refused
 * once the challenge is not open. Nothing is stored when a step is refused.
 */
class ChallengeWebTest {
    @TempDir
    static Path dir;
    static TestInstance mx;

    @BeforeAll
    static void start() {
        mx = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "MX"));
        mx.create("adela", Account.Role.ADMIN, Account.Status.ACTIVE);
        mx.account("ana", "ACTIVE");
        mx.account("luis", "ACTIVE");
        mx.account("carla", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(mx);
    }

    private static ChallengeStore store() {
        return mx.server().polity().storage().stores().challenges();
    }

    @Test
    void onlyAuthorisedMembersIssueAndTheLifecycleFederatesItsSteps() throws Exception {
        Browser luis = mx.loggedIn("luis");
        assertThat(luis.get("/challenges/new").statusCode()).as("not authorised").isEqualTo(403);
        HttpResponse<String> refused = ChallengeForms.post(luis, "/challenges/new", ChallengeForms.mexico(),
                List.of("7"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(TestInstance.html(refused).text()).contains(ChallengeChecks.NOT_ISSUER.english());
        assertThat(store().findByAuthor(mx.localActor("luis").id(), 10)).as("nothing stored").isEmpty();

        ChallengeForms.authorise(mx.loggedIn("adela"), "ana");
        Browser ana = mx.loggedIn("ana");

        // Bad input: every problem beside its field, and nothing stored.
        Map<String, String> bad = ChallengeForms.mexico();
        bad.put("title", "");
        bad.put("deadline", "2001-01-01");
        bad.remove("question-0");
        bad.remove("question-1");
        bad.remove("question-2");
        HttpResponse<String> invalid = ChallengeForms.post(ana, "/challenges/new", bad, List.of("18"));
        assertThat(invalid.statusCode()).isEqualTo(422);
        Document errors = TestInstance.html(invalid);
        assertThat(errors.select("#title-error").text()).isEqualTo(ChallengeChecks.TITLE.english());
        assertThat(errors.select("#deadline-error").text()).isEqualTo(ChallengeChecks.DEADLINE.english());
        assertThat(errors.select("#questions-error").text()).isEqualTo(ChallengeChecks.QUESTIONS.english());
        assertThat(errors.select("#sdgs-error").text()).isEqualTo(ChallengeChecks.SDG.english());
        assertThat(store().findByAuthor(mx.localActor("ana").id(), 10)).isEmpty();

        // A draft: hers and the administrators' to see, not listed, no object.
        HttpResponse<String> saved = ChallengeForms.post(ana, "/challenges/new", ChallengeForms.mexico(),
                List.of("7", "16"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        long id = ChallengeForms.idFrom(saved);
        assertThat(mx.loggedIn("carla").get("/challenges/" + id).statusCode()).isEqualTo(404);
        assertThat(mx.browser().get("/challenges/" + id).statusCode()).isEqualTo(404);
        assertThat(mx.browser().page("/challenges").select("#challenge-" + id)).isEmpty();
        assertThat(store().findById(id).orElseThrow().objectUri()).isNull();
        assertThat(luis.get("/challenges/" + id + "/edit").statusCode()).as("luis is no issuer").isEqualTo(404);

        // Open: its Create, question ids under the object's id, listed.
        assertThat(ChallengeForms.advance(ana, id, "open", "").statusCode()).isEqualTo(303);
        ChallengeStore.Entry open = store().findById(id).orElseThrow();
        assertThat(open.status()).isEqualTo(ChallengeStatus.OPEN);
        String uri = open.objectUri();
        assertThat(open.fields().questions()).extracting(Challenge.Question::id)
                .containsExactly(uri + "/questions/1", uri + "/questions/2", uri + "/questions/3");
        HttpResponse<String> json = mx.get("/challenges/" + id, "application/activity+json");
        assertThat(json.statusCode()).isEqualTo(200);
        JsonNode doc = Publisher.JSON.readTree(json.body());
        assertThat(doc.path("id").asText()).isEqualTo(uri);
        assertThat(doc.path("type").toString()).isEqualTo("[\"Article\",\"Challenge\"]");
        assertThat(doc.path("country").asText()).isEqualTo("MX");
        assertThat(doc.path("challengeStatus").asText()).isEqualTo("open");
        assertThat(doc.path("context").asText()).isEqualTo(uri + "/context");
        assertThat(doc.path("subQuestions").get(2).path("name").asText()).isEqualTo(ChallengeForms.MEXICO_QUESTIONS.get(2));
        assertThat(doc.path("responseCategories")).hasSize(4);
        assertThat(doc.path("sdgs").toString()).isEqualTo("[7,16]");
        assertThat(doc.path("deadline").asText()).isEqualTo("2099-03-31T23:59:59Z");
        assertThat(doc.path("content").asText()).contains("<li>How to increase access");
        HttpResponse<String> question = mx.get(uri.substring(uri.indexOf("/objects/")) + "/questions/2",
                "application/activity+json");
        assertThat(Publisher.JSON.readTree(question.body()).path("name").asText())
                .isEqualTo(ChallengeForms.MEXICO_QUESTIONS.get(1));
        assertThat(mx.get(uri.substring(uri.indexOf("/objects/")) + "/questions/9", "application/activity+json")
                .statusCode()).isEqualTo(404);

        // The directory and its filters.
        assertThat(mx.browser().page("/challenges").select("#entries").text())
                .contains("Transparency in the energy sector").contains("Mexico");
        assertThat(mx.browser().page("/challenges?country=MX&sdg=7&status=open&open=1&q=ENERGY")
                .select("#challenge-" + id)).hasSize(1);
        assertThat(mx.browser().page("/challenges?sdg=3").select("#challenge-" + id)).isEmpty();
        assertThat(mx.browser().page("/challenges?status=closed").select("#directory-empty")).hasSize(1);
        JsonNode collection = Publisher.JSON.readTree(mx.get("/challenges", "application/activity+json").body());
        assertThat(collection.path("type").asText()).isEqualTo("OrderedCollection");
        assertThat(collection.toString()).contains(uri);

        // Edits keep the question ids; a new question takes the next number.
        Map<String, String> edited = ChallengeForms.mexico();
        edited.put("question-0", "How to open the knowledge base on natural resources?");
        edited.put("question-0-id", uri + "/questions/1");
        edited.put("question-1-id", uri + "/questions/2");
        edited.put("question-2-id", uri + "/questions/3");
        edited.put("question-3", "What did it cost?");
        edited.put("version", String.valueOf(open.version()));
        assertThat(ChallengeForms.post(ana, "/challenges/" + id + "/edit", edited, List.of("7", "16")).statusCode())
                .isEqualTo(303);
        ChallengeStore.Entry afterEdit = store().findById(id).orElseThrow();
        assertThat(afterEdit.fields().questions()).extracting(Challenge.Question::id).containsExactly(
                uri + "/questions/1", uri + "/questions/2", uri + "/questions/3", uri + "/questions/4");
        assertThat(afterEdit.fields().questions().get(0).name()).startsWith("How to open");
        assertThat(store().findVersions(id)).hasSizeGreaterThanOrEqualTo(3);

        // A member responds while it is open, answering question 2 in category 4.
        Browser carla = mx.loggedIn("carla");
        Map<String, String> response = ChallengeForms.response("Open contracts for energy", "MX");
        response.put("questionId", uri + "/questions/2");
        response.put("categoryId", uri + "/categories/4");
        // Its evidence, a PDF she uploaded as a resource, is linked: the response attaches the file.
        var upload = new org.polity.server.resources.Fixtures.Multipart().field("_csrf", carla.csrf("/resources/new"))
                .field("kind", "file").field("title", "Evaluation of open contracts").field("description", "Results.")
                .field("licence", "cc-by-4.0").field("language", "en").field("tags", "")
                .file("file", "open-contracts.pdf", "application/octet-stream", org.polity.server.resources.Fixtures.pdf());
        HttpResponse<String> uploaded = carla.post("/resources/new", upload.contentType(), upload.bytes());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        String resource = uploaded.headers().firstValue("Location").orElseThrow();
        response.put("links", "https://example.gov.mx/open-contracts\n"
                + mx.server().polity().uris().url(resource.substring(0, resource.indexOf('?'))));
        HttpResponse<String> sent = ChallengeForms.post(carla, "/challenges/" + id + "/respond", response, List.of());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
        List<ChallengeStore.Response> responses = store().findResponses(uri, 0, 10);
        assertThat(responses).hasSize(1);
        assertThat(responses.get(0).questionId()).isEqualTo(uri + "/questions/2");
        Document page = mx.browser().page("/challenges/" + id);
        assertThat(page.select("#responses").text()).contains("Open contracts for energy")
                .contains("How to make resource management");
        JsonNode responseDoc = Publisher.JSON.readTree(mx.server().polity().storage().stores().objects()
                .findObjectByUri(responses.get(0).responseUri()).orElseThrow().payload());
        assertThat(responseDoc.path("type").toString()).isEqualTo("[\"Article\",\"ChallengeResponse\"]");
        assertThat(responseDoc.path("inReplyTo").asText()).isEqualTo(uri);
        assertThat(responseDoc.path("context").asText()).isEqualTo(uri + "/context");
        assertThat(responseDoc.path("answersQuestion").asText()).isEqualTo(uri + "/questions/2");
        assertThat(responseDoc.path("attachment").toString()).contains("\"type\":\"Link\"", "open-contracts.pdf",
                "application/pdf");
        assertThat(page.select("#responses .resource-file").text()).contains("open-contracts.pdf", "PDF");

        // A response naming another challenge's question is refused beside its field.
        Map<String, String> wrongQuestion = ChallengeForms.response("Elsewhere", "MX");
        wrongQuestion.put("questionId", "https://elsewhere.example/objects/1/questions/1");
        HttpResponse<String> wrong = ChallengeForms.post(carla, "/challenges/" + id + "/respond", wrongQuestion,
                List.of());
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(wrong).select("#questionId-error").text())
                .isEqualTo(ChallengeChecks.RESPONSE_QUESTION.english());

        // Shortlisting, then one step at a time: closing needs an outcome.
        assertThat(ChallengeForms.post(ana, "/challenges/" + id + "/mark", Map.of("response",
                responses.get(0).responseUri(), "what", "shortlist"), List.of()).statusCode()).isEqualTo(303);
        assertThat(store().findResponse(responses.get(0).responseUri()).orElseThrow().shortlisted()).isTrue();
        JsonNode afterMark = Publisher.JSON.readTree(mx.get("/challenges/" + id, "application/activity+json").body());
        assertThat(afterMark.path("shortlisted").toString()).contains(responses.get(0).responseUri());
        assertThat(ChallengeForms.advance(ana, id, "closed", "Too early").headers().firstValue("Location").orElseThrow())
                .contains("statusError");
        assertThat(ChallengeForms.advance(ana, id, "reviewing", "").statusCode()).isEqualTo(303);
        HttpResponse<String> noOutcome = ChallengeForms.advance(ana, id, "closed", " ");
        assertThat(noOutcome.headers().firstValue("Location").orElseThrow()).contains("statusError");
        assertThat(store().findById(id).orElseThrow().status()).isEqualTo(ChallengeStatus.REVIEWING);

        // Not open: a response is refused with a clear message, and nothing is stored.
        HttpResponse<String> late = ChallengeForms.post(carla, "/challenges/" + id + "/respond",
                ChallengeForms.response("Too late", "MX"), List.of());
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(TestInstance.html(late).text()).contains(ChallengeChecks.NOT_OPEN.english());
        assertThat(store().findResponses(uri, 0, 10)).hasSize(1);

        assertThat(ChallengeForms.advance(ana, id, "closed", "Three countries answered; **two pilots** follow.")
                .statusCode()).isEqualTo(303);
        ChallengeStore.Entry closed = store().findById(id).orElseThrow();
        assertThat(closed.status()).isEqualTo(ChallengeStatus.CLOSED);
        JsonNode closedDoc = Publisher.JSON.readTree(mx.get("/challenges/" + id, "application/activity+json").body());
        assertThat(closedDoc.path("challengeStatus").asText()).isEqualTo("closed");
        assertThat(closedDoc.path("outcome").asText()).contains("<strong>two pilots</strong>");
        assertThat(mx.browser().page("/challenges/" + id).select("#outcome").text()).contains("two pilots");
        assertThat(ChallengeForms.advance(ana, id, "open", "").headers().firstValue("Location").orElseThrow())
                .as("no way back").contains("statusError");
    }

    @Test
    void administratorsAloneAuthoriseIssuers() {
        List<Long> before = store().findIssuers();
        HttpResponse<String> r = ChallengeForms.post(mx.loggedIn("luis"), "/challenges/issuers",
                Map.of("username", "luis", "action", "add"), List.of());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(store().findIssuers()).isEqualTo(before);
    }
}
