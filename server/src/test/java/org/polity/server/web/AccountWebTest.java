package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;
import static org.polity.server.testing.TestInstance.html;
import static org.polity.server.testing.TestInstance.setCookies;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.testing.TestInstance.Browser;
import org.polity.server.testing.TestInstance;

/** The web account flows against a real instance (sign-up allowlist {@code *.gov.au}, approval on). */
class AccountWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static Account admin;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        admin = instance.create("root_admin", Account.Role.ADMIN, Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private static Map<String, String> application(String username, String email) {
        Map<String, String> f = new HashMap<>();
        f.put("username", username);
        f.put("email", email);
        f.put("displayName", "Alice Applicant");
        f.put("password", PASSWORD);
        f.put("passwordConfirm", PASSWORD);
        f.put("organisation", "Department of Examples");
        f.put("jobTitle", "Innovation lead");
        f.put("country", "AU");
        f.put("reason", "I run the innovation lab.");
        return f;
    }

    private static Browser adminBrowser() {
        Browser b = instance.browser();
        assertThat(b.logIn("root_admin", PASSWORD).statusCode()).isEqualTo(303);
        return b;
    }

    @Test
    void signUpWaitsForApprovalThenLogsInAndOut() {
        Browser alice = instance.browser();
        Document form = alice.page("/signup");
        assertThat(form.select("#domains li").eachText()).containsExactly("*.gov.au");

        HttpResponse<String> applied = alice.submit("/signup", "/signup", application("alice", "Alice@Lab.Gov.AU"));
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(html(applied).select("#awaiting-approval").text()).contains("awaits approval").contains("@alice");
        Account pending = instance.accounts().findByUsername("alice").orElseThrow();
        assertThat(pending.status()).isEqualTo(Account.Status.PENDING);
        assertThat(pending.passwordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD);

        HttpResponse<String> tooEarly = alice.logIn("alice", PASSWORD);
        assertThat(tooEarly.statusCode()).isEqualTo(403);
        assertThat(html(tooEarly).select("#login-notice").text()).contains("awaiting approval");
        assertThat(alice.cookie(Web.SESSION_COOKIE)).isEmpty();

        Browser root = adminBrowser();
        // The administrators are told, with a link to the approvals.
        Element told = root.page("/notifications").selectFirst("li.notification[data-kind=SIGNUP_PENDING]");
        assertThat(told).as("the admin's notification of the sign-up").isNotNull();
        assertThat(told.select("a").text()).isEqualTo("Alice Applicant (@alice@" + instance.authority()
                + ") signed up and waits for your approval.");
        assertThat(told.select("a").attr("href")).isEqualTo("/admin/approvals");
        assertThat(root.acceptLanguage("fr").page("/notifications").select("li.notification[data-kind=SIGNUP_PENDING] a")
                .text()).contains("attend votre approbation");
        root.acceptLanguage(null);
        Document queue = root.page("/admin/approvals");
        Element card = queue.selectFirst("#application-card-" + pending.id());
        assertThat(card).isNotNull();
        assertThat(card.text()).contains("@alice", "alice@lab.gov.au", "Alice Applicant", "Department of Examples",
                "Innovation lead", "AU", "I run the innovation lab.");
        HttpResponse<String> decided = root.submit("/admin/approvals", "/admin/approvals/" + pending.id(),
                Map.of("decision", "approve"));
        assertThat(decided.statusCode()).isEqualTo(303);
        String location = decided.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/admin/approvals?decided=" + pending.id());
        Document after = root.page(location);
        assertThat(after.select("#decision-notice").text()).contains("Approved @alice");
        assertThat(after.select("#application-card-" + pending.id())).isEmpty();
        assertThat(instance.reload(pending).status()).isEqualTo(Account.Status.ACTIVE);

        HttpResponse<String> loggedIn = alice.logIn("alice@lab.gov.au", PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        assertThat(loggedIn.headers().firstValue("Location")).as("members land on their feed").hasValue("/home");
        assertThat(alice.cookie(Web.SESSION_COOKIE)).isPresent();
        Document profile = alice.page("/settings/profile");
        assertThat(profile.select("#profile-preview .display-name").text()).isEqualTo("Alice Applicant");
        assertThat(profile.select("#profile-preview .handle").text()).startsWith("@alice@");
        assertThat(profile.select("#profile-preview").text()).contains("Innovation lead, Department of Examples");
        assertThat(alice.page("/").text()).contains("Welcome back, Alice Applicant");

        HttpResponse<String> out = alice.submit("/settings/profile", "/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(setCookies(out, Web.SESSION_COOKIE).get(0)).startsWith(Web.SESSION_COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970");
        HttpResponse<String> gone = alice.get("/settings/profile");
        assertThat(gone.statusCode()).isEqualTo(303);
        assertThat(gone.headers().firstValue("Location")).hasValue("/login?next=%2Fsettings%2Fprofile");
    }

    @Test
    void aDomainOutsideTheAllowlistIsRefusedAndNothingIsStored() {
        Browser b = instance.browser();
        HttpResponse<String> response = b.submit("/signup", "/signup", application("bob", "bob@gmail.com"));
        assertThat(response.statusCode()).isEqualTo(422);
        Document doc = html(response);
        assertThat(doc.select("#email-error").text()).contains("*.gov.au");
        assertThat(doc.select("#email").attr("aria-describedby")).contains("email-error");
        assertThat(doc.select("#email").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.select("#error-summary a[href=#email]").text()).contains("*.gov.au");
        assertThat(doc.title()).startsWith("Error:");
        // what was typed is kept, except the passwords
        assertThat(doc.select("#username").val()).isEqualTo("bob");
        assertThat(doc.select("#organisation").val()).isEqualTo("Department of Examples");
        assertThat(doc.select("#reason").val()).isEqualTo("I run the innovation lab.");
        assertThat(doc.select("#password").val()).isEmpty();
        assertThat(doc.select("#passwordConfirm").val()).isEmpty();
        assertThat(response.body()).doesNotContain(PASSWORD);
        assertThat(instance.accounts().findByUsername("bob")).isEmpty();
    }

    @Test
    void duplicateUsernameAndEmailAreRefused() {
        instance.create("carol", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser b = instance.browser();
        HttpResponse<String> sameName = b.submit("/signup", "/signup", application("carol", "other@lab.gov.au"));
        assertThat(sameName.statusCode()).isEqualTo(422);
        assertThat(html(sameName).select("#username-error").text()).contains("taken");

        HttpResponse<String> sameEmail = b.submit("/signup", "/signup", application("carol2", "CAROL@agency.gov.au"));
        assertThat(sameEmail.statusCode()).isEqualTo(422);
        assertThat(html(sameEmail).select("#email-error").text()).contains("exists already");
        assertThat(instance.accounts().findByUsername("carol2")).isEmpty();
    }

    @Test
    void weakOrMismatchedPasswordsAreRefused() {
        Browser b = instance.browser();
        Map<String, String> weak = application("weakling", "weak@lab.gov.au");
        weak.put("password", "short");
        weak.put("passwordConfirm", "short");
        HttpResponse<String> response = b.submit("/signup", "/signup", weak);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(html(response).select("#password-error").text()).contains("at least 10 characters");

        Map<String, String> mismatch = application("weakling", "weak@lab.gov.au");
        mismatch.put("passwordConfirm", PASSWORD + "!");
        HttpResponse<String> differ = b.submit("/signup", "/signup", mismatch);
        assertThat(differ.statusCode()).isEqualTo(422);
        assertThat(html(differ).select("#passwordConfirm-error").text()).contains("differ");
        assertThat(instance.accounts().findByUsername("weakling")).isEmpty();
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefused() {
        Browser b = instance.browser();
        b.page("/signup"); // has the CSRF cookie now, but does not send the field
        HttpResponse<String> noToken = b.post("/signup", application("mallory", "mallory@lab.gov.au"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(instance.accounts().findByUsername("mallory")).isEmpty();

        Map<String, String> forged = application("mallory", "mallory@lab.gov.au");
        forged.put(Csrf.FIELD, "0".repeat(64));
        assertThat(b.post("/signup", forged).statusCode()).isEqualTo(403);
        assertThat(instance.accounts().findByUsername("mallory")).isEmpty();

        // a cross-site text/plain form carrying form-like fields, with the admin's session
        Account target = instance.create("pending_p", Account.Role.MEMBER, Account.Status.PENDING);
        Browser root = adminBrowser();
        HttpResponse<String> plain = root.post("/admin/approvals/" + target.id(), "text/plain", "decision=approve");
        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(root.post("/admin/approvals/" + target.id(), Map.of("decision", "approve")).statusCode())
                .isEqualTo(403);
        assertThat(instance.reload(target).status()).isEqualTo(Account.Status.PENDING);
        // and logging out needs the token too
        assertThat(root.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(root.get("/admin/approvals").statusCode()).isEqualTo(200);
    }

    @Test
    void sessionCookieIsHttpOnlyAndSameSiteLaxAndChangesOnLogin() {
        instance.create("dora", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser b = instance.browser();
        HttpResponse<String> first = b.logIn("dora", PASSWORD);
        assertThat(first.statusCode()).isEqualTo(303);
        List<String> cookies = setCookies(first, Web.SESSION_COOKIE);
        assertThat(cookies).hasSize(1);
        assertThat(cookies.get(0)).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");
        String before = b.cookie(Web.SESSION_COOKIE).orElseThrow().getValue();
        assertThat(b.logIn("dora", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(b.cookie(Web.SESSION_COOKIE).orElseThrow().getValue()).isNotEqualTo(before);
    }

    @Test
    void nextIsHonouredOnlyForLocalPaths() {
        instance.create("erin", Account.Role.MEMBER, Account.Status.ACTIVE);
        for (String evil : List.of("//evil.example", "//evil.example/settings", "https://evil.example/",
                "/\\evil.example", "javascript:alert(1)", "evil.example")) {
            Browser b = instance.browser();
            Document login = b.page("/login?next=" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(login.select("input[name=next]").val()).as(evil).isEqualTo("/");
            HttpResponse<String> response = b.post("/login", Map.of("_csrf", login.select("input[name=_csrf]").val(),
                    "login", "erin", "password", PASSWORD, "next", evil));
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(evil).hasValue("/home");
        }
        Browser b = instance.browser();
        HttpResponse<String> bounced = b.get("/settings/tokens");
        assertThat(bounced.headers().firstValue("Location")).hasValue("/login?next=%2Fsettings%2Ftokens");
        HttpResponse<String> response = b.submit("/login?next=%2Fsettings%2Ftokens", "/login",
                Map.of("login", "erin", "password", PASSWORD));
        assertThat(response.headers().firstValue("Location")).hasValue("/settings/tokens");
    }

    @Test
    void wrongPasswordAndDisabledAccountsGetDistinctMessages() {
        instance.create("fred", Account.Role.MEMBER, Account.Status.ACTIVE);
        Account rejected = instance.create("gina", Account.Role.MEMBER, Account.Status.PENDING);
        instance.accounts().decide(admin, rejected.id(), false);
        Browser b = instance.browser();
        HttpResponse<String> wrong = b.logIn("fred", "not the password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(html(wrong).select("#login-error").text()).isEqualTo("Wrong username or password.");
        HttpResponse<String> nobody = b.logIn("nobody_here", "not the password");
        assertThat(html(nobody).select("#login-error").text()).isEqualTo("Wrong username or password.");
        assertThat(html(nobody).select("#login").val()).isEqualTo("nobody_here");
        HttpResponse<String> disabled = b.logIn("gina", PASSWORD);
        assertThat(disabled.statusCode()).isEqualTo(403);
        assertThat(html(disabled).select("#login-notice").text()).contains("disabled");
        assertThat(b.cookie(Web.SESSION_COOKIE)).isEmpty();
    }

    @Test
    void adminPagesAreForAdminsOnly() {
        Account target = instance.create("hank", Account.Role.MEMBER, Account.Status.PENDING);
        instance.create("ivy", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser anonymous = instance.browser();
        HttpResponse<String> redirect = anonymous.get("/admin/approvals");
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/login?next=%2Fadmin%2Fapprovals");

        Browser member = instance.browser();
        assertThat(member.logIn("ivy", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(member.get("/admin/approvals").statusCode()).isEqualTo(403);
        String csrf = member.csrf("/settings/profile");
        assertThat(member.post("/admin/approvals/" + target.id(), Map.of("_csrf", csrf, "decision", "approve"))
                .statusCode()).isEqualTo(403);
        assertThat(instance.reload(target).status()).isEqualTo(Account.Status.PENDING);

        Browser root = adminBrowser();
        HttpResponse<String> bad = root.submit("/admin/approvals", "/admin/approvals/" + target.id(),
                Map.of("decision", "maybe"));
        assertThat(bad.statusCode()).isEqualTo(422);
        HttpResponse<String> rejected = root.submit("/admin/approvals", "/admin/approvals/" + target.id(),
                Map.of("decision", "reject"));
        assertThat(rejected.statusCode()).isEqualTo(303);
        assertThat(root.page(rejected.headers().firstValue("Location").orElseThrow())
                .select("#decision-notice").text()).contains("Rejected the application of @hank");
        assertThat(instance.reload(target).status()).isEqualTo(Account.Status.REJECTED);
    }

    @Test
    void hostileProfileInputIsSanitisedAndEscaped() {
        Account jo = instance.create("jo", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser b = instance.browser();
        b.logIn("jo", PASSWORD);
        HttpResponse<String> saved = b.submit("/settings/profile", "/settings/profile", Map.of(
                "displayName", "<script>alert(1)</script>",
                "organisation", "<img src=x onerror=alert(2)>",
                "jobTitle", "Analyst",
                "country", "NZ",
                "bio", "Hello <script>alert(3)</script> **world** [x](javascript:alert(4))",
                "expertise", "service design, open data"));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/settings/profile?saved=1");

        Actor actor = instance.server.polity().storage().stores().actors().findActorById(jo.actorId()).orElseThrow();
        assertThat(actor.displayName()).isEqualTo("<script>alert(1)</script>");
        assertThat(actor.summaryHtml()).doesNotContain("<script").doesNotContain("javascript:")
                .contains("<strong>world</strong>");
        Account reloaded = instance.reload(jo);
        assertThat(reloaded.profile().country()).isEqualTo("NZ");
        assertThat(reloaded.profile().expertise()).containsExactly("service design", "open data");

        HttpResponse<String> page = b.get("/settings/profile?saved=1");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("<img src=x");
        Document doc = html(page);
        assertThat(doc.select("script:not([src=/static/polity.js])")).as("no script but the site's own").isEmpty();
        assertThat(doc.select("[onerror]")).isEmpty();
        assertThat(doc.select("#saved").text()).contains("saved");
        assertThat(doc.select("#profile-preview .display-name").text()).isEqualTo("<script>alert(1)</script>");
        assertThat(doc.select("#profile-preview .bio strong").text()).isEqualTo("world");
        assertThat(doc.select("#displayName").val()).isEqualTo("<script>alert(1)</script>");
        assertThat(doc.select("#country option[selected]").val()).isEqualTo("NZ");

        HttpResponse<String> badTag = b.submit("/settings/profile", "/settings/profile",
                Map.of("expertise", "<b>bold</b>"));
        assertThat(badTag.statusCode()).isEqualTo(422);
        assertThat(html(badTag).select("#expertise-error").text()).contains("Expertise tags");
        assertThat(html(badTag).select("#expertise").val()).isEqualTo("<b>bold</b>");
        assertThat(instance.reload(jo).profile().expertise()).containsExactly("service design", "open data");
    }

    @Test
    void tokensAreCreatedShownOnceListedAndRevoked() {
        Account kim = instance.create("kim", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser b = instance.browser();
        b.logIn("kim", PASSWORD);
        assertThat(b.page("/settings/tokens").select("#no-tokens")).isNotEmpty();
        HttpResponse<String> created = b.submit("/settings/tokens", "/settings/tokens", Map.of("name", "reporting script"));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        String token = html(created).select("#token-value").val();
        assertThat(token).hasSize(43);
        assertThat(instance.accounts().authenticateToken(token).map(Account::id)).hasValue(kim.id());

        Document list = b.page("/settings/tokens");
        assertThat(list.body().text()).doesNotContain(token);
        assertThat(list.select("#tokens tbody tr")).hasSize(1);
        assertThat(list.select("#tokens tbody tr").first().text()).contains("reporting script");
        assertThat(list.select("#tokens tbody tr td").get(2).text()).isNotEqualTo("Never"); // used just now

        assertThat(b.submit("/settings/tokens", "/settings/tokens", Map.of("name", " ")).statusCode()).isEqualTo(422);

        long id = instance.accounts().tokens(kim).get(0).id();
        // another member cannot revoke it
        instance.create("lee", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser lee = instance.browser();
        lee.logIn("lee", PASSWORD);
        assertThat(lee.post("/settings/tokens/" + id + "/revoke", Map.of("_csrf", lee.csrf("/settings/tokens")))
                .statusCode()).isEqualTo(404);
        assertThat(instance.accounts().authenticateToken(token)).isPresent();

        HttpResponse<String> revoked = b.submit("/settings/tokens", "/settings/tokens/" + id + "/revoke", Map.of());
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(b.page("/settings/tokens?revoked=1").select("#revoked")).isNotEmpty();
        assertThat(instance.accounts().authenticateToken(token)).isEmpty();
        assertThat(instance.accounts().tokens(kim)).isEmpty();
    }

    @Test
    void passwordChangeNeedsTheCurrentPassword() {
        instance.create("max", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser b = instance.browser();
        b.logIn("max", PASSWORD);
        Browser elsewhere = instance.browser();
        elsewhere.logIn("max", PASSWORD);
        assertThat(elsewhere.get("/settings/password").statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = b.submit("/settings/password", "/settings/password",
                Map.of("current", "nope nope nope", "password", "a brand new passphrase", "passwordConfirm",
                        "a brand new passphrase"));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(html(wrong).select("#current-error").text()).contains("current password");
        HttpResponse<String> ok = b.submit("/settings/password", "/settings/password",
                Map.of("current", PASSWORD, "password", "a brand new passphrase", "passwordConfirm",
                        "a brand new passphrase"));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(b.page("/settings/password?changed=1").select("#changed")).isNotEmpty();
        assertThat(elsewhere.get("/settings/password").statusCode()).as("other session ended").isEqualTo(303);
        Browser other = instance.browser();
        assertThat(other.logIn("max", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(other.logIn("max", "a brand new passphrase").statusCode()).isEqualTo(303);
    }

    @Test
    void repeatedFailuresFromOneAddressAreSlowedDown() {
        instance.create("nina", Account.Role.MEMBER, Account.Status.ACTIVE);
        instance.create("oscar", Account.Role.MEMBER, Account.Status.ACTIVE);
        Browser b = instance.browser();
        for (int i = 0; i < AccountRoutes.THROTTLE_LIMIT; i++) {
            assertThat(b.logIn("nina", "guess number " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = b.logIn("nina", PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        assertThat(html(blocked).select("#login-notice").text()).contains("Too many failed attempts");
        assertThat(b.cookie(Web.SESSION_COOKIE)).isEmpty();
        // the same name in other letter case is the same login
        assertThat(b.logIn("NINA", PASSWORD).statusCode()).isEqualTo(429);
        // other people logging in from the same address are not locked out
        assertThat(b.logIn("oscar", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void pagesFollowTheAccessibilityBasics() {
        instance.create("pat", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.create("quinn", Account.Role.MEMBER, Account.Status.PENDING);
        Browser anonymous = instance.browser();
        Browser pat = instance.browser();
        pat.logIn("pat", PASSWORD);
        List<Document> pages = List.of(anonymous.page("/signup"), anonymous.page("/login"),
                pat.page("/settings/profile"), pat.page("/settings/password"), pat.page("/settings/tokens"),
                pat.page("/admin/approvals"));
        for (Document doc : pages) {
            String where = doc.location();
            assertThat(doc.select("html").attr("lang")).as(where).isEqualTo("en");
            assertThat(doc.select("h1")).as(where).hasSize(1);
            assertThat(doc.select("script:not([src=/static/polity.js])")).as(where).isEmpty();
            for (Element input : doc.select("input:not([type=hidden]), textarea, select")) {
                String id = input.id();
                assertThat(id).as(where + " " + input).isNotEmpty();
                assertThat(doc.select("label[for=" + id + "]")).as(where + " label for " + id).hasSize(1);
            }
            for (Element described : doc.select("[aria-describedby]")) {
                for (String id : described.attr("aria-describedby").split(" ")) {
                    assertThat(doc.getElementById(id)).as(where + " describedby " + id).isNotNull();
                }
            }
        }
        Document signup = pages.get(0);
        assertThat(signup.select("#username").attr("autocomplete")).isEqualTo("username");
        assertThat(signup.select("#email").attr("autocomplete")).isEqualTo("email");
        assertThat(signup.select("#password").attr("autocomplete")).isEqualTo("new-password");
        assertThat(signup.select("#country option[selected]").val()).isEqualTo("AU");
        assertThat(pages.get(1).select("#password").attr("autocomplete")).isEqualTo("current-password");
        assertThat(pages.get(1).select("#login").attr("autocomplete")).isEqualTo("username");
        assertThat(pages.get(3).select("#current").attr("autocomplete")).isEqualTo("current-password");
    }
}
