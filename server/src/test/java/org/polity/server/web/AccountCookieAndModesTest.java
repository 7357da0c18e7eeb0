package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;
import static org.polity.server.testing.TestInstance.html;
import static org.polity.server.testing.TestInstance.setCookies;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance.Browser;
import org.polity.server.testing.TestInstance;

/** Instance-wide settings that change the account flows: an https base URL, closed and open sign-up. */
class AccountCookieAndModesTest {

    @Test
    void httpsInstancesMarkTheirCookiesSecure(@TempDir Path dir) throws Exception {
        try (TestInstance instance = TestInstance.start(dir,
                Map.of("POLITY_BASE_URL", "https://polity.example:8443"))) {
            instance.create("sam", Account.Role.MEMBER, Account.Status.ACTIVE);
            // A cookie manager would not return Secure cookies over plain http, so carry them by hand.
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> form = client.send(HttpRequest.newBuilder(instance.uri("/login"))
                    .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
            List<String> csrfCookies = setCookies(form, Csrf.COOKIE);
            assertThat(csrfCookies.get(0)).contains("Secure").contains("HttpOnly");
            String csrfCookie = csrfCookies.get(0).split(";", 2)[0];
            String token = html(form).select("input[name=_csrf]").val();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(instance.uri("/login"))
                    .header("Accept", "text/html").header("Cookie", csrfCookie)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(TestInstance.encode(
                            Map.of("_csrf", token, "login", "sam", "password", PASSWORD))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            String session = setCookies(login, Web.SESSION_COOKIE).get(0);
            assertThat(session).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        }
    }

    @Test
    void closedSignUpSaysSo(@TempDir Path dir) {
        try (TestInstance instance = TestInstance.start(dir,
                Map.of("POLITY_SIGNUP_EMAIL_DOMAINS", ""))) {
            Browser b = instance.browser();
            Document page = b.page("/signup");
            assertThat(page.select("#signup-closed").text()).contains("closed");
            assertThat(page.select("form[action=/signup]")).isEmpty();
            HttpResponse<String> attempt = b.post("/signup", Map.of("_csrf", b.csrf("/login"), "username", "tess",
                    "email", "tess@lab.gov.au", "password", PASSWORD, "passwordConfirm", PASSWORD));
            assertThat(attempt.statusCode()).isEqualTo(403);
            assertThat(instance.accounts().findByUsername("tess")).isEmpty();
        }
    }

    @Test
    void withoutApprovalSignUpLogsIn(@TempDir Path dir) {
        try (TestInstance instance = TestInstance.start(dir, Map.of("POLITY_SIGNUP_APPROVAL", "false"))) {
            Browser b = instance.browser();
            HttpResponse<String> response = b.submit("/signup", "/signup", Map.of("username", "uma",
                    "email", "uma@lab.gov.au", "displayName", "Uma", "password", PASSWORD, "passwordConfirm", PASSWORD));
            assertThat(response.statusCode()).isEqualTo(303);
            assertThat(b.cookie(Web.SESSION_COOKIE)).isPresent();
            assertThat(instance.accounts().findByUsername("uma").orElseThrow().status())
                    .isEqualTo(Account.Status.ACTIVE);
            assertThat(b.page("/settings/profile").select("#profile-preview .display-name").text()).isEqualTo("Uma");
        }
    }
}
