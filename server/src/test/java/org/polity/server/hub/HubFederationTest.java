package org.polity.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.challenges.Challenge;
import org.polity.server.challenges.ChallengeResponse;
import org.polity.server.challenges.ChallengeService;
import org.polity.server.challenges.ChallengeStatus;
import org.polity.server.challenges.ChallengeStore;
import org.polity.server.model.Account;
import org.polity.server.model.Delivery;
import org.polity.server.testing.TestInstance;

/**
 * The hub and two countries on loopback, none of whose members follow anyone: Mexico and Australia ask the hub
 * to join at start-up, the hub's administrator admits them, and from then on Mexico's challenge and Australia's
 * response travel through the hub alone: relayed byte for byte, never back to their origin, once per activity,
 * and each receiver takes them only as their origin serves them.
 */
class HubFederationTest {
    @TempDir
    static Path dirHub;
    @TempDir
    static Path dirMx;
    @TempDir
    static Path dirAu;
    static TestInstance hub;
    static TestInstance mx;
    static TestInstance au;
    static Account hubAdmin;
    static Account ana;
    static Account sam;

    @BeforeAll
    static void start() {
        hub = TestInstance.federating(dirHub, Map.of("POLITY_COUNTRY", "FR", "POLITY_MODE", "hub"));
        hubAdmin = hub.create("oecd", Account.Role.ADMIN, Account.Status.ACTIVE);
        String hubUrl = hub.server().baseUrl().toString();
        mx = TestInstance.federating(dirMx, Map.of("POLITY_COUNTRY", "MX", "POLITY_HUB_URL", hubUrl));
        au = TestInstance.federating(dirAu, Map.of("POLITY_COUNTRY", "AU", "POLITY_HUB_URL", hubUrl));
        ana = mx.create("ana", Account.Role.ADMIN, Account.Status.ACTIVE);
        sam = au.account("sam", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(mx, au, hub);
    }

    private static HubStore store(TestInstance i) {
        return i.server().polity().storage().stores().hub();
    }

    @Test
    void challengesAndResponsesTravelThroughTheHubAlone() throws Exception {
        // Both ask at start-up; the hub's administrator admits them.
        eventually("both instances ask to join", () -> store(hub).findMembers(HubStore.Member.PENDING).size() == 2);
        Hub theHub = new Hub(hub.server().polity());
        HttpResponse<String> page = hub.loggedIn("oecd").get("/admin/hub");
        assertThat(TestInstance.html(page).select("#members-PENDING li")).hasSize(2);
        for (HubStore.Member m : store(hub).findMembers(HubStore.Member.PENDING)) {
            theHub.approve(hubAdmin, m.actorId());
        }
        eventually("Mexico is admitted", () -> new Hub(mx.server().polity()).admitted().isPresent());
        eventually("Australia is admitted", () -> new Hub(au.server().polity()).admitted().isPresent());

        // Mexico issues its challenge: it reaches the hub and, through it, Australia.
        ChallengeService mxChallenges = new ChallengeService(mx.server().polity());
        Challenge c = new Challenge("Transparency in the energy sector", "Open data and citizens", "", "MX",
                "Secretaría de Energía", List.of(new Challenge.Question("", "How to increase access to a knowledge base"
                        + " on natural resources?")), List.of(), "energy", List.of(), List.of(7), null, List.of("es"),
                "", ChallengeStatus.DRAFT, "", false);
        long id = mxChallenges.createDraft(ana, c).id();
        mxChallenges.advance(ana, id, ChallengeStatus.OPEN, "");
        String uri = mxChallenges.visible(id, java.util.Optional.of(ana)).orElseThrow().objectUri();
        ChallengeStore onHub = hub.server().polity().storage().stores().challenges();
        ChallengeStore onAu = au.server().polity().storage().stores().challenges();
        eventually("the hub holds Mexico's challenge", () -> onHub.findByObjectUri(uri).isPresent());
        eventually("Australia holds it, relayed by the hub", () -> onAu.findByObjectUri(uri).isPresent());
        assertThat(au.browser().page("/challenges").select("#entries").text())
                .contains("Transparency in the energy sector");

        // The hub relayed the Create once, to Australia only, with the body Mexico sent.
        List<HubStore.Relayed> relayed = store(hub).findRelayed(0, 100);
        assertThat(relayed).extracting(HubStore.Relayed::activityType).contains("Create");
        HubStore.Relayed create = relayed.stream().filter(r -> r.activityType().equals("Create")).findFirst()
                .orElseThrow();
        var hubStores = hub.server().polity().storage().stores();
        List<Delivery> sent = hubStores.deliveries().findDeliveriesByActivityId(create.relayedActivityId());
        String auInbox = au.server().polity().uris().url("/inbox");
        assertThat(sent).extracting(Delivery::inboxUri).containsExactly(auInbox);
        String original = mx.server().polity().storage().stores().activities().findActivityByUri(create.activityUri())
                .orElseThrow().payload();
        assertThat(hubStores.activities().findActivityById(create.relayedActivityId()).orElseThrow().payload())
                .as("byte for byte").isEqualTo(original);

        forgedAndUnprovenRelaysAreRefused(original);

        // Australia responds: the response reaches Mexico (its issuer) and the hub, threaded under the challenge.
        ChallengeService auChallenges = new ChallengeService(au.server().polity());
        long onAuId = onAu.findByObjectUri(uri).orElseThrow().id();
        var response = auChallenges.respond(sam, onAuId, new ChallengeResponse("A national minerals data portal",
                "", "AU", "Geoscience Australia", "Open APIs over every survey.", "", List.of(), "", ""));
        ChallengeStore onMx = mx.server().polity().storage().stores().challenges();
        eventually("Mexico collects the response", () -> onMx.findResponse(response.uri()).isPresent());
        eventually("the hub threads it under the challenge", () -> onHub.findResponse(response.uri()).isPresent());
        assertThat(hub.browser().page("/challenges/" + onHub.findByObjectUri(uri).orElseThrow().id())
                .select("#responses").text()).contains("A national minerals data portal");
        // The hub's figures count what its members sent it: Mexico's challenge, Australia's answer to it.
        var figures = org.polity.server.activitypub.Publisher.JSON.readTree(hub.get("/figures", "application/json")
                .body());
        // (Mexico's challenges are at least this one: the proof checks above sent the hub copies of their own.)
        assertThat(figures.path("countries").get(0).toString())
                .isEqualTo("{\"country\":\"AU\",\"challenges\":0,\"responses\":1,\"caseStudies\":0}");
        assertThat(figures.path("countries").get(1).path("country").asText()).isEqualTo("MX");
        assertThat(figures.path("countries").get(1).path("challenges").asLong()).isPositive();
        assertThat(figures.path("answering").toString()).isEqualTo("[{\"from\":\"AU\",\"to\":\"MX\",\"responses\":1}]");
        assertThat(hub.get("/challenges/responses/feed.atom?country=AU", null).body())
                .contains("A national minerals data portal");

        // Never back to its origin, and each id once: a second POST of the same activity is not relayed again.
        HubStore.Relayed respCreate = store(hub).findRelayed(0, 100).stream()
                .filter(r -> r.originDomain().equals(au.authority())).findFirst().orElseThrow();
        assertThat(hubStores.deliveries().findDeliveriesByActivityId(respCreate.relayedActivityId()))
                .extracting(Delivery::inboxUri).containsExactly(mx.server().polity().uris().url("/inbox"));
        long before = store(hub).countRelayed();
        String body = hubStores.activities().findActivityById(respCreate.relayedActivityId()).orElseThrow().payload();
        assertThat(theHub.relay(au.localActor("sam").uri(), org.polity.server.activitypub.Publisher.JSON.readTree(body),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).contains(respCreate.activityUri()
                        + " was relayed already");
        assertThat(store(hub).countRelayed()).isEqualTo(before);

        // Mexico reviews, then closes its challenge with an outcome: the Updates reach Australia through the hub.
        mxChallenges.advance(ana, id, ChallengeStatus.REVIEWING, "");
        mxChallenges.advance(ana, id, ChallengeStatus.CLOSED, "Australia's portal is the model for ours.");
        eventually("Australia's copy is closed, by the hub's relay", () -> onAu.findByObjectUri(uri).orElseThrow()
                .status() == ChallengeStatus.CLOSED);
        assertThat(onAu.findByObjectUri(uri).orElseThrow().fields().outcome()).contains("portal is the model");
        assertThat(onHub.findByObjectUri(uri).orElseThrow().status()).isEqualTo(ChallengeStatus.CLOSED);
        assertThat(store(hub).findRelayed(0, 100)).extracting(HubStore.Relayed::activityType).contains("Update");

        // Suspended, Australia's activities are no longer relayed.
        long auMember = store(hub).findMemberByDomain(au.authority()).orElseThrow().actorId();
        theHub.suspend(hubAdmin, auMember);
        assertThat(theHub.relay(au.localActor("sam").uri(), org.polity.server.activitypub.Publisher.JSON.readTree(body),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8))).get().asString()
                .endsWith("is not on an admitted member instance");
        // Mexico's administrators send case studies only: a challenge's Create no longer goes to the hub.
        Hub mxHub = new Hub(mx.server().polity());
        var mxCreate = mx.server().polity().storage().stores().activities().findActivityByUri(create.activityUri())
                .orElseThrow();
        var createDoc = org.polity.server.activitypub.Publisher.JSON.readTree(mxCreate.payload());
        assertThat(mxHub.outboundInboxes(mx.localActor("ana"), createDoc)).hasSize(1);
        mxHub.chooseKinds(ana, List.of("case-studies"));
        assertThat(mxHub.outboundInboxes(mx.localActor("ana"), createDoc)).isEmpty();
    }

    /**
     * What the hub relays is taken on its proof (FEP-8b32) alone: a copy whose object its origin does not even
     * serve is accepted when the proof verifies with the origin actor's key; without a proof it is checked with the
     * origin (and here dropped); a tampered copy is refused with 401 and nothing stored. And the hub itself does
     * not relay a member's activity that carries no proof.
     */
    private static void forgedAndUnprovenRelaysAreRefused(String original) throws Exception {
        var json = org.polity.server.activitypub.Publisher.JSON;
        var anaActor = mx.localActor("ana");
        var hubActor = hub.localActor(org.polity.server.service.ActorService.INSTANCE_ACTOR);
        var hubSigner = hub.server().polity().federation().signer(hubActor);
        java.net.URI auInbox = java.net.URI.create(au.server().polity().uris().url("/inbox"));
        var auInboxItems = au.server().polity().storage().stores().inbox();
        assertThat(json.readTree(original).get("proof").get("verificationMethod").asText())
                .isEqualTo(anaActor.uri() + "#ed25519-key");

        java.util.function.Supplier<com.fasterxml.jackson.databind.node.ObjectNode> unserved = () -> {
            try {
                var create = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(original);
                create.remove("proof");
                String objectId = mx.server().polity().uris().object(java.util.UUID.randomUUID().toString());
                create.put("id", objectId + "/activity");
                ((com.fasterxml.jackson.databind.node.ObjectNode) create.get("object")).put("id", objectId);
                return create;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        var proven = mx.server().polity().proofKeys().sign(anaActor, unserved.get());
        HttpResponse<String> r = org.polity.server.activitypub.StandIn.post(auInbox, proven, hubSigner.keyId(),
                hubSigner.privateKey());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(auInboxItems.findInboxItemByActivityUri(proven.get("id").asText())).as("taken on its proof")
                .isPresent();

        var unproven = unserved.get();
        assertThat(org.polity.server.activitypub.StandIn.post(auInbox, unproven, hubSigner.keyId(),
                hubSigner.privateKey()).statusCode()).isEqualTo(202);
        assertThat(auInboxItems.findInboxItemByActivityUri(unproven.get("id").asText()))
                .as("no proof, and Mexico does not serve the object: dropped").isEmpty();

        var tampered = mx.server().polity().proofKeys().sign(anaActor, unserved.get());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tampered.get("object")).put("name", "Forged by the relay");
        r = org.polity.server.activitypub.StandIn.post(auInbox, tampered, hubSigner.keyId(), hubSigner.privateKey());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(auInboxItems.findInboxItemByActivityUri(tampered.get("id").asText())).isEmpty();

        // Mexico's member sends the hub a Create without a proof: taken, but not relayed.
        var anaSigner = mx.server().polity().federation().signer(anaActor);
        var noProof = unserved.get();
        long relayedBefore = store(hub).countRelayed();
        assertThat(org.polity.server.activitypub.StandIn.post(java.net.URI.create(hub.server().polity().uris().url("/inbox")), noProof, anaSigner.keyId(),
                anaSigner.privateKey()).statusCode()).isEqualTo(202);
        eventually("the hub has it", () -> hub.server().polity().storage().stores().inbox()
                .findInboxItemByActivityUri(noProof.get("id").asText()).isPresent());
        assertThat(store(hub).countRelayed()).as("nothing relayed without a proof").isEqualTo(relayedBefore);
    }
}
