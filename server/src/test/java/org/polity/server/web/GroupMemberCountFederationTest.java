package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.FetchBudget;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Honest feedback across servers (issue 8, point 4 a and e): joining another server's open group says the request
 * was sent until its Accept comes, and the member count of a group is the same number on its host and on every
 * other server (which says it is the host's report).
 */
class GroupMemberCountFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    static TestInstance a;
    static TestInstance b;
    static TestInstance c;

    @BeforeAll
    static void start() {
        a = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "AU"));
        b = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        c = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"));
    }

    @AfterAll
    static void stop() {
        for (TestInstance i : new TestInstance[] {a, b, c}) {
            if (i != null) {
                i.close();
            }
        }
    }

    static Actor resolve(TestInstance where, Actor actor) throws Exception {
        return where.server().polity().federation().actors().resolve(actor.uri(), FetchBudget.perRequest());
    }

    static String count(Document page) {
        return page.select("#group-about .member-count").text();
    }

    @Test
    void theMemberCountIsTheHostsEverywhereAndAJoinSaysItWasSent() throws Exception {
        Actor alice = a.member("alice");
        a.member("amy");
        b.member("bruno");
        c.member("chen");
        var groupsA = a.server().polity().federation().groups();
        Actor commons = groupsA.setup().create(alice, "commons", "Digital commons", "", GroupInfo.Membership.OPEN, false);
        groupsA.membership().join(a.localActor("amy"), commons, "");

        // B finds the group; bruno joins it with the page's form.
        Actor commonsAtB = resolve(b, commons);
        Browser bruno = b.loggedIn("bruno");
        String pageB = "/remote-groups/" + commonsAtB.id();
        assertThat(count(bruno.page(pageB))).isEqualTo("2 members, as " + commons.domain() + " reports");
        HttpResponse<String> joined = bruno.submit(pageB, "/groups/join", Map.of());
        assertThat(joined.statusCode()).isEqualTo(303);
        Document landing = bruno.page(joined.headers().firstValue("Location").orElseThrow());
        if (landing.select("#membership-state .state.member").isEmpty()) {
            // The Accept has not come yet: the page says so honestly, not that a moderator must decide.
            assertThat(landing.select("#membership-state .state.pending").text())
                    .contains("sent to " + commons.domain()).doesNotContain("moderator");
        }
        eventually("A counts bruno as a member", () -> groupsA.queries().isMember(commons,
                a.server().polity().federation().actors().known(b.localActor("bruno").uri()).orElse(null)));
        eventually("B knows bruno is a member", () -> !bruno.page(pageB).select("#membership-state .state.member")
                .isEmpty());

        // A, B and C show the same number: A counts its members, B and C show what A reports.
        String onA = count(a.browser().page("/groups/commons"));
        assertThat(onA).isEqualTo("3 members");
        eventually("B shows A's count", () -> count(bruno.page(pageB)).startsWith("3 members"));
        assertThat(count(bruno.page(pageB))).isEqualTo("3 members, as " + commons.domain() + " reports");
        Actor commonsAtC = resolve(c, commons);
        Document onC = c.loggedIn("chen").page("/remote-groups/" + commonsAtC.id());
        assertThat(count(onC)).isEqualTo("3 members, as " + commons.domain() + " reports");
        // B's list of the viewer's groups says the same.
        assertThat(bruno.page("/groups").select("#my-groups .member-count").text())
                .isEqualTo("3 members, as " + commons.domain() + " reports");

        // chen joins from C: A counts 4, and C shows it once its join is accepted. B's report is now stale; a view
        // of B's page after REPORT_FRESH reads it again in the background (here: a report read long ago).
        var groupsC = c.server().polity().federation().groups();
        groupsC.membership().join(c.localActor("chen"), commonsAtC, "");
        eventually("A counts chen", () -> count(a.browser().page("/groups/commons")).equals("4 members"));
        eventually("C shows A's new count", () -> count(c.loggedIn("chen").page("/remote-groups/" + commonsAtC.id()))
                .equals("4 members, as " + commons.domain() + " reports"));
        assertThat(count(bruno.page(pageB))).startsWith("3 members");
        b.server().polity().federation().actors().refreshReportedMembersSoon(commonsAtB,
                java.util.Optional.of(java.time.Instant.EPOCH));
        eventually("B reads A's count again", () -> count(bruno.page(pageB))
                .equals("4 members, as " + commons.domain() + " reports"));
    }
}
