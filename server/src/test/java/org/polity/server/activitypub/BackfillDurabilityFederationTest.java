package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.BackfillJob;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.storage.jdbi.JdbiStorage;
import org.polity.server.testing.TestInstance;

/**
 * Joining late survives outages and restarts: a backfill whose group host is down is kept and retried (with
 * backoff) until the host answers; one recorded by a process that stopped before running it runs at the next
 * start.
 */
class BackfillDurabilityFederationTest {
    @TempDir
    Path dirA;
    @TempDir
    Path dirC;

    @Test
    void aBackfillWaitsOutTheHostsOutageAndARestart() throws Exception {
        TestInstance a = TestInstance.federating(dirA, Map.of());
        TestInstance c = TestInstance.federating(dirC, Map.of());
        try {
            Actor alice = a.member("alice");
            Actor group = a.server().polity().federation().groups().setup().create(alice, "grid", "Grid data", "",
                    GroupInfo.Membership.OPEN, false);
            String thread = a.server().polity().federation().groups().posting().startThread(alice, group,
                    "Who publishes grid data?", "In real time?", GroupThread.Kind.QUESTION, List.of()).objectUri();
            Actor groupAtC = c.server().polity().federation().actors().resolve(group.uri(),
                    org.polity.federation.http.FetchBudget.perRequest());
            var jobsAtC = c.server().polity().storage().stores().backfills();

            // The host is down when C asks: the job stays, counted and with its reason, due again later.
            int portA = a.server().port();
            String baseA = a.server().baseUrl().toString();
            a.close();
            c.server().polity().federation().backfill().accepted(groupAtC);
            eventually("the failed attempt is recorded", () -> jobsAtC.findDue(java.time.Instant.now().plusSeconds(86_400), 10).stream()
                    .anyMatch(j -> j.actorUri().equals(group.uri()) && j.attempts() == 1));
            BackfillJob failed = jobsAtC.findDue(java.time.Instant.now().plusSeconds(86_400), 10).get(0);
            assertThat(failed.lastError()).isNotBlank();
            assertThat(failed.nextAttemptAt()).isAfter(java.time.Instant.now().plusSeconds(30));
            assertThat(c.server().polity().storage().stores().objects().findObjectByUri(thread)).isEmpty();

            // C stops too; the job is still there. The host comes back; C starts again, and the job (made due, as
            // its backoff would in a minute) runs: the thread arrives and the job is gone.
            int portC = c.server().port();
            String baseC = c.server().baseUrl().toString();
            c.close();
            a = TestInstance.federating(dirA, Map.of("POLITY_PORT", Integer.toString(portA), "POLITY_BASE_URL", baseA));
            try (JdbiStorage offline = org.polity.server.testing.TestDatabase.open(dirC)) {
                var jobs = offline.stores().backfills();
                assertThat(jobs.isWaiting(group.uri())).as("kept across the stop").isTrue();
                jobs.retryLater(group.uri(), failed.attempts(), java.time.Instant.now(), failed.lastError());
            }
            c = TestInstance.federating(dirC, Map.of("POLITY_PORT", Integer.toString(portC), "POLITY_BASE_URL", baseC));
            var stores = c.server().polity().storage().stores();
            eventually("the restarted server ran the waiting backfill", () -> stores.groups().findThread(thread)
                    .isPresent());
            eventually("the job is done", () -> !stores.backfills().isWaiting(group.uri()));
            assertThat(stores.groups().findThread(thread).orElseThrow().groupUri()).isEqualTo(group.uri());
        } finally {
            a.close();
            c.close();
        }
    }
}
