package org.polity.server.domains;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Uris;
import org.polity.server.audit.AuditLog;
import org.polity.server.config.ConfigLoader;
import org.polity.server.config.PolityConfig;
import org.polity.server.hub.HubStore;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.storage.jdbi.JdbiStorage;

/** The verdicts of the policy over a real store: modes, the configured allowlist, the hub's members, the hub. */
class DomainPolicyTest {
    @TempDir
    Path dir;

    DomainPolicy policy(JdbiStorage storage, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("POLITY_DATA_DIR", dir.toString());
        PolityConfig config = ConfigLoader.load(Optional.empty(), all);
        Uris uris = new Uris();
        uris.bind(URI.create("https://hub.gov.example"));
        return new DomainPolicy(storage, config, uris, Clock.systemUTC(), new AuditLog(storage, Clock.systemUTC()));
    }

    static void rule(JdbiStorage storage, String domain, Severity severity) {
        storage.stores().domainPolicies().upsertRule(new DomainRule(domain, severity, "", "", false, false, false,
                DomainRule.Source.MANUAL, null, Instant.now(), null));
    }

    @Test
    void openModeRefusesOnlyBlocksAndAllowlistModeOnlyFederatesWithTheListed() {
        try (JdbiStorage storage = org.polity.server.testing.TestDatabase.open(dir.resolve("db"))) {
            DomainPolicy open = policy(storage, Map.of());
            rule(storage, "bad.example", Severity.BLOCK);
            rule(storage, "fine.bad.example", Severity.ALLOW);
            rule(storage, "loud.example", Severity.SILENCE);
            open.invalidate();
            assertThat(open.verdictFor("anyone.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(open.verdictFor("x.bad.example:8443")).isEqualTo(DomainPolicy.Verdict.REFUSED);
            assertThat(open.verdictFor("fine.bad.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(open.verdictFor("loud.example")).isEqualTo(DomainPolicy.Verdict.SILENCED);
            assertThat(open.verdictFor("hub.gov.example")).as("itself").isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(open.refuses("https://bad.example/users/a")).isTrue();
            assertThat(open.silenced("https://loud.example/users/a")).isTrue();

            DomainPolicy closed = policy(storage, Map.of("POLITY_FEDERATION_MODE", "allowlist",
                    "POLITY_FEDERATION_ALLOWLIST", "gov.fr.example, localhost:9001"));
            assertThat(closed.verdictFor("anyone.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);
            assertThat(closed.verdictFor("social.gov.fr.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(closed.verdictFor("localhost:9001")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(closed.verdictFor("localhost:9002")).isEqualTo(DomainPolicy.Verdict.REFUSED);
            assertThat(closed.verdictFor("fine.bad.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(closed.verdictFor("bad.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);
            assertThat(closed.verdictFor("hub.gov.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
        }
    }

    @Test
    void theHubsAdmittedMembersAndANationalInstancesHubFeedTheAllowlist() {
        try (JdbiStorage storage = org.polity.server.testing.TestDatabase.open(dir.resolve("db"))) {
            Actor member = storage.stores().actors().insert(new Actor(0, "https://gov.es.example/actor",
                    ActorType.Application, "gov.es.example", "gov.es.example", false, "", "", null, null, null,
                    null, null, null, "https://gov.es.example/actor#k", "-----BEGIN PUBLIC KEY-----\nAAAA\n"
                    + "-----END PUBLIC KEY-----\n", false, Instant.now(), Instant.now()));
            Actor asking = storage.stores().actors().insert(new Actor(0, "https://gov.nz.example/actor",
                    ActorType.Application, "gov.nz.example", "gov.nz.example", false, "", "", null, null, null,
                    null, null, null, "https://gov.nz.example/actor#k", member.publicKeyPem(), false, Instant.now(),
                    Instant.now()));
            storage.stores().hub().putMember(new HubStore.Member(member.id(), "gov.es.example",
                    HubStore.Member.ACCEPTED, "https://gov.es.example/f/1", Instant.now(), null));
            storage.stores().hub().putMember(new HubStore.Member(asking.id(), "gov.nz.example",
                    HubStore.Member.PENDING, "https://gov.nz.example/f/1", Instant.now(), null));
            DomainPolicy hub = policy(storage, Map.of("POLITY_MODE", "hub", "POLITY_FEDERATION_MODE", "allowlist"));
            assertThat(hub.verdictFor("gov.es.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(hub.verdictFor("gov.nz.example")).as("not admitted").isEqualTo(DomainPolicy.Verdict.REFUSED);
            assertThat(hub.listedBesideRules()).containsExactly("gov.es.example");
            DomainPolicy unfed = policy(storage, Map.of("POLITY_MODE", "hub", "POLITY_FEDERATION_MODE", "allowlist",
                    "POLITY_FEDERATION_ALLOWLIST_HUB_MEMBERS", "false"));
            assertThat(unfed.verdictFor("gov.es.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);

            DomainPolicy national = policy(storage, Map.of("POLITY_FEDERATION_MODE", "allowlist",
                    "POLITY_HUB_URL", "https://oecd-hub.example"));
            assertThat(national.verdictFor("oecd-hub.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(national.verdictFor("gov.es.example")).as("members feed a hub only")
                    .isEqualTo(DomainPolicy.Verdict.REFUSED);
        }
    }
}
