package org.polity.federation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.LocalServer.Reply;

/**
 * The application's filter on where the client may go (a server's domain policy): asked before every request and
 * every redirect hop, for fetches and deliveries, and a refused URL is never contacted. Also the conditional GET the
 * subscribed block lists use.
 */
class FederationHttpApplicationFilterTest {
    final LocalServer server = new LocalServer();

    @AfterEach
    void stop() {
        server.close();
    }

    /** Allows 127.0.0.1:port, refuses localhost:port: the same server under two authorities. */
    FederationHttp filtered() {
        return new FederationHttp(FederationHttpOptions.defaults(true, "test"),
                url -> !"localhost".equals(url.getHost()));
    }

    URI refused(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    @Test
    void aRefusedUrlIsNeverFetchedNorDeliveredTo() {
        server.route("/doc", r -> Reply.activity("{\"id\":\"x\"}"));
        server.route("/inbox", r -> Reply.of(202));
        try (FederationHttp http = filtered()) {
            assertThatThrownBy(() -> http.fetch(refused("/doc"), null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FetchException.Reason.REFUSED_BY_APPLICATION);
                        assertThat(e.getMessage()).contains("domain policy");
                    });
            DeliveryResult result = http.deliver(refused("/inbox"), "{}".getBytes(StandardCharsets.UTF_8), null);
            assertThat(result.succeeded()).isFalse();
            assertThat(result.retryable()).isFalse();
            assertThat(result.status()).isZero();
            assertThat(result.error()).contains("domain policy");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRedirectToARefusedUrlIsStoppedAtTheRedirect() {
        server.route("/start", r -> Reply.redirect(302, "http://localhost:" + server.port() + "/secret"));
        server.route("/secret", r -> Reply.activity("{\"id\":\"x\"}"));
        try (FederationHttp http = filtered()) {
            assertThatThrownBy(() -> http.fetch(server.url("/start"), null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FetchException.Reason.REFUSED_BY_APPLICATION);
                        assertThat(e.url()).isEqualTo(refused("/secret"));
                    });
        }
        assertThat(server.requests()).extracting(LocalServer.Recorded::path).containsExactly("/start");
    }

    @Test
    void aConditionalGetSendsItsHeadersAndKeepsTheValidators() throws Exception {
        server.route("/list", r -> r.headers().entrySet().stream()
                .anyMatch(e -> e.getKey().equalsIgnoreCase("If-None-Match") && e.getValue().contains("\"v1\""))
                ? Reply.of(304) : Reply.json("text/csv", "a.example\n").header("ETag", "\"v1\"")
                        .header("Last-Modified", "Fri, 04 Dec 2026 10:00:00 GMT"));
        try (FederationHttp http = filtered()) {
            FetchResponse first = http.get(server.url("/list"), "text/csv", Map.of(), null, FetchBudget.perRequest());
            assertThat(first.etag()).contains("\"v1\"");
            assertThat(first.lastModified()).contains("Fri, 04 Dec 2026 10:00:00 GMT");
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("a.example\n");
            assertThatThrownBy(() -> http.get(server.url("/list"), "text/csv", Map.of("If-None-Match", "\"v1\""), null,
                    FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.status()).isEqualTo(304));
        }
    }
}
