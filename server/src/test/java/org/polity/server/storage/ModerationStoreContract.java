package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.moderation.ActorStanding;
import org.polity.server.moderation.ModerationStore;
import org.polity.server.moderation.Report;

/** Reports, their objects and actors' moderation states (V19) on every engine. */
abstract class ModerationStoreContract extends DomainPolicyStoreContract {
    private static Report report(String uri, Long reporter, Actor target, List<String> objects, String from) {
        return new Report(0, uri, reporter, from == null ? "https://au.example/users/r" : "https://" + from + "/actor",
                target.id(), target.uri(), null, from == null ? Report.Category.SPAM : Report.Category.OTHER,
                "look at this", from, from == null, Report.Status.OPEN, null, null, null, null, T0, objects);
    }

    @Test
    void reportsAreStoredOncePerUriWithTheirObjectsInOrder() {
        ModerationStore m = stores.moderation();
        Actor reporter = stores.actors().insert(person("reporter"));
        Actor target = stores.actors().insert(person("target"));
        List<String> objects = List.of("https://au.example/objects/2", "https://au.example/objects/1");
        Report stored = m.insertReport(report("https://au.example/activities/f1", reporter.id(), target, objects,
                null)).orElseThrow();
        assertThat(stored.id()).isPositive();
        assertThat(stored.objectUris()).containsExactlyElementsOf(objects);
        assertThat(stored.reporterActorId()).isEqualTo(reporter.id());
        assertThat(stored.category()).isEqualTo(Report.Category.SPAM);
        assertThat(stored.forwarded()).isTrue();
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.resolvedAt()).isNull();
        // The same Flag again: stored once.
        assertThat(m.insertReport(report("https://au.example/activities/f1", reporter.id(), target, List.of(),
                null))).isEmpty();
        Report remote = m.insertReport(report("https://m.example/flags/9", null, target, List.of(), "m.example"))
                .orElseThrow();
        assertThat(remote.reporterActorId()).isNull();
        assertThat(remote.forwardedFrom()).isEqualTo("m.example");
        assertThat(remote.objectUris()).isEmpty();
        assertThat(m.findReportByUri("https://m.example/flags/9")).contains(remote);
        assertThat(m.findReportById(stored.id())).contains(stored);
        assertThat(m.findReports(null, null, 10)).extracting(Report::id).containsExactly(remote.id(), stored.id());
        assertThat(m.findReports(Report.Status.OPEN, remote.id(), 10)).extracting(Report::id)
                .containsExactly(stored.id());
        assertThat(m.findReports(null, null, 10).get(1).objectUris()).containsExactlyElementsOf(objects);
        assertThat(m.findReportsByTarget(target.id(), 10)).hasSize(2);
        assertThat(m.countReports(Report.Status.OPEN)).isEqualTo(2);
    }

    @Test
    void aReportIsClosedOnceAndAssigned() {
        ModerationStore m = stores.moderation();
        Account mod = account("moda", Account.Status.ACTIVE);
        Actor target = stores.actors().insert(person("target"));
        Report r = m.insertReport(report("https://au.example/activities/f2", null, target, List.of(), "x.example"))
                .orElseThrow();
        m.assignReport(r.id(), mod.actorId());
        assertThat(m.findReportById(r.id()).orElseThrow().assignedTo()).isEqualTo(mod.actorId());
        assertThat(m.closeReport(r.id(), Report.Status.DISMISSED, "not spam", mod.actorId(), T0.plusSeconds(60)))
                .isTrue();
        assertThat(m.closeReport(r.id(), Report.Status.RESOLVED, "again", mod.actorId(), T0.plusSeconds(61)))
                .isFalse();
        Report closed = m.findReportById(r.id()).orElseThrow();
        assertThat(closed.status()).isEqualTo(Report.Status.DISMISSED);
        assertThat(closed.resolutionNote()).isEqualTo("not spam");
        assertThat(closed.resolvedBy()).isEqualTo(mod.actorId());
        assertThat(closed.resolvedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(m.findReports(Report.Status.OPEN, null, 10)).isEmpty();
        assertThat(m.findReports(Report.Status.DISMISSED, null, 10)).extracting(Report::id).containsExactly(r.id());
        assertThat(m.countReports(Report.Status.OPEN)).isZero();
    }

    @Test
    void anActorsStandingIsSetReplacedAndCleared() {
        ModerationStore m = stores.moderation();
        Actor a = stores.actors().insert(person("spammer"));
        Actor b = stores.actors().insert(person("loud"));
        Actor mod = stores.actors().insert(person("mod"));
        assertThat(m.findStanding(a.id())).isEmpty();
        m.putStanding(new ActorStanding(a.id(), ActorStanding.State.SILENCED, "noisy", mod.id(), T0));
        m.putStanding(new ActorStanding(a.id(), ActorStanding.State.SUSPENDED, "spam", mod.id(), T0.plusSeconds(5)));
        m.putStanding(new ActorStanding(b.id(), ActorStanding.State.SILENCED, "", null, T0.plusSeconds(1)));
        assertThat(m.findStanding(a.id())).contains(new ActorStanding(a.id(), ActorStanding.State.SUSPENDED, "spam",
                mod.id(), T0.plusSeconds(5)));
        assertThat(m.findStandings()).extracting(ActorStanding::actorId).containsExactly(a.id(), b.id());
        assertThat(m.findStanding(b.id()).orElseThrow().byActorId()).isNull();
        assertThat(m.clearStanding(a.id())).isTrue();
        assertThat(m.clearStanding(a.id())).isFalse();
        assertThat(m.findStandings()).extracting(ActorStanding::actorId).containsExactly(b.id());
    }

    @Test
    void anAccountsRoleChanges() {
        Account acc = account("future", Account.Status.ACTIVE);
        stores.accounts().updateRole(acc.id(), Account.Role.MODERATOR);
        Account read = stores.accounts().findAccountById(acc.id()).orElseThrow();
        assertThat(read.role()).isEqualTo(Account.Role.MODERATOR);
        assertThat(read.isModerator()).isTrue();
        assertThat(read.isAdmin()).isFalse();
    }
}
