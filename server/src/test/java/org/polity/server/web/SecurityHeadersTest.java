package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.testing.TestInstance;

/**
 * The security headers on every kind of response: pages, JSON, ActivityStreams, problem details, files, and each
 * error the server itself answers (404, 405, 401, 413, 422), not only the home page; and HSTS exactly when the
 * public URL is https.
 */
class SecurityHeadersTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path httpsDir;
    static TestInstance instance;
    static TestInstance https;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of("POLITY_MAX_BODY_BYTES", "4096"));
        instance.member("hedda");
        https = TestInstance.start(httpsDir, Map.of("POLITY_BASE_URL", "https://gov.example"));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(instance, https);
    }

    static HttpResponse<String> send(TestInstance where, String method, String path, String accept, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(where.server().baseUrl().toString()
                .replace("https://gov.example", "http://localhost:" + where.server().port()) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (body != null) {
            b.header("Content-Type", "application/activity+json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertSecure(String what, HttpResponse<String> r) {
        var h = r.headers();
        assertThat(h.firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(v -> assertThat(v)
                .contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                        "base-uri 'none'", "form-action 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(h.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(h.firstValue("X-Frame-Options")).as(what).contains("DENY");
        assertThat(h.firstValue("Referrer-Policy")).as(what).contains("same-origin");
        assertThat(h.firstValue("Cross-Origin-Opener-Policy")).as(what).contains("same-origin");
        assertThat(h.firstValue("Permissions-Policy")).as(what).hasValueSatisfying(v -> assertThat(v)
                .contains("camera=()", "geolocation=()"));
    }

    @Test
    void everyKindOfResponseCarriesThem() throws Exception {
        String big = "{\"type\":\"Follow\",\"x\":\"" + "a".repeat(5000) + "\"}";
        List<Object[]> cases = new ArrayList<>(List.of(
                new Object[] {"page", "GET", "/", "text/html", null, 200},
                new Object[] {"login page", "GET", "/login", "text/html", null, 200},
                new Object[] {"health", "GET", "/healthz", null, null, 200},
                new Object[] {"static file", "GET", "/static/polity.css", null, null, 200},
                new Object[] {"actor", "GET", "/users/hedda", "application/activity+json", null, 200},
                new Object[] {"nodeinfo", "GET", "/.well-known/nodeinfo", null, null, 200},
                new Object[] {"webfinger miss", "GET", "/.well-known/webfinger?resource=acct:nobody@localhost",
                        "application/jrd+json", null, 404},
                new Object[] {"404 page", "GET", "/no/such/page", "text/html", null, 404},
                new Object[] {"404 problem", "GET", "/no/such/page", "application/json", null, 404},
                new Object[] {"missing file", "GET", "/media/no-such-key", null, null, 404},
                new Object[] {"405", "PUT", "/", "text/html", "{}", 405},
                new Object[] {"unsigned inbox", "POST", "/inbox", "application/json", "{\"id\":\"https://x.example/a/1\",\"type\":\"Follow\",\"actor\":\"https://x.example/u\"}", 401},
                new Object[] {"activity without an id", "POST", "/inbox", "application/json", "{\"type\":\"Follow\"}",
                        400},
                new Object[] {"too large", "POST", "/inbox", "application/json", big, 413},
                new Object[] {"bad query", "GET", "/sparql?query=SELEC", "application/json", null, 400}));
        for (Object[] c : cases) {
            HttpResponse<String> r = send(instance, (String) c[1], (String) c[2], (String) c[3], (String) c[4]);
            assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo((int) c[5]);
            assertSecure((String) c[0], r);
            assertThat(r.headers().firstValue("Strict-Transport-Security")).as("no HSTS over http").isEmpty();
        }
    }

    @Test
    void anHttpsInstanceAsksForHttpsOnly() throws Exception {
        for (String path : List.of("/", "/healthz", "/no/such/page")) {
            HttpResponse<String> r = send(https, "GET", path, "text/html", null);
            assertSecure(path, r);
            assertThat(r.headers().firstValue("Strict-Transport-Security")).as(path).contains("max-age=31536000");
        }
    }
}
