package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;
import static org.polity.server.testing.TestInstance.html;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/** The instance settings administrators change on the web (configured allowlist {@code *.gov.au}). */
class AdminSettingsWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        instance.create("settings_admin", Account.Role.ADMIN, Account.Status.ACTIVE);
        instance.account("plain_member", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    private static Browser loggedIn(String name) {
        Browser b = instance.browser();
        assertThat(b.logIn(name, PASSWORD).statusCode()).isEqualTo(303);
        return b;
    }

    private static Map<String, String> application(String username, String email) {
        Map<String, String> f = new HashMap<>();
        f.put("username", username);
        f.put("email", email);
        f.put("password", PASSWORD);
        f.put("passwordConfirm", PASSWORD);
        return f;
    }

    @Test
    void theAdminChangesTheAllowlistAndSignUpFollowsIt() {
        Browser admin = loggedIn("settings_admin");
        Document form = admin.page("/admin/settings");
        assertThat(form.select("#domains").text()).isEqualTo("*.gov.au");
        assertThat(form.select("#from-config")).isNotEmpty();
        assertThat(admin.page("/admin/approvals").select("a[href=/admin/settings]")).isNotEmpty();

        HttpResponse<String> invalid = admin.submit("/admin/settings", "/admin/settings",
                Map.of("domains", "gov.nz\nnot a domain", "description", "x"));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(html(invalid).select("#domains-error").text()).contains("Line 2", "not a domain");
        assertThat(instance.server().polity().settings().saved()).isFalse();

        HttpResponse<String> saved = admin.submit("/admin/settings", "/admin/settings",
                Map.of("domains", "Agency.GOVT.NZ\n\n*.gov.nz\n", "description", "Aotearoa's public service lab."));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/admin/settings?saved=1");
        Document after = admin.page("/admin/settings?saved=1");
        assertThat(after.select("#saved")).isNotEmpty();
        assertThat(after.select("#domains").text()).isEqualTo("agency.govt.nz\n*.gov.nz");
        assertThat(after.select("#from-config")).isEmpty();

        Browser visitor = instance.browser();
        assertThat(visitor.page("/").select(".lead").text()).isEqualTo("Aotearoa's public service lab.");
        assertThat(visitor.page("/signup").select("#domains li").eachText())
                .containsExactly("agency.govt.nz", "*.gov.nz");
        HttpResponse<String> old = visitor.submit("/signup", "/signup", application("old_domain", "a@lab.gov.au"));
        assertThat(old.statusCode()).isEqualTo(422);
        assertThat(html(old).select("#email-error").text()).contains("agency.govt.nz");
        assertThat(instance.accounts().findByUsername("old_domain")).isEmpty();
        HttpResponse<String> fresh = visitor.submit("/signup", "/signup", application("kiwi", "kiwi@health.gov.nz"));
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(instance.accounts().findByUsername("kiwi")).isPresent();

        // Approval off (the checkbox left out): the next applicant is active at once.
        String csrf = admin.csrf("/admin/settings");
        HttpResponse<String> noApproval = admin.post("/admin/settings",
                Map.of("_csrf", csrf, "domains", "*.gov.nz", "description", ""));
        assertThat(noApproval.statusCode()).isEqualTo(303);
        assertThat(admin.page("/admin/settings").select("#approval[checked]")).isEmpty();
        HttpResponse<String> direct = instance.browser().submit("/signup", "/signup",
                application("direct", "direct@mbie.gov.nz"));
        assertThat(direct.statusCode()).isEqualTo(303);
        assertThat(instance.accounts().findByUsername("direct").orElseThrow().status())
                .isEqualTo(Account.Status.ACTIVE);

        // An empty list closes sign-up on the web.
        admin.post("/admin/settings", Map.of("_csrf", csrf, "domains", "", "description", ""));
        assertThat(instance.browser().page("/signup").select("#signup-closed")).isNotEmpty();
    }

    @Test
    void onlyAdministratorsSeeOrChangeTheSettings() {
        Browser member = loggedIn("plain_member");
        assertThat(member.get("/admin/settings").statusCode()).isEqualTo(403);
        String csrf = member.csrf("/settings/profile");
        HttpResponse<String> post = member.post("/admin/settings",
                Map.of("_csrf", csrf, "domains", "gmail.com", "description", ""));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(instance.server().polity().settings().signupEmailDomains()).doesNotContain("gmail.com");

        HttpResponse<String> anonymous = instance.browser().get("/admin/settings");
        assertThat(anonymous.statusCode()).isEqualTo(303);
    }

    @Test
    void aChangeWithoutTheCsrfTokenIsRefused() {
        Browser admin = loggedIn("settings_admin");
        HttpResponse<String> post = admin.post("/admin/settings", Map.of("domains", "gmail.com", "description", ""));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(instance.server().polity().settings().signupEmailDomains()).doesNotContain("gmail.com");
    }
}
