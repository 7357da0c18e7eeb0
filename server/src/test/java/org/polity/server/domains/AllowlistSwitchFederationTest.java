package org.polity.server.domains;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.testing.TestInstance;

/**
 * An open instance that switches to allowlist mode: its follows with servers that are not listed end at once
 * (both ways, with the reason in the audit log), and those with listed servers stay.
 */
class AllowlistSwitchFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    static TestInstance au;
    static TestInstance listed;
    static TestInstance unlisted;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        listed = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        unlisted = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, listed, unlisted);
    }

    @Test
    void switchingToAllowlistEndsFollowsWithUnlistedServersOnly() throws Exception {
        Account root = au.create("switchadmin", Account.Role.ADMIN, Account.Status.ACTIVE);
        Actor ana = au.member("ana_sw");
        listed.member("lea_sw");
        unlisted.member("uri_sw");
        au.follow("ana_sw", listed, "lea_sw");
        au.follow("ana_sw", unlisted, "uri_sw");
        unlisted.follow("uri_sw", au, "ana_sw");
        var stores = au.server().polity().storage().stores();
        Actor uri = stores.actors().findActorByUri(unlisted.localActor("uri_sw").uri()).orElseThrow();
        Actor lea = stores.actors().findActorByUri(listed.localActor("lea_sw").uri()).orElseThrow();

        DomainPolicy policy = au.server().polity().domainPolicy();
        policy.save(root, listed.authority(), "allow", "", "", false, false, false);
        policy.setMode(root, "allowlist");

        assertThat(stores.follows().findFollow(ana.id(), lea.id())).isPresent();
        assertThat(stores.follows().findFollow(ana.id(), uri.id())).isEmpty();
        assertThat(stores.follows().findFollow(uri.id(), ana.id())).isEmpty();
        assertThat(au.server().polity().audit().page(null, "domain.mode", 5)).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo(unlisted.authority());
            assertThat(e.detail()).contains("not on the allowlist; 2 follows ended");
        });
        assertThat(au.server().polity().audit().page(null, "domain.mode", 5))
                .noneSatisfy(e -> assertThat(e.target()).isEqualTo(listed.authority()));
    }
}
