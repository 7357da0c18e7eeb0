package org.polity.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;
import org.polity.server.testing.TestInstance;

/**
 * {@code /metrics} and {@code /admin/deliveries} on real servers: who may read the metrics (an allowed address,
 * the bearer token, nobody else), that requests are labelled by route template and not by path, that queue
 * depths and deliveries per host show, and that the delivery queue page lists a host that fails.
 */
class MetricsWebTest {
    static final String TOKEN = "scrape-token-0123456789abcdef";
    @TempDir
    static Path open;
    @TempDir
    static Path closed;
    @TempDir
    static Path off;
    static TestInstance loopback;
    static TestInstance tokenOnly;
    static TestInstance disabled;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        loopback = TestInstance.federating(open, Map.of("POLITY_METRICS_TOKEN", TOKEN));
        // No address may read without the token (an address range no client has).
        tokenOnly = TestInstance.start(closed, Map.of("POLITY_METRICS_ALLOW", "192.0.2.0/24",
                "POLITY_METRICS_TOKEN", TOKEN));
        disabled = TestInstance.start(off, Map.of("POLITY_METRICS_ENABLED", "false"));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(loopback, tokenOnly, disabled);
    }

    static HttpResponse<String> metrics(TestInstance instance, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri("/metrics")).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loopbackReadsTheMetricsLabelledByRouteTemplate() throws Exception {
        loopback.member("mia");
        assertThat(loopback.get("/users/mia", "application/activity+json").statusCode()).isEqualTo(200);
        assertThat(loopback.get("/no/such/page/12345", "text/html").statusCode()).isEqualTo(404);
        HttpResponse<String> response = metrics(loopback, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        String body = response.body();
        assertThat(body).contains("route=\"/users/{name}\"").doesNotContain("route=\"/users/mia\"")
                .contains("route=\"unmatched\",status=\"404\"").doesNotContain("/no/such/page")
                .contains("http_server_requests_seconds_bucket")
                .contains("jvm_memory_used_bytes").contains("jvm_gc_live_data_size_bytes")
                .contains("polity_deliveries_pending ").contains("polity_inbox_queued ").contains("polity_inbox_deferred ")
                .contains("polity_inbox_oldest_age_seconds ")
                .contains("cache_gets_total{cache=\"resolver.keys\"")
                .contains("cache_gets_total{cache=\"proof.keys\"");
    }

    @Test
    void theTokenAdmitsFromAnywhereAndNothingElseDoes() throws Exception {
        HttpResponse<String> refused = metrics(tokenOnly, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(refused.body()).contains("metrics.allow").doesNotContain("jvm_");
        assertThat(metrics(tokenOnly, "Bearer wrong-token-0123456789abcdef").statusCode()).isEqualTo(403);
        assertThat(metrics(tokenOnly, "Basic " + TOKEN).statusCode()).isEqualTo(403);
        assertThat(metrics(tokenOnly, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(metrics(tokenOnly, "bearer " + TOKEN).body()).contains("jvm_memory_used_bytes");
        assertThat(metrics(disabled, null).statusCode()).isEqualTo(404);
        assertThat(metrics(disabled, "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void aFailingHostShowsOnTheQueuePageAndInTheMetrics() throws Exception {
        var polity = loopback.server().polity();
        var stores = polity.storage().stores();
        var admin = loopback.create("ops", Account.Role.ADMIN, Account.Status.ACTIVE);
        var me = stores.actors().findActorById(admin.actorId()).orElseThrow();
        // A delivery to a port nothing listens on, on loopback (allowed in tests): it fails and waits.
        StoredActivity activity = stores.activities().insert(new StoredActivity(0,
                loopback.uri("/activities/metrics-test").toString(), "Create", me.id(), null, Visibility.PUBLIC,
                Instant.now(), "{\"type\":\"Create\"}"));
        stores.deliveries().enqueue(activity.id(), List.of("http://127.0.0.1:9/inbox"), Instant.now());
        polity.federation().deliveries().wake();
        TestInstance.eventually("the delivery fails once", () -> stores.deliveries()
                .findDeliveriesByActivityId(activity.id()).stream().anyMatch(d -> d.attempts() > 0));

        TestInstance.Browser browser = loopback.loggedIn("ops");
        Document page = browser.page("/admin/deliveries");
        assertThat(page.select("h1").text()).isEqualTo("Delivery queue");
        assertThat(page.select("#host-queues").text()).contains("127.0.0.1");
        assertThat(page.select("#deliveries-pending").text()).contains("1 deliveries wait");
        assertThat(page.select("nav a[aria-current=page]").text()).contains("Delivery queue");
        assertThat(loopback.loggedIn("mia").get("/admin/deliveries").statusCode()).isEqualTo(403);
        assertThat(loopback.browser().get("/admin/deliveries").statusCode()).isEqualTo(303);

        String body = metrics(loopback, null).body();
        assertThat(body).contains("polity_deliveries_total{host=\"127.0.0.1\",result=\"failed\",status=\"none\"}");
        assertThat(URI.create("http://127.0.0.1:9/inbox").getHost()).isEqualTo("127.0.0.1");
    }
}
