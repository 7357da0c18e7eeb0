package org.polity.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;
import static org.polity.server.testing.TestInstance.html;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.audit.AuditEntry;
import org.polity.server.audit.AuditLog;
import org.polity.server.crypto.Secrets;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Sign-up by invitation against a real instance (allowlist {@code *.gov.au}, approval on): links made by an
 * administrator or, when allowed, a member; any e-mail domain; uses counted exactly, even concurrently; expired,
 * used-up, revoked and unknown links get a page that says so and create nothing.
 */
class InvitationWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static Account admin;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        admin = instance.create("inv_admin", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.create("inv_member", Account.Role.MEMBER, Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Map<String, String> application(String username, String email) {
        Map<String, String> f = new HashMap<>();
        f.put("username", username);
        f.put("email", email);
        f.put("displayName", "Invited " + username);
        f.put("password", PASSWORD);
        f.put("passwordConfirm", PASSWORD);
        f.put("country", "AU");
        return f;
    }

    /** Makes a link on {@code pagePath} and returns its path and query ({@code /signup?invite=...}). */
    static String makeLink(Browser b, String pagePath, int uses, int days, String note) {
        HttpResponse<String> made = b.submit(pagePath, pagePath, Map.of("maxUses", Integer.toString(uses),
                "validDays", Integer.toString(days), "note", note));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String link = html(made).select("#invitation-link").attr("value");
        assertThat(link).startsWith(instance.server().polity().uris().base().resolve("/signup?invite=").toString());
        URI uri = URI.create(link);
        return uri.getPath() + "?" + uri.getQuery();
    }

    static String token(String link) {
        return link.substring(link.indexOf("invite=") + "invite=".length());
    }

    @Test
    void anAdministratorsLinkSignsUpAnyDomainOnceAndIsThenUsedUp() {
        Browser root = instance.loggedIn("inv_admin");
        String link = makeLink(root, "/admin/invitations", 1, 7, "for the Canadian lab");
        Invitation row = instance.server().polity().storage().stores().invitations()
                .findInvitationByTokenHash(Secrets.sha256Hex(token(link))).orElseThrow();
        assertThat(row.tokenHash()).isNotEqualTo(token(link)).hasSize(64);
        assertThat(row.expiresAt()).isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(120),
                Instant.now().plus(Duration.ofDays(7)));

        Browser guest = instance.browser();
        Document form = guest.page(link);
        assertThat(form.select("#invited").text()).contains("@inv_admin@" + instance.authority());
        assertThat(form.select("#domains")).isEmpty();
        HttpResponse<String> signedUp = guest.submit(link, "/signup", application("carol", "carol@lab.example.ca"));
        assertThat(signedUp.statusCode()).as("an administrator's invitation makes an active account").isEqualTo(303);
        Account carol = instance.accounts().findByUsername("carol").orElseThrow();
        assertThat(carol.status()).isEqualTo(Account.Status.ACTIVE);
        assertThat(instance.server().polity().storage().stores().invitations().findInviterOfAccount(carol.id()))
                .hasValue(admin.actorId());

        Document list = root.page("/admin/invitations");
        assertThat(list.select("#invitation-" + row.id() + " .uses").text()).isEqualTo("1 / 1");
        assertThat(list.select("#invitation-" + row.id() + " .state").text()).isEqualTo("Used up");
        assertThat(list.select("#invitation-" + row.id()).text()).contains("for the Canadian lab");

        HttpResponse<String> again = instance.browser().get(link);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(html(again).select("#invite-invalid").text()).contains("used as many times as it allows");
        // Posting the form anyway creates nothing.
        Browser late = instance.browser();
        Map<String, String> f = application("dave", "dave@lab.example.ca");
        f.put("invite", token(link));
        f.put("_csrf", late.csrf("/signup"));
        HttpResponse<String> refused = late.post("/signup", f);
        assertThat(refused.statusCode()).isEqualTo(410);
        assertThat(instance.accounts().findByUsername("dave")).isEmpty();

        List<AuditEntry> audit = instance.server().polity().audit().page(null, AuditLog.INVITATION_CREATE, 10);
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo("invitation " + row.id());
            assertThat(e.detail()).contains("uses: 1", "for the Canadian lab");
        });
        // Without an invitation, the e-mail domain rule still holds.
        HttpResponse<String> outside = instance.browser().submit("/signup", "/signup",
                application("erin", "erin@lab.example.ca"));
        assertThat(outside.statusCode()).isEqualTo(422);
        assertThat(instance.accounts().findByUsername("erin")).isEmpty();
    }

    @Test
    void revokedExpiredAndUnknownLinksSaySoAndCreateNothing() {
        Browser root = instance.loggedIn("inv_admin");
        String revokedLink = makeLink(root, "/admin/invitations", 5, 1, "");
        Invitation revoked = instance.server().polity().storage().stores().invitations()
                .findInvitationByTokenHash(Secrets.sha256Hex(token(revokedLink))).orElseThrow();
        HttpResponse<String> out = root.submit("/admin/invitations", "/admin/invitations/" + revoked.id() + "/revoke",
                Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(root.page("/admin/invitations").select("#invitation-" + revoked.id() + " .state").text())
                .isEqualTo("Revoked");
        HttpResponse<String> page = instance.browser().get(revokedLink);
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(html(page).select("#invite-invalid").text()).contains("withdrawn");
        assertThat(instance.browser().acceptLanguage("fr").get(revokedLink).body()).contains("a été retiré");
        assertThat(instance.server().polity().audit().page(null, AuditLog.INVITATION_REVOKE, 10))
                .extracting(AuditEntry::target).contains("invitation " + revoked.id());

        String expiredToken = Secrets.newToken();
        Instant past = Instant.now().minus(Duration.ofDays(2));
        instance.server().polity().storage().stores().invitations().insert(new Invitation(0,
                Secrets.sha256Hex(expiredToken), admin.actorId(), "", 3, 0, past.minus(Duration.ofDays(1)), past, null));
        HttpResponse<String> expired = instance.browser().get("/signup?invite=" + expiredToken);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(html(expired).select("#invite-invalid").text()).contains("expired");

        HttpResponse<String> unknown = instance.browser().get("/signup?invite=" + Secrets.newToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(html(unknown).select("#invite-invalid").text()).contains("not valid");
        assertThat(instance.browser().get("/signup?invite=%3Cscript%3E").statusCode()).isEqualTo(404);

        HttpResponse<String> bad = root.submit("/admin/invitations", "/admin/invitations",
                Map.of("maxUses", "0", "validDays", "400", "note", ""));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(html(bad).select("#maxUses-error").text()).contains("from 1 to 1,000");
        assertThat(html(bad).select("#validDays-error").text()).contains("from 1 to 90");
    }

    @Test
    void concurrentSignUpsNeverPassTheMaximumUses() throws Exception {
        Browser root = instance.loggedIn("inv_admin");
        String link = makeLink(root, "/admin/invitations", 3, 7, "race");
        int people = 8;
        List<Browser> browsers = new ArrayList<>();
        List<String> csrfs = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            Browser b = instance.browser();
            browsers.add(b);
            csrfs.add(b.csrf(link));
        }
        ExecutorService pool = Executors.newFixedThreadPool(people);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < people; i++) {
                int n = i;
                Callable<Integer> signUp = () -> {
                    Map<String, String> f = application("racer" + n, "racer" + n + "@ministry.example.org");
                    f.put("invite", token(link));
                    f.put("_csrf", csrfs.get(n));
                    return browsers.get(n).post("/signup", f).statusCode();
                };
                results.add(pool.submit(signUp));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> r : results) {
                statuses.add(r.get());
            }
            assertThat(statuses.stream().filter(s -> s == 303).count()).as(statuses.toString()).isEqualTo(3);
            assertThat(statuses).allMatch(s -> s == 303 || s == 410);
        } finally {
            pool.shutdownNow();
        }
        long made = 0;
        for (int i = 0; i < people; i++) {
            made += instance.accounts().findByUsername("racer" + i).isPresent() ? 1 : 0;
        }
        assertThat(made).isEqualTo(3);
        Invitation row = instance.server().polity().storage().stores().invitations()
                .findInvitationByTokenHash(Secrets.sha256Hex(token(link))).orElseThrow();
        assertThat(row.uses()).isEqualTo(3);
        assertThat(instance.server().polity().storage().stores().invitations().countAccountsInvitedWith(row.id()))
                .isEqualTo(3);
    }

    @Test
    void membersInviteOnlyWhenAnAdministratorAllowsAndTheirInviteesAwaitApproval() {
        Browser member = instance.loggedIn("inv_member");
        assertThat(member.get("/settings/invitations").statusCode()).isEqualTo(403);
        assertThat(member.page("/settings/profile").select("a[href=/settings/invitations]")).isEmpty();
        Browser root = instance.loggedIn("inv_admin");
        assertThat(member.get("/admin/invitations").statusCode()).isEqualTo(403);
        HttpResponse<String> allowed = root.submit("/admin/invitations", "/admin/invitations/members",
                Map.of("membersInvite", "true"));
        assertThat(allowed.statusCode()).isEqualTo(303);
        try {
            assertThat(member.page("/settings/profile").select("a[href=/settings/invitations]")).hasSize(1);
            String link = makeLink(member, "/settings/invitations", 2, 30, "colleague");
            Document own = member.page("/settings/invitations");
            assertThat(own.select("#invitations tbody tr")).hasSize(1);
            HttpResponse<String> signedUp = instance.browser().submit(link, "/signup",
                    application("frank", "frank@agency.example.nz"));
            assertThat(signedUp.statusCode()).isEqualTo(200);
            assertThat(html(signedUp).select("#awaiting-approval").text()).contains("awaits approval");
            Account frank = instance.accounts().findByUsername("frank").orElseThrow();
            assertThat(frank.status()).as("a member's invitee waits for approval when the instance asks it")
                    .isEqualTo(Account.Status.PENDING);
            assertThat(instance.server().polity().storage().stores().invitations().findInviterOfAccount(frank.id()))
                    .hasValue(instance.localActor("inv_member").id());
            // A member cannot revoke someone else's link.
            String adminLink = makeLink(root, "/admin/invitations", 1, 1, "");
            long adminRow = instance.server().polity().storage().stores().invitations()
                    .findInvitationByTokenHash(Secrets.sha256Hex(token(adminLink))).orElseThrow().id();
            Map<String, String> revoke = Map.of("_csrf", member.csrf("/settings/invitations"));
            assertThat(member.post("/settings/invitations/" + adminRow + "/revoke", revoke).statusCode()).isEqualTo(403);
            assertThat(instance.server().polity().storage().stores().invitations().findInvitationById(adminRow)
                    .orElseThrow().revokedAt()).isNull();
        } finally {
            // An unchecked box sends nothing.
            root.post("/admin/invitations/members", Map.of("_csrf", root.csrf("/admin/invitations")));
        }
        assertThat(member.get("/settings/invitations").statusCode()).isEqualTo(403);
    }
}
