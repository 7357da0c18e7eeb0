package org.polity.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.FetchBudget;
import org.polity.server.groups.Groups;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Delivery;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredActivity;
import org.polity.server.testing.TestInstance;

/**
 * Issue 11 across three instances: carol, a member on A (es), reports a thread bob (B, fr) started in a group
 * that C (au) hosts. Her report lands in A's queue, and both B (Mastodon's form, to the account's server) and C
 * (Lemmy's form, to the group's server) receive it as a Flag from A's instance actor, which names neither carol
 * nor anything of hers. C's moderator then suspends bob there: his membership is severed and what he sends next
 * is dropped; B's moderator suspends him at home and his actor answers 410 Gone to the other servers.
 */
class ReportFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    static TestInstance es;
    static TestInstance fr;
    static TestInstance au;

    @BeforeAll
    static void start() {
        es = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "ES"));
        fr = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        au = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "AU"));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(es, fr, au);
    }

    static Groups groups(TestInstance i) {
        return i.server().polity().federation().groups();
    }

    static Actor remote(TestInstance where, Actor actor) throws Exception {
        return where.server().polity().federation().actors().resolve(actor.uri(), FetchBudget.perRequest());
    }

    static void join(TestInstance where, Actor member, Actor group) throws InterruptedException {
        groups(where).membership().join(member, group, "");
        eventually(member.acct() + " is a member of " + group.acct(), () -> groups(where).queries().isMember(group,
                member));
    }

    static Optional<Report> reportAt(TestInstance i, String targetUri) {
        return i.server().polity().storage().stores().moderation().findReports(null, null, 50).stream()
                .filter(r -> r.targetActorUri().equals(targetUri)).findFirst();
    }

    @Test
    void aReportReachesTheAccountsServerAndTheGroupsServerWithoutTheReporter() throws Exception {
        Actor alice = au.member("rf_alice");
        Actor bob = fr.member("rf_bob");
        Actor carol = es.member("rf_carol");
        Actor group = groups(au).setup().create(alice, "rf_budget", "Budget transparency", "Open budgets.",
                GroupInfo.Membership.OPEN, false);
        Actor groupAtFr = remote(fr, group);
        Actor groupAtEs = remote(es, group);
        join(fr, bob, groupAtFr);
        join(es, carol, groupAtEs);
        StoredActivity create = groups(fr).posting().startThread(bob, groupAtFr, "Everyone here is an idiot",
                "You are all idiots and I will find where you live.", GroupThread.Kind.DISCUSSION, List.of());
        String thread = create.objectUri();
        eventually("A holds bob's thread", () -> es.server().polity().storage().stores().objects()
                .findObjectByUri(thread).isPresent());
        eventually("C holds bob's thread", () -> au.server().polity().storage().stores().groups().findPost(thread)
                .isPresent());

        TestInstance.Browser carolBrowser = es.loggedIn("rf_carol");
        String form = "/report?object=" + URLEncoder.encode(thread, StandardCharsets.UTF_8);
        Document page = carolBrowser.page(form);
        assertThat(page.select("#forward")).hasSize(1);
        assertThat(page.select("label[for=forward]").text()).contains(fr.authority());
        HttpResponse<String> sent = carolBrowser.submit(form, "/report",
                Map.of("category", "harassment", "comment", "Threats against members.", "forward", "on"));
        assertThat(sent.statusCode()).isEqualTo(200);

        Report atA = reportAt(es, bob.uri()).orElseThrow();
        assertThat(atA.reporterActorId()).isEqualTo(carol.id());
        assertThat(atA.forwarded()).isTrue();
        assertThat(atA.groupUri()).isEqualTo(group.uri());
        String instanceA = es.server().polity().uris().instanceActor();

        eventually("B received the report", () -> reportAt(fr, bob.uri()).isPresent());
        Report atB = reportAt(fr, bob.uri()).orElseThrow();
        assertThat(atB.targetActorId()).isEqualTo(bob.id());
        assertThat(atB.objectUris()).as("reports at B: %s", fr.server().polity().storage().stores().moderation()
                .findReports(null, null, 10)).containsExactly(thread);
        assertThat(atB.forwardedFrom()).isEqualTo(es.server().polity().storage().stores().actors()
                .findActorByUri(instanceA).orElseThrow().domain());
        assertThat(fr.server().polity().storage().stores().actors().findActorByUri(instanceA).orElseThrow().domain())
                .isEqualTo(es.authority());
        assertThat(atB.reporterUri()).isEqualTo(instanceA);
        assertThat(atB.reporterActorId()).isNull();
        assertThat(atB.comment()).isEqualTo("[harassment] Threats against members.");

        eventually("C received the report", () -> reportAt(au, bob.uri()).isPresent());
        Report atC = reportAt(au, bob.uri()).orElseThrow();
        assertThat(atC.objectUris()).containsExactly(thread);
        assertThat(atC.groupUri()).isEqualTo(group.uri());
        assertThat(atC.reporterUri()).isEqualTo(instanceA);
        assertThat(atC.uri()).isNotEqualTo(atB.uri()); // two Flags: one per form

        // What left A names neither carol nor her account: the Flags are the instance actor's.
        for (Report r : List.of(atB, atC)) {
            StoredActivity flag = es.server().polity().storage().stores().activities().findActivityByUri(r.uri())
                    .orElseThrow();
            assertThat(flag.type()).isEqualTo("Flag");
            assertThat(flag.payload()).doesNotContain("rf_carol").doesNotContain(carol.uri())
                    .contains("\"actor\":\"" + instanceA + "\"");
        }
        // B's moderators see where it came from, not who sent it.
        fr.create("rf_frmod", Account.Role.MODERATOR, Account.Status.ACTIVE);
        Document detail = fr.loggedIn("rf_frmod").page("/admin/reports/" + atB.id());
        assertThat(detail.select("#report-reporter").text()).contains(es.authority()).doesNotContain("rf_carol");
        assertThat(detail.select(".reported-object blockquote").text()).contains("idiots");

        // C's moderator suspends bob there: his membership of C's group is severed, what he sends is dropped.
        Account auMod = au.create("rf_aumod", Account.Role.MODERATOR, Account.Status.ACTIVE);
        Actor bobAtC = au.server().polity().storage().stores().actors().findActorByUri(bob.uri()).orElseThrow();
        String threadAtC = "/threads/" + au.server().polity().storage().stores().objects().findObjectByUri(thread)
                .orElseThrow().id();
        assertThat(au.browser().get(threadAtC).statusCode()).isEqualTo(200);
        assertThat(groups(au).queries().isMember(group, bobAtC)).isTrue();
        String actorPage = "/admin/actors/" + bobAtC.id();
        assertThat(au.loggedIn("rf_aumod").submit(actorPage, actorPage, Map.of("action", "suspend",
                "reason", "Threats (report " + atC.id() + ")")).statusCode()).isEqualTo(303);
        assertThat(groups(au).queries().isMember(group, bobAtC)).isFalse();
        assertThat(au.browser().get(threadAtC).statusCode()).isEqualTo(404); // his thread is gone from C's group
        assertThat(au.browser().get("/groups/rf_budget").body()).doesNotContain("Everyone here is an idiot");
        assertThat(au.server().polity().audit().page(null, "actor.suspend", 5).get(0).detail())
                .contains("follows severed");
        StoredActivity again = groups(fr).posting().startThread(bob, groupAtFr, "Still here",
                "You cannot stop me.", GroupThread.Kind.DISCUSSION, List.of());
        var frStores = fr.server().polity().storage().stores();
        eventually("B delivered bob's second thread to C", () -> frStores.deliveries()
                .findDeliveriesByActivityId(again.id()).stream().anyMatch(d -> d.state() == Delivery.State.DELIVERED
                        && d.inboxUri().startsWith(au.server().baseUrl().toString())));
        assertThat(au.server().polity().storage().stores().objects().findObjectByUri(again.objectUri())).isEmpty();
        assertThat(au.server().polity().storage().stores().groups().findPost(again.objectUri())).isEmpty();
        assertThat(auMod.role()).isEqualTo(Account.Role.MODERATOR);

        // B suspends bob at home: his actor and thread answer 410 Gone to everyone.
        Account frMod = fr.reload(fr.accounts().findByUsername("rf_frmod").orElseThrow());
        fr.server().polity().standings().suspend(frMod, bob, "Threats");
        assertThat(fr.get("/users/rf_bob", "application/activity+json").statusCode()).isEqualTo(410);
        assertThat(fr.get(java.net.URI.create(thread).getPath(), "application/activity+json").statusCode())
                .isEqualTo(410);
    }

    /** C removes a reported thread of B's member from its group: the group re-sends the removal to A too. */
    @Test
    void removingReportedContentFromOurGroupRemovesItFromEveryMembersServer() throws Exception {
        Actor alice = au.member("rm_alice");
        Actor bob = fr.member("rm_bob");
        Actor carol = es.member("rm_carol");
        Actor group = groups(au).setup().create(alice, "rm_energy", "Energy tenders", "Open tenders.",
                GroupInfo.Membership.OPEN, false);
        join(fr, bob, remote(fr, group));
        join(es, carol, remote(es, group));
        String thread = groups(fr).posting().startThread(bob, remote(fr, group), "Buy my miracle meter",
                "Cheap meters, message me privately.", GroupThread.Kind.DISCUSSION, List.of()).objectUri();
        var esStores = es.server().polity().storage().stores();
        eventually("A holds bob's thread", () -> esStores.objects().findObjectByUri(thread).isPresent());
        eventually("C holds bob's thread", () -> au.server().polity().storage().stores().groups().findPost(thread)
                .isPresent());
        String form = "/report?object=" + URLEncoder.encode(thread, StandardCharsets.UTF_8);
        assertThat(es.loggedIn("rm_carol").submit(form, "/report", Map.of("category", "spam", "comment",
                "Advertising.", "forward", "on")).statusCode()).isEqualTo(200);
        eventually("C received the report", () -> reportAt(au, bob.uri()).isPresent());
        Report atC = reportAt(au, bob.uri()).orElseThrow();

        au.create("rm_mod", Account.Role.MODERATOR, Account.Status.ACTIVE);
        String detail = "/admin/reports/" + atC.id();
        assertThat(au.loggedIn("rm_mod").submit(detail, detail, Map.of("action", "remove", "note", "Spam"))
                .statusCode()).isEqualTo(303);
        assertThat(au.server().polity().storage().stores().objects().findObjectByUri(thread).orElseThrow().deleted())
                .isTrue();
        eventually("A drops the removed thread", () -> esStores.objects().findObjectByUri(thread)
                .map(o -> o.deleted()).orElse(true));
        assertThat(au.server().polity().audit().page(null, "report.content.remove", 5).get(0).detail())
                .contains("removed from our group and federated");
        assertThat(carol).isNotNull();
    }

    @Test
    void anAccountReportGoesToItsServerOnlyWhenTheMemberSaysSo() throws Exception {
        Actor dan = fr.member("rf_dan");
        es.member("rf_eve");
        Actor danAtA = remote(es, dan);
        TestInstance.Browser eve = es.loggedIn("rf_eve");
        String form = "/report?actor=" + URLEncoder.encode(dan.uri(), StandardCharsets.UTF_8);
        // Kept here only: nothing leaves A.
        HttpResponse<String> kept = eve.submit(form, "/report", Map.of("category", "spam", "forward", ""));
        assertThat(kept.statusCode()).isEqualTo(200);
        Report first = reportAt(es, dan.uri()).orElseThrow();
        assertThat(first.forwarded()).isFalse();
        assertThat(first.targetActorId()).isEqualTo(danAtA.id());
        assertThat(es.server().polity().storage().stores().activities().findActivityByUri(first.uri())).isEmpty();
        // Sent on: B gets Mastodon's form naming the account alone.
        HttpResponse<String> sent = eve.submit(form, "/report", Map.of("category", "illegal", "comment",
                "Sells stolen identities.", "forward", "on"));
        assertThat(sent.statusCode()).isEqualTo(200);
        eventually("B received the account report", () -> reportAt(fr, dan.uri()).isPresent());
        Report atB = reportAt(fr, dan.uri()).orElseThrow();
        assertThat(atB.objectUris()).isEmpty();
        assertThat(atB.targetActorId()).isEqualTo(dan.id());
        assertThat(atB.comment()).isEqualTo("[illegal] Sells stolen identities.");
        assertThat(fr.server().polity().storage().stores().moderation().findReportsByTarget(dan.id(), 10)).hasSize(1);
    }
}
