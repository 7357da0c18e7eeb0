package org.polity.server.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.challenges.Challenge;
import org.polity.server.challenges.ChallengeService;
import org.polity.server.challenges.ChallengeStatus;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * The hub's Accept and its backfill travel separately, and a member processes the Accept on its inbox thread
 * while it checks each relayed delivery as it arrives: the backfill can reach a member before the member knows
 * it was admitted. Those deliveries must be taken (from the hub the member asked to join), not refused and lost.
 * This is the order HubOperationsTest met now and then on CI; here it is made certain by backfilling a member
 * whose Accept was never sent.
 */
class HubBackfillOrderTest {
    @TempDir
    static Path dirHub;
    @TempDir
    static Path dirMx;
    @TempDir
    static Path dirCl;
    static TestInstance hub;
    static TestInstance mx;
    static TestInstance cl;

    @BeforeAll
    static void start() {
        hub = TestInstance.federating(dirHub, Map.of("POLITY_COUNTRY", "FR", "POLITY_MODE", "hub"));
        mx = TestInstance.federating(dirMx, Map.of("POLITY_COUNTRY", "MX", "POLITY_HUB_URL", hub.server().baseUrl()
                .toString()));
        cl = TestInstance.federating(dirCl, Map.of("POLITY_COUNTRY", "CL", "POLITY_HUB_URL", hub.server().baseUrl()
                .toString()));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(cl, mx, hub);
    }

    private static HubStore store(TestInstance i) {
        return i.server().polity().storage().stores().hub();
    }

    private static Optional<StoredObject> object(TestInstance i, String uri) {
        return i.server().polity().storage().stores().objects().findObjectByUri(uri);
    }

    @Test
    void aBackfillThatOvertakesTheAcceptIsKept() throws Exception {
        Account oecd = hub.create("oecd", Account.Role.ADMIN, Account.Status.ACTIVE);
        Account ana = mx.create("ana", Account.Role.ADMIN, Account.Status.ACTIVE);
        eventually("Mexico asks to join", () -> store(hub).findMemberByDomain(mx.authority()).isPresent());
        new Hub(hub.server().polity()).approve(oecd, store(hub).findMemberByDomain(mx.authority()).orElseThrow()
                .actorId());
        eventually("Mexico is admitted", () -> new Hub(mx.server().polity()).admitted().isPresent());

        ChallengeService challenges = new ChallengeService(mx.server().polity());
        long id = challenges.createDraft(ana, new Challenge("Transparency in the energy sector", "Open data", "",
                "MX", "Secretaría de Energía", List.of(new Challenge.Question("", "How to open contracts?")), List.of(),
                "energy", List.of(), List.of(7), null, List.of("es"), "", ChallengeStatus.DRAFT, "", false)).id();
        challenges.advance(ana, id, ChallengeStatus.OPEN, "");
        String uri = challenges.visible(id, Optional.of(ana)).orElseThrow().objectUri();
        eventually("the hub relayed the challenge", () -> store(hub).countRelayed() > 0);

        // Chile asked to join; the hub backfills it before Chile has seen any Accept (here: none was sent).
        eventually("Chile asks to join", () -> store(hub).findMemberByDomain(cl.authority()).isPresent());
        HubStore.Member chile = store(hub).findMemberByDomain(cl.authority()).orElseThrow();
        Actor chileActor = hub.server().polity().storage().stores().actors().findActorById(chile.actorId())
                .orElseThrow();
        assertThat(new Hub(cl.server().polity()).admitted()).isEmpty();
        new Hub(hub.server().polity()).backfill(chileActor, chile.domain());
        eventually("Chile holds the backfilled challenge", () -> object(cl, uri).isPresent());
    }
}
