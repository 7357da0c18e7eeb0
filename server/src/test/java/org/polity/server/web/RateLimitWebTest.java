package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;
import static org.polity.server.testing.TestInstance.html;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Sign-up, log-in and search over their per-address limits, on a real server with tiny limits: 429 with
 * Retry-After, a page in the reader's language (problem details for JSON clients), nothing stored, and a
 * forwarded header from a peer that is not a trusted proxy changes nothing.
 */
class RateLimitWebTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of("POLITY_RATE_SIGNUP_PER_IP", "2/1h",
                "POLITY_RATE_LOGIN_PER_IP", "3/1h", "POLITY_RATE_SEARCH_PER_IP", "2/1h"));
        instance.create("lena", Account.Role.MEMBER, Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    static Map<String, String> application(String username) {
        Map<String, String> f = new HashMap<>();
        f.put("username", username);
        f.put("email", username + "@lab.gov.au");
        f.put("displayName", "Sam Applicant");
        f.put("password", PASSWORD);
        f.put("passwordConfirm", PASSWORD);
        f.put("organisation", "Department of Examples");
        f.put("jobTitle", "Innovation lead");
        f.put("country", "AU");
        f.put("reason", "I run the innovation lab.");
        return f;
    }

    static long retryAfter(HttpResponse<?> r) {
        return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    }

    boolean exists(String username) {
        return instance.server().polity().storage().stores().actors().findLocalActorByUsername(username).isPresent();
    }

    @Test
    void signUpsOverTheLimitAre429AndCreateNoAccount() {
        Browser b = instance.browser().acceptLanguage("fr");
        assertThat(b.submit("/signup", "/signup", application("sam_one")).statusCode()).isIn(200, 303);
        assertThat(b.submit("/signup", "/signup", application("sam_two")).statusCode()).isIn(200, 303);
        HttpResponse<String> third = b.submit("/signup", "/signup", application("sam_three"));
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(retryAfter(third)).isBetween(1L, 3600L);
        assertThat(html(third).select("main").text()).contains("Trop de requêtes depuis votre réseau")
                .contains("minutes");
        assertThat(exists("sam_two")).isTrue();
        assertThat(exists("sam_three")).isFalse();
        assertThat(instance.browser().get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void logInsOverTheLimitAre429EvenWithTheRightPassword() {
        Browser b = instance.browser().acceptLanguage("es");
        for (int i = 0; i < 3; i++) {
            assertThat(b.logIn("lena", "wrong password " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> right = b.logIn("lena", PASSWORD);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(retryAfter(right)).isBetween(1L, 3600L);
        assertThat(html(right).select("#login-notice").text()).contains("Demasiadas solicitudes desde su red");
        assertThat(b.cookie(Web.SESSION_COOKIE)).as("no session was started").isEmpty();
    }

    @Test
    void searchesOverTheLimitAre429AndASpoofedForwardedHeaderDoesNotHelp() throws Exception {
        URI search = instance.uri("/search?q=budget");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(search)
                    .header("Accept", "application/activity+json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        }
        HttpResponse<String> json = HTTP.send(HttpRequest.newBuilder(search)
                .header("Accept", "application/activity+json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(429);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith(Problems.CONTENT_TYPE));
        assertThat(json.body()).contains("\"status\":429").contains("Too many requests");
        assertThat(retryAfter(json)).isBetween(1L, 3600L);

        // 127.0.0.1 is not a trusted proxy here: the header is the client's own claim and is ignored.
        HttpResponse<String> spoofed = HTTP.send(HttpRequest.newBuilder(search).header("Accept", "text/html")
                .header("X-Forwarded-For", "198.51.100.99").header("Forwarded", "for=198.51.100.98").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(spoofed.statusCode()).isEqualTo(429);
        assertThat(html(spoofed).select("main").text()).contains("Too many requests from your network");
        assertThat(instance.browser().get("/healthz").statusCode()).isEqualTo(200);
    }
}
