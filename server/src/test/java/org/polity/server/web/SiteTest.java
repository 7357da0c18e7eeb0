package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.PolityServer;
import org.polity.server.testing.TestInstance;

/** The site frame over real HTTP: health, home, errors, limits and security headers. */
class SiteTest {
    @TempDir
    static Path dataDir;

    static TestInstance instance;
    static PolityServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of("POLITY_COUNTRY", "FR",
                "POLITY_INSTANCE_NAME", "France Innovation Publique", "POLITY_MAX_BODY_BYTES", "4096"));
        server = instance.server();
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    static HttpResponse<String> get(String path, String accept) {
        return instance.get(path, accept);
    }

    @Test
    void healthIsOkOnceReady() throws Exception {
        HttpResponse<String> r = get("/healthz", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"")
                .contains("\"database\":\"" + org.polity.server.testing.TestDatabase.engine() + "\"");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void theBaseUrlIsDerivedFromThePortWhenNotConfigured() {
        assertThat(server.baseUrl()).isEqualTo(URI.create("http://localhost:" + server.port()));
    }

    @Test
    void homeNamesTheInstanceAndCountryWithALanguage() throws Exception {
        HttpResponse<String> r = get("/", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.body()).contains("<html lang=\"en\">").contains("France Innovation Publique")
                .contains(">FR<").contains("href=\"#main\"");
    }

    @Test
    void securityHeadersAreOnEveryResponse() throws Exception {
        HttpResponse<String> r = get("/", "text/html");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                assertThat(v).contains("default-src 'self'").contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void unknownPathsAre404ProblemDetailsForApisAndAPageForBrowsers() throws Exception {
        HttpResponse<String> json = get("/no/such/thing", "application/json");
        assertThat(json.statusCode()).isEqualTo(404);
        assertThat(json.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json.body()).contains("\"status\":404").contains("\"title\"").doesNotContain("Exception");

        HttpResponse<String> html = get("/no/such/thing", "text/html,application/xhtml+xml");
        assertThat(html.statusCode()).isEqualTo(404);
        assertThat(html.body()).contains("<html lang=\"en\">").contains("Not found");
    }

    @Test
    void oversizedBodiesAreRefusedWith413() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(server.baseUrl().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=x&bio=" + "a".repeat(10_000)))
                .build();
        HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(r.body()).doesNotContain("at org.").doesNotContain("Exception");
    }

    @Test
    void formsWithoutACsrfTokenAreRefused() throws Exception {
        HttpRequest post = HttpRequest.newBuilder(server.baseUrl().resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                .build();
        HttpResponse<String> r = http.send(post, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("reload the page");
    }

    @Test
    void pagesSpeakTheReadersLanguage() throws Exception {
        HttpResponse<String> fr = http.send(java.net.http.HttpRequest.newBuilder(server.baseUrl().resolve("/"))
                .header("Accept", "text/html").header("Accept-Language", "fr-FR,fr;q=0.9").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fr.body()).contains("<html lang=\"fr\">").contains("Se connecter");
        HttpResponse<String> chosen = http.send(java.net.http.HttpRequest.newBuilder(server.baseUrl().resolve("/"))
                .header("Accept", "text/html").header("Accept-Language", "fr-FR")
                .header("Cookie", Web.LANGUAGE_COOKIE + "=es").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chosen.body()).as("a choice made on this browser wins").contains("<html lang=\"es\">")
                .contains("Iniciar sesión");
    }

    @Test
    void aMethodNoRouteHandlesIs405WithAllowNotACsrfError() throws Exception {
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            for (String accept : new String[] {"text/html", "application/json"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("/groups"))
                        .header("Accept", accept).header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString("a=b")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(method + " /groups (" + accept + ")").isEqualTo(405);
                assertThat(r.headers().firstValue("Allow").orElse("")).as("Allow of " + method)
                        .contains("GET").contains("POST").doesNotContain(method);
                assertThat(r.body()).doesNotContain("reload the page");
            }
        }
        HttpResponse<String> home = http.send(HttpRequest.newBuilder(server.baseUrl().resolve("/"))
                .header("Accept", "text/html").PUT(HttpRequest.BodyPublishers.ofString("")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(405);
        assertThat(home.headers().firstValue("Allow").orElse("")).contains("GET");
        assertThat(home.body()).contains("<html");
        assertThat(TestInstance.html(home).select("main").text()).contains("This address does not answer PUT; it answers GET");
        // A path that exists for no method is still 404.
        assertThat(http.send(HttpRequest.newBuilder(server.baseUrl().resolve("/no-such-page"))
                .PUT(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }
}
