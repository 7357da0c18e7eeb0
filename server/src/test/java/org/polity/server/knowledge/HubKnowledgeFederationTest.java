package org.polity.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.challenges.Challenge;
import org.polity.server.challenges.ChallengeResponse;
import org.polity.server.challenges.ChallengeService;
import org.polity.server.challenges.ChallengeStatus;
import org.polity.server.challenges.ChallengeStore;
import org.polity.server.hub.Hub;
import org.polity.server.hub.HubStore;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;

/**
 * Issue 10's done-criterion on a real hub: Mexico issues a challenge, Australia and Mexico respond, everything
 * travels through the hub, and the hub's SPARQL endpoint counts the responses per challenge by country over the
 * aggregate, none of which it wrote itself.
 */
class HubKnowledgeFederationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dirHub;
    @TempDir
    static Path dirMx;
    @TempDir
    static Path dirAu;
    static TestInstance hub;
    static TestInstance mx;
    static TestInstance au;

    @BeforeAll
    static void start() {
        hub = TestInstance.federating(dirHub, Map.of("POLITY_COUNTRY", "FR", "POLITY_MODE", "hub"));
        String hubUrl = hub.server().baseUrl().toString();
        mx = TestInstance.federating(dirMx, Map.of("POLITY_COUNTRY", "MX", "POLITY_HUB_URL", hubUrl));
        au = TestInstance.federating(dirAu, Map.of("POLITY_COUNTRY", "AU", "POLITY_HUB_URL", hubUrl));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(mx, au, hub);
    }

    @Test
    void theHubCountsResponsesPerChallengeByCountryAcrossTheNetwork() throws Exception {
        Account oecd = hub.create("oecd", Account.Role.ADMIN, Account.Status.ACTIVE);
        Account ana = mx.create("ana", Account.Role.ADMIN, Account.Status.ACTIVE);
        Account carla = mx.account("carla", "ACTIVE");
        Account sam = au.account("sam", "ACTIVE");
        Account kim = au.account("kim", "ACTIVE");
        HubStore members = hub.server().polity().storage().stores().hub();
        eventually("both instances ask to join", () -> members.findMembers(HubStore.Member.PENDING).size() == 2);
        for (HubStore.Member m : members.findMembers(HubStore.Member.PENDING)) {
            new Hub(hub.server().polity()).approve(oecd, m.actorId());
        }
        eventually("Mexico is admitted", () -> new Hub(mx.server().polity()).admitted().isPresent());
        eventually("Australia is admitted", () -> new Hub(au.server().polity()).admitted().isPresent());

        ChallengeService mxChallenges = new ChallengeService(mx.server().polity());
        Challenge c = new Challenge("Transparency in the energy sector", "Open data and citizens", "", "MX",
                "Secretaría de Energía", List.of(new Challenge.Question("", "How to open resource data?")), List.of(),
                "energy", List.of(), List.of(7, 16), null, List.of("es"), "", ChallengeStatus.DRAFT, "", false);
        long id = mxChallenges.createDraft(ana, c).id();
        mxChallenges.advance(ana, id, ChallengeStatus.OPEN, "");
        String uri = mxChallenges.visible(id, java.util.Optional.of(ana)).orElseThrow().objectUri();
        ChallengeStore onAu = au.server().polity().storage().stores().challenges();
        eventually("Australia holds the challenge, relayed by the hub", () -> onAu.findByObjectUri(uri).isPresent());

        ChallengeService auChallenges = new ChallengeService(au.server().polity());
        long onAuId = onAu.findByObjectUri(uri).orElseThrow().id();
        List<String> sent = new java.util.ArrayList<>();
        for (Account member : List.of(sam, kim)) {
            sent.add(auChallenges.respond(member, onAuId, new ChallengeResponse("Minerals portal by "
                    + member.id(), "", "AU", "Geoscience Australia", "Open APIs over every survey.", "",
                    List.of(), "", "")).uri());
        }
        sent.add(mxChallenges.respond(carla, id, new ChallengeResponse("Open contracts", "", "MX", "CRE",
                "Every contract as open data.", "", List.of(), "", "")).uri());
        ChallengeStore onHub = hub.server().polity().storage().stores().challenges();
        eventually("the hub holds the three responses", () -> sent.stream()
                .allMatch(r -> onHub.findResponse(r).isPresent()));

        String query = SparqlExamples.RESPONSES_BY_COUNTRY.query();
        var answer = hub.get("/sparql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8),
                "application/sparql-results+json");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode b : JSON.readTree(answer.body()).path("results").path("bindings")) {
            counts.put(b.path("challenge").path("value").asText() + " " + b.path("country").path("value").asText(),
                    b.path("responses").path("value").asInt());
        }
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(uri + " AU", 2, uri + " MX", 1));
        var byGoal = hub.get("/sparql?format=csv&query=" + URLEncoder.encode(SparqlExamples.CHALLENGES_BY_SDG.query(),
                StandardCharsets.UTF_8), null);
        assertThat(byGoal.body().lines().toList()).contains("http://metadata.un.org/sdg/7,1",
                "http://metadata.un.org/sdg/16,1");
    }
}
