package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.testing.TestInstance;

/** An instance whose public URL differs from where it listens (behind a proxy), with web sign-up closed. */
class DiscoveryBaseUrlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    static TestInstance polity;

    @BeforeAll
    static void start() {
        polity = TestInstance.start(dataDir, Map.of("POLITY_BASE_URL", "https://gov.example",
                "POLITY_SIGNUP_EMAIL_DOMAINS", ""));
        polity.account("alice", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        polity.close();
    }

    private static int webfinger(String acct) {
        return polity.get("/.well-known/webfinger?resource=" + URLEncoder.encode(acct, StandardCharsets.UTF_8),
                null).statusCode();
    }

    @Test
    void theDefaultPortMayBeWrittenOrLeftOut() throws Exception {
        assertThat(polity.authority()).isEqualTo("gov.example");
        assertThat(webfinger("acct:alice@gov.example")).isEqualTo(200);
        assertThat(webfinger("acct:alice@GOV.EXAMPLE:443")).isEqualTo(200);
        assertThat(webfinger("https://gov.example/users/alice")).isEqualTo(200);
        assertThat(webfinger("https://gov.example:443/users/alice")).isEqualTo(200);
        for (String other : List.of("acct:alice@gov.example:8443", "acct:alice@localhost:" + polity.server().port(),
                "http://gov.example/users/alice", "acct:alice@www.gov.example")) {
            assertThat(webfinger(other)).as(other).isEqualTo(404);
        }
        JsonNode jrd = JSON.readTree(polity.get("/.well-known/webfinger?resource=acct:alice@gov.example:443",
                null).body());
        assertThat(jrd.get("subject").asText()).isEqualTo("acct:alice@gov.example");
    }

    @Test
    void actorIdsUseThePublicUrl() throws Exception {
        JsonNode actor = JSON.readTree(polity.get("/users/alice", "application/activity+json").body());
        assertThat(actor.get("id").asText()).isEqualTo("https://gov.example/users/alice");
        assertThat(actor.at("/publicKey/id").asText()).isEqualTo("https://gov.example/users/alice#main-key");
    }

    @Test
    void closedSignUpIsReportedInNodeInfo() throws Exception {
        JsonNode info = JSON.readTree(polity.get("/nodeinfo/2.1", null).body());
        assertThat(info.get("openRegistrations").asBoolean()).isFalse();
        assertThat(info.at("/usage/users/total").asLong()).isEqualTo(1);
    }
}
