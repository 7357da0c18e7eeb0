package org.polity.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.Publisher;
import org.polity.server.challenges.Challenge;
import org.polity.server.challenges.ChallengeService;
import org.polity.server.challenges.ChallengeStatus;
import org.polity.server.model.Account;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * Running a hub through its administrators' page, over HTTP: admitting members with the page's form (and nobody
 * else may), narrowing what the hub relays (a Delete still goes through), and a country that joins late receiving
 * by backfill what the hub already relayed, but nothing of what was deleted since.
 */
class HubOperationsTest {
    @TempDir
    static Path dirHub;
    @TempDir
    static Path dirMx;
    @TempDir
    static Path dirAu;
    @TempDir
    static Path dirCl;
    static TestInstance hub;
    static TestInstance mx;
    static TestInstance au;
    static TestInstance cl;
    static Account ana;

    @BeforeAll
    static void start() {
        hub = TestInstance.federating(dirHub, Map.of("POLITY_COUNTRY", "FR", "POLITY_MODE", "hub"));
        hub.create("oecd", Account.Role.ADMIN, Account.Status.ACTIVE);
        hub.account("visitor", "ACTIVE");
        mx = TestInstance.federating(dirMx, Map.of("POLITY_COUNTRY", "MX", "POLITY_HUB_URL", hub.server().baseUrl()
                .toString()));
        au = TestInstance.federating(dirAu, Map.of("POLITY_COUNTRY", "AU", "POLITY_HUB_URL", hub.server().baseUrl()
                .toString()));
        ana = mx.create("ana", Account.Role.ADMIN, Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(cl, mx, au, hub);
    }

    private static HubStore store(TestInstance i) {
        return i.server().polity().storage().stores().hub();
    }

    private static void admitThroughThePage(TestInstance.Browser admin, String domain) {
        long actorId = store(hub).findMemberByDomain(domain).orElseThrow().actorId();
        HttpResponse<String> r = admin.submit("/admin/hub", "/admin/hub/members/" + actorId,
                Map.of("decision", "approve"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    }

    private static String issue(String title) {
        ChallengeService challenges = new ChallengeService(mx.server().polity());
        Challenge c = new Challenge(title, "Open data and citizens", "", "MX", "Secretaría de Energía",
                List.of(new Challenge.Question("", "How to increase access to a knowledge base on natural resources?")),
                List.of(), "energy", List.of(), List.of(7), null, List.of("es"), "", ChallengeStatus.DRAFT, "", false);
        long id = challenges.createDraft(ana, c).id();
        challenges.advance(ana, id, ChallengeStatus.OPEN, "");
        return challenges.visible(id, Optional.of(ana)).orElseThrow().objectUri();
    }

    private static Optional<StoredObject> object(TestInstance i, String uri) {
        return i.server().polity().storage().stores().objects().findObjectByUri(uri);
    }

    @Test
    void membersTypesDeletesAndALateCountrysBackfill() throws Exception {
        eventually("Mexico and Australia ask to join", () -> store(hub).findMembers(HubStore.Member.PENDING).size() == 2);
        // Only the hub's administrators decide.
        long mxMember = store(hub).findMemberByDomain(mx.authority()).orElseThrow().actorId();
        TestInstance.Browser visitor = hub.loggedIn("visitor");
        HttpResponse<String> refused = visitor.post("/admin/hub/members/" + mxMember,
                Map.of("_csrf", visitor.csrf("/challenges"), "decision", "approve"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(store(hub).findMemberByDomain(mx.authority()).orElseThrow().state())
                .isEqualTo(HubStore.Member.PENDING);
        TestInstance.Browser oecd = hub.loggedIn("oecd");
        admitThroughThePage(oecd, mx.authority());
        admitThroughThePage(oecd, au.authority());
        eventually("Mexico is admitted", () -> new Hub(mx.server().polity()).admitted().isPresent());
        eventually("Australia is admitted", () -> new Hub(au.server().polity()).admitted().isPresent());
        assertThat(oecd.page("/admin/hub").select("#members-ACCEPTED li")).hasSize(2);

        String first = issue("Transparency in the energy sector");
        eventually("Australia holds the first challenge", () -> object(au, first).isPresent());
        String kept = issue("Citizens and energy sufficiency");
        eventually("Australia holds the second challenge", () -> object(au, kept).isPresent());

        // The hub's administrators narrow what it relays to case studies: a new challenge stays on the hub.
        HttpResponse<String> saved = oecd.submit("/admin/hub", "/admin/hub/kinds", Map.of("kinds", "case-studies"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(new Hub(hub.server().polity()).relayedKinds()).containsExactly("case-studies");
        assertThat(oecd.page("/admin/hub").select("#kind-challenges").hasAttr("checked")).isFalse();
        long relayedBefore = store(hub).countRelayed();
        String held = issue("Energy data for municipalities");
        eventually("the hub holds the third challenge", () -> object(hub, held).isPresent());
        assertThat(store(hub).countRelayed()).as("not relayed").isEqualTo(relayedBefore);
        assertThat(object(au, held)).isEmpty();

        // Mexico deletes its first challenge: the Delete is relayed whatever the kinds, and Australia's copy goes.
        var anaActor = mx.localActor("ana");
        var delete = mx.server().polity().federation().publisher().activity(anaActor, "Delete");
        delete.put("object", first);
        mx.server().polity().federation().objects().delete(anaActor, delete);
        eventually("Australia's copy is deleted", () -> object(au, first).map(StoredObject::deleted).orElse(false));
        assertThat(store(hub).findRelayed(0, 100)).extracting(HubStore.Relayed::activityType).contains("Delete");

        // Chile joins late: the backfill brings what the hub relayed before (the second challenge), and nothing of
        // the deleted one (neither its Create, which its proof would still vouch for, nor its Delete).
        oecd.submit("/admin/hub", "/admin/hub/kinds", Map.of("kinds", "challenges"));
        cl = TestInstance.federating(dirCl, Map.of("POLITY_COUNTRY", "CL", "POLITY_HUB_URL", hub.server().baseUrl()
                .toString()));
        eventually("Chile asks to join", () -> store(hub).findMemberByDomain(cl.authority()).isPresent());
        admitThroughThePage(oecd, cl.authority());
        eventually("Chile receives the second challenge by backfill", () -> object(cl, kept).isPresent());
        // What the backfill queued for Chile (synchronously, on admission): nothing about the deleted challenge.
        String clInbox = cl.server().polity().uris().url("/inbox");
        var hubStores = hub.server().polity().storage().stores();
        List<String> backfilled = store(hub).findRelayed(0, 100).stream()
                .filter(r -> hubStores.deliveries().findDeliveriesByActivityId(r.relayedActivityId()).stream()
                        .anyMatch(d -> d.inboxUri().equals(clInbox)))
                .map(r -> hubStores.activities().findActivityById(r.relayedActivityId()).orElseThrow().objectUri())
                .toList();
        assertThat(backfilled).contains(kept).doesNotContain(first, held);
        assertThat(object(cl, first)).as("nothing of the deleted challenge").isEmpty();
        assertThat(object(cl, held)).as("never relayed").isEmpty();
        assertThat(Publisher.JSON.readTree(object(cl, kept).orElseThrow().payload()).path("name").asText())
                .isEqualTo("Citizens and energy sufficiency");
    }
}
