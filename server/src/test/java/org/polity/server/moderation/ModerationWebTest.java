package org.polity.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.Polity;
import org.polity.server.audit.AuditEntry;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.search.SearchQuery;
import org.polity.server.service.AccountService;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * The report form and the moderation queue on one instance: who may see and act (members report, moderators and
 * administrators work the queue, 403 for members), CSRF, bad input answered with the form and nothing stored, every
 * action in the audit log; and what suspension and silencing of a local account do.
 */
class ModerationWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance au;
    static Polity polity;

    @BeforeAll
    static void start() {
        au = TestInstance.start(dataDir, Map.of("POLITY_RATE_REPORT_PER_ACCOUNT", "6/1h"));
        polity = au.server().polity();
        au.create("mw_root", Account.Role.ADMIN, Account.Status.ACTIVE);
        au.create("mw_mod", Account.Role.MODERATOR, Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au);
    }

    static StoredObject post(String username, String text) {
        Actor author = polity.storage().stores().actors().findLocalActorByUsername(username)
                .orElseGet(() -> au.member(username));
        HttpResponse<String> r = au.loggedIn(username).submit("/home", "/home/posts", Map.of("content", text));
        assertThat(r.statusCode()).isEqualTo(303);
        return polity.storage().stores().objects().findObjectsByAuthor(author.id(), Long.MAX_VALUE, 1).get(0);
    }

    static String reportPath(StoredObject o) {
        return "/report?object=" + URLEncoder.encode(o.uri(), StandardCharsets.UTF_8);
    }

    static List<Report> reportsAbout(Actor actor) {
        return polity.storage().stores().moderation().findReportsByTarget(actor.id(), 10);
    }

    static List<String> audit(String action) {
        return polity.audit().page(null, action, 50).stream().map(AuditEntry::target).toList();
    }

    @Test
    void aMemberReportsAPostAndBadInputStoresNothing() {
        StoredObject spam = post("mw_sam", "Cheap watches, best prices, click now.");
        Actor sam = au.localActor("mw_sam");
        au.member("mw_ana");
        Browser ana = au.loggedIn("mw_ana");
        Document form = ana.page(reportPath(spam));
        assertThat(form.select("#report-form input[name=category]").eachAttr("value"))
                .containsExactly("spam", "harassment", "illegal", "other");
        assertThat(form.select("#report-subject").text()).contains("mw_sam@" + au.authority(), "Cheap watches");
        assertThat(form.select("#forward")).isEmpty(); // a local post: there is nowhere to send it on
        // The report link is on the post for others, not for its author.
        Document home = au.loggedIn("mw_sam").page("/home");
        assertThat(home.select("a.report-link")).isEmpty();

        Map<String, String> noCategory = new HashMap<>(Map.of("category", "", "comment", ""));
        HttpResponse<String> missing = ana.submit(reportPath(spam), "/report", noCategory);
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(missing).select("#error-summary").text()).contains("Choose what is wrong.");
        HttpResponse<String> otherWithoutWords = ana.submit(reportPath(spam), "/report",
                Map.of("category", "other", "comment", "  "));
        assertThat(otherWithoutWords.statusCode()).isEqualTo(422);
        HttpResponse<String> tooLong = ana.submit(reportPath(spam), "/report",
                Map.of("category", "spam", "comment", "x".repeat(Reports.MAX_COMMENT + 1)));
        assertThat(tooLong.statusCode()).isEqualTo(422);
        assertThat(TestInstance.html(tooLong).select("#comment").text()).hasSize(Reports.MAX_COMMENT + 1);
        HttpResponse<String> noCsrf = ana.post("/report", Map.of("object", spam.uri(), "category", "spam"));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        assertThat(reportsAbout(sam)).isEmpty();

        HttpResponse<String> sent = ana.submit(reportPath(spam), "/report",
                Map.of("category", "spam", "comment", "Posted in five groups today."));
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(TestInstance.html(sent).select("#report-sent").text()).isNotEmpty();
        Report r = reportsAbout(sam).get(0);
        assertThat(r.reporterActorId()).isEqualTo(au.localActor("mw_ana").id());
        assertThat(r.category()).isEqualTo(Report.Category.SPAM);
        assertThat(r.objectUris()).containsExactly(spam.uri());
        assertThat(r.forwarded()).isFalse();
        assertThat(r.remote()).isFalse();
        // The moderators are told, with the reported account named and a link to the report; members are not.
        Document told = au.loggedIn("mw_mod").page("/notifications");
        assertThat(told.select("a[href=/admin/reports/" + r.id() + "]").text())
                .contains("A report about", "@mw_sam@" + au.authority()).doesNotContain("mw_ana");
        assertThat(au.loggedIn("mw_sam").page("/notifications").select("a[href=/admin/reports/" + r.id() + "]"))
                .isEmpty();

        // Nobody reports themselves; an unknown post is a 404.
        StoredObject own = post("mw_ana", "My own words.");
        assertThat(ana.submit(reportPath(spam), "/report", Map.of("object", own.uri(), "category", "spam"))
                .statusCode()).isEqualTo(422);
        assertThat(ana.get("/report?object=" + URLEncoder.encode(au.server().baseUrl() + "/objects/nope",
                StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
        assertThat(au.browser().get(reportPath(spam)).statusCode()).isEqualTo(303); // to the login page
    }

    @Test
    void oneMemberCannotFloodTheQueue() {
        StoredObject post = post("mw_target2", "Nothing wrong here.");
        au.member("mw_flooder");
        Browser flooder = au.loggedIn("mw_flooder");
        int sent = 0;
        int refused = 0;
        for (int i = 0; i < 7; i++) {
            int status = flooder.submit(reportPath(post), "/report", Map.of("category", "spam")).statusCode();
            if (status == 200) {
                sent++;
            } else if (status == 429) {
                refused++;
            }
        }
        assertThat(sent).isEqualTo(6);
        assertThat(refused).isEqualTo(1);
        assertThat(reportsAbout(au.localActor("mw_target2"))).hasSize(6);
    }

    @Test
    void onlyModeratorsAndAdministratorsSeeTheQueue() {
        au.member("mw_member");
        Browser member = au.loggedIn("mw_member");
        assertThat(member.get("/admin/reports").statusCode()).isEqualTo(403);
        assertThat(member.get("/admin/actors/" + au.localActor("mw_member").id()).statusCode()).isEqualTo(403);
        assertThat(au.browser().get("/admin/reports").statusCode()).isEqualTo(303);
        Browser mod = au.loggedIn("mw_mod");
        Document queue = mod.page("/admin/reports");
        assertThat(queue.select("h1").text()).isEqualTo("Reports");
        assertThat(queue.select("#nav-reports")).hasSize(1); // a moderator's way in, in the page header
        assertThat(mod.get("/admin/audit").statusCode()).isEqualTo(403); // the rest of administration is not theirs
        String profile = "/profiles/" + au.localActor("mw_member").id();
        assertThat(mod.page(profile).select("#moderate-actor").attr("href"))
                .isEqualTo("/admin/actors/" + au.localActor("mw_member").id());
        assertThat(au.loggedIn("mw_root").page(profile).select("#report-actor")).hasSize(1);
        au.member("mw_other");
        assertThat(au.loggedIn("mw_other").page(profile).select("#moderate-actor")).isEmpty();
        assertThat(au.loggedIn("mw_root").get("/admin/reports").statusCode()).isEqualTo(200);
        assertThat(mod.get("/admin/reports?status=sideways").statusCode()).isEqualTo(422);
        assertThat(mod.get("/admin/reports?before=x").statusCode()).isEqualTo(422);
        assertThat(mod.get("/admin/reports/999999").statusCode()).isEqualTo(404);
        assertThat(mod.get("/admin/reports/abc").statusCode()).isEqualTo(404);
    }

    @Test
    void aModeratorResolvesDismissesAndRemovesContentAndEachStepIsAudited() {
        StoredObject spam = post("mw_bot", "Visit my shop, visit my shop.");
        Actor bot = au.localActor("mw_bot");
        au.member("mw_rep");
        Browser rep = au.loggedIn("mw_rep");
        rep.submit(reportPath(spam), "/report", Map.of("category", "spam", "comment", "First"));
        rep.submit(reportPath(spam), "/report", Map.of("category", "harassment", "comment", "Second"));
        List<Report> two = reportsAbout(bot);
        assertThat(two).hasSize(2);
        Report second = two.get(0);
        Report first = two.get(1);
        Browser mod = au.loggedIn("mw_mod");
        String detail = "/admin/reports/" + first.id();
        Document page = mod.page(detail);
        assertThat(page.select("#report-reporter").text()).isEqualTo("mw_rep@" + au.authority());
        assertThat(page.select("#report-comment").text()).isEqualTo("First");
        assertThat(page.select(".reported-object blockquote").text()).contains("Visit my shop");
        assertThat(mod.page("/admin/reports").select("#reports-table tbody tr").eachAttr("id"))
                .contains("report-" + first.id(), "report-" + second.id());

        assertThat(mod.post(detail, Map.of("action", "dismiss")).statusCode()).isEqualTo(403); // no CSRF token
        HttpResponse<String> bogus = mod.submit(detail, detail, Map.of("action", "explode"));
        assertThat(bogus.statusCode()).isEqualTo(422);
        HttpResponse<String> longNote = mod.submit(detail, detail,
                Map.of("action", "dismiss", "note", "n".repeat(Reports.MAX_NOTE + 1)));
        assertThat(longNote.statusCode()).isEqualTo(422);
        assertThat(polity.storage().stores().moderation().findReportById(first.id()).orElseThrow().open()).isTrue();

        assertThat(mod.submit(detail, detail, Map.of("action", "assign")).statusCode()).isEqualTo(303);
        assertThat(mod.page(detail).select("#report-assignee").text()).isEqualTo("mw_mod@" + au.authority());
        assertThat(mod.submit(detail, detail, Map.of("action", "dismiss", "note", "Duplicate of the next one"))
                .statusCode()).isEqualTo(303);
        Report dismissed = polity.storage().stores().moderation().findReportById(first.id()).orElseThrow();
        assertThat(dismissed.status()).isEqualTo(Report.Status.DISMISSED);
        assertThat(dismissed.resolutionNote()).isEqualTo("Duplicate of the next one");
        assertThat(dismissed.resolvedBy()).isEqualTo(au.localActor("mw_mod").id());
        // Closed: a second decision is refused and the page offers no actions.
        assertThat(mod.post(detail, Map.of("_csrf", mod.csrf(detail), "action", "resolve")).statusCode())
                .isEqualTo(422);
        assertThat(mod.page(detail).select("#report-actions-section")).isEmpty();
        assertThat(mod.page("/admin/reports?status=dismissed").select("#reports-table tbody tr").eachAttr("id"))
                .contains("report-" + first.id());

        String secondDetail = "/admin/reports/" + second.id();
        assertThat(mod.submit(secondDetail, secondDetail, Map.of("action", "remove", "note", "Spam"))
                .statusCode()).isEqualTo(303);
        StoredObject removed = polity.storage().stores().objects().findObjectByUri(spam.uri()).orElseThrow();
        assertThat(removed.deleted()).isTrue();
        assertThat(polity.storage().stores().moderation().findReportById(second.id()).orElseThrow().status())
                .isEqualTo(Report.Status.RESOLVED);
        assertThat(mod.page(secondDetail).select(".reported-object .deleted")).hasSize(1);
        // Deleted as its author deletes it: the Delete is the author's activity, so it federates.
        assertThat(polity.storage().stores().activities().findByActor(bot.id(),
                List.of(org.polity.server.model.Visibility.PUBLIC), Long.MAX_VALUE, 10))
                .anyMatch(a -> a.type().equals("Delete") && spam.uri().equals(a.objectUri()));

        assertThat(audit("report.assign")).contains(first.uri());
        assertThat(audit("report.dismiss")).contains(first.uri());
        assertThat(audit("report.content.remove")).contains(spam.uri());
        assertThat(audit("report.resolve")).contains(second.uri());
    }

    @Test
    void aSuspendedLocalAccountIsGoneUntilRestored() {
        StoredObject reported = post("mw_troll", "A threat that was reported.");
        au.member("mw_witness");
        au.loggedIn("mw_witness").submit(reportPath(reported), "/report", Map.of("category", "harassment"));
        StoredObject post = post("mw_troll", "Something everyone can read about tariffs.");
        Actor troll = au.localActor("mw_troll");
        Browser trollBrowser = au.loggedIn("mw_troll");
        Browser mod = au.loggedIn("mw_mod");
        String page = "/admin/actors/" + troll.id();
        assertThat(mod.page(page).select("#actor-standing").text()).isEqualTo("In good standing");
        // Bad input is refused with the page, nothing changes.
        assertThat(mod.submit(page, page, Map.of("action", "suspend", "reason", "r".repeat(Standings.MAX_REASON + 1)))
                .statusCode()).isEqualTo(422);
        assertThat(mod.submit(page, page, Map.of("action", "vanish")).statusCode()).isEqualTo(422);
        assertThat(polity.standings().suspended(troll.id())).isFalse();
        // A moderator cannot suspend an administrator, nor themselves.
        String rootPage = "/admin/actors/" + au.localActor("mw_root").id();
        assertThat(mod.submit(rootPage, rootPage, Map.of("action", "suspend")).statusCode()).isEqualTo(422);
        String ownPage = "/admin/actors/" + au.localActor("mw_mod").id();
        assertThat(mod.submit(ownPage, ownPage, Map.of("action", "suspend")).statusCode()).isEqualTo(422);

        assertThat(mod.submit(page, page, Map.of("action", "suspend", "reason", "Threats")).statusCode())
                .isEqualTo(303);
        assertThat(mod.page(page).select("#actor-standing").text()).startsWith("Suspended — Threats");
        assertThat(mod.page("/admin/reports").select("#standings a[href=" + page + "]").text())
                .isEqualTo("mw_troll@" + au.authority());
        AccountService accounts = au.accounts();
        assertThat(accounts.logIn("mw_troll", PASSWORD).outcome()).isEqualTo(AccountService.LoginResult.Outcome.DISABLED);
        assertThat(trollBrowser.get("/home").statusCode()).isEqualTo(303); // the session ended
        assertThat(au.get("/users/mw_troll", "application/activity+json").statusCode()).isEqualTo(410);
        assertThat(au.get("/users/mw_troll/outbox", "application/activity+json").statusCode()).isEqualTo(410);
        assertThat(au.get(java.net.URI.create(post.uri()).getPath(), "application/activity+json").statusCode()).isEqualTo(410);
        HttpResponse<String> profile = au.browser().get("/profiles/" + troll.id());
        assertThat(profile.statusCode()).isEqualTo(410);
        assertThat(TestInstance.html(profile).select("#suspended").text()).contains("suspended");
        assertThat(search("tariffs")).isEmpty();
        assertThat(audit("actor.suspend")).contains(troll.uri());
        // A suspended author's post can still be removed from a report: it is deleted (and federated) as theirs.
        StoredObject worse = polity.storage().stores().objects().findObjectByUri(reported.uri()).orElseThrow();
        Report report = reportsAbout(troll).get(0);
        String detail = "/admin/reports/" + report.id();
        assertThat(mod.submit(detail, detail, Map.of("action", "remove")).statusCode()).isEqualTo(303);
        assertThat(polity.storage().stores().objects().findObjectByUri(worse.uri()).orElseThrow().deleted()).isTrue();

        assertThat(mod.submit(page, page, Map.of("action", "restore", "reason", "Appeal accepted")).statusCode())
                .isEqualTo(303);
        assertThat(accounts.logIn("mw_troll", PASSWORD).outcome()).isEqualTo(AccountService.LoginResult.Outcome.OK);
        assertThat(au.get("/users/mw_troll", "application/activity+json").statusCode()).isEqualTo(200);
        assertThat(au.get(java.net.URI.create(post.uri()).getPath(), "application/activity+json").statusCode()).isEqualTo(200);
        assertThat(search("tariffs")).extracting(StoredObject::uri).contains(post.uri());
        assertThat(audit("actor.restore")).contains(troll.uri());
    }

    @Test
    void aSilencedAccountLeavesSearchButStaysReachableByLink() {
        StoredObject post = post("mw_loud", "Opinions about procurement thresholds.");
        Actor loud = au.localActor("mw_loud");
        Account admin = au.reload(au.accounts().findByUsername("mw_root").orElseThrow());
        assertThat(search("procurement")).extracting(StoredObject::uri).contains(post.uri());
        Map<String, String> article = new HashMap<>(Map.of("title", "Thresholds explained", "content",
                "Why the thresholds matter.", "tags", "", "action", "publish"));
        assertThat(au.loggedIn("mw_loud").submit("/blog/new", "/blog/new", article).statusCode()).isEqualTo(303);
        assertThat(au.browser().page("/blog").text()).contains("Thresholds explained");
        polity.standings().silence(admin, loud, "Flooding");
        assertThat(search("procurement")).isEmpty();
        assertThat(au.browser().page("/blog").text()).doesNotContain("Thresholds explained");
        assertThat(au.get(java.net.URI.create(post.uri()).getPath(), "application/activity+json").statusCode()).isEqualTo(200);
        assertThat(au.accounts().logIn("mw_loud", PASSWORD).outcome())
                .isEqualTo(AccountService.LoginResult.Outcome.OK);
        assertThat(audit("actor.silence")).contains(loud.uri());
        polity.standings().lift(admin, loud, "");
        assertThat(search("procurement")).extracting(StoredObject::uri).contains(post.uri());
        assertThat(au.browser().page("/blog").text()).contains("Thresholds explained");
    }

    static List<StoredObject> search(String words) {
        return new org.polity.server.search.SearchService(polity).search(SearchQuery.text(words), null, 20, false)
                .objects();
    }
}
