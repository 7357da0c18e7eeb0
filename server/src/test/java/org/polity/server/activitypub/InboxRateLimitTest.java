package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.Signer;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.RequestSigner;
import org.polity.server.model.Actor;
import org.polity.server.testing.TestInstance;

/**
 * The inbox's rate limits over real HTTP, with a real second instance signing. The receiver trusts loopback
 * as its reverse proxy, so each test picks its client address with X-Forwarded-For and the tests' address
 * buckets stay apart. Limits: 4 per address, 3 per actor, 5 per host, each an hour.
 */
class InboxRateLimitTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;

    static TestInstance au;
    static TestInstance fr;
    static Actor alice;
    static Actor bob;
    static Actor carol;
    static Signer bobKey;
    static Signer carolKey;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "content-type");
    static final AtomicInteger ADDRESSES = new AtomicInteger();

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of("POLITY_TRUSTED_PROXIES", "127.0.0.1, ::1",
                "POLITY_RATE_INBOX_PER_IP", "4/1h", "POLITY_RATE_INBOX_PER_ACTOR", "3/1h",
                "POLITY_RATE_INBOX_PER_DOMAIN", "5/1h"));
        fr = TestInstance.federating(dirB, Map.of());
        alice = au.member("alice");
        bob = fr.member("bob");
        carol = fr.member("carol");
        bobKey = fr.server().polity().federation().signer(bob);
        carolKey = fr.server().polity().federation().signer(carol);
        // Known keys: their requests are checked, counted and answered on the request thread.
        au.knowsKey(bobKey.keyId());
        au.knowsKey(carolKey.keyId());
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, fr);
    }

    /** A client address of its own for each request that should not meet the per-address limit. */
    static String freshAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
    }

    static ObjectNode follow(Actor actor) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("@context", "https://www.w3.org/ns/activitystreams");
        a.put("id", actor.uri() + "/follows/" + java.util.UUID.randomUUID());
        a.put("type", "Follow");
        a.put("actor", actor.uri());
        a.put("object", alice.uri());
        return a;
    }

    /** POSTs {@code activity} to alice's inbox, signed with {@code keyId} and {@code key}'s private key. */
    static HttpResponse<String> post(ObjectNode activity, String keyId, Signer key, String clientAddress)
            throws Exception {
        byte[] body = activity.toString().getBytes(StandardCharsets.UTF_8);
        HttpMessage unsigned = HttpMessage.request("POST", URI.create(au.server().baseUrl() + "/users/alice/inbox"),
                Map.of("Content-Type", List.of("application/activity+json")), body);
        HttpMessage signed = keyId == null ? unsigned
                : RequestSigner.signRfc9421(unsigned, keyId, key.privateKey(), Instant.now());
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.targetUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/activity+json")
                .header("Accept", "application/activity+json")
                .header("X-Forwarded-For", clientAddress);
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> signedBy(Actor actor, Signer key, String clientAddress, ObjectNode activity)
            throws Exception {
        return post(activity, key.keyId(), key, clientAddress);
    }

    boolean stored(ObjectNode activity) {
        return au.server().polity().storage().stores().inbox()
                .findInboxItemByActivityUri(activity.get("id").asText()).isPresent();
    }

    static void assertTooMany(HttpResponse<String> r, String setting) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"status\":429").contains(setting);
    }

    @Test
    void anAddressOverItsLimitIs429BeforeAnyWorkAndNothingIsStored() throws Exception {
        String address = "203.0.113.7";
        for (int i = 0; i < 4; i++) {
            assertThat(post(follow(bob), null, null, address).statusCode()).as("unsigned, refused on its merits")
                    .isEqualTo(401);
        }
        ObjectNode valid = follow(bob);
        assertTooMany(signedBy(bob, bobKey, address, valid), "rate.inbox.per.ip");
        assertThat(stored(valid)).isFalse();
        // Another address behind the same proxy is not affected (refused on its merits again, not for the
        // limit; unsigned, so that it leaves the actor and host counts to the other test), and the server
        // keeps serving.
        assertThat(post(follow(bob), null, null, "203.0.113.8").statusCode()).isEqualTo(401);
        assertThat(HTTP.send(HttpRequest.newBuilder(au.uri("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void actorAndHostLimitsCountOnlyVerifiedSignersSoAForgedKeyIdDrainsNothing() throws Exception {
        // Ten requests that claim carol's key but are signed with another: refused as forgeries, and carol's
        // host (fr) keeps its whole allowance of 5.
        for (int i = 0; i < 10; i++) {
            ObjectNode forged = follow(carol);
            HttpResponse<String> r = post(forged, carolKey.keyId(), bobKey, freshAddress());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(stored(forged)).isFalse();
        }
        // Per actor: carol's fourth is refused, and (refused per actor) does not count against her host.
        for (int i = 0; i < 3; i++) {
            ObjectNode f = follow(carol);
            assertThat(signedBy(carol, carolKey, freshAddress(), f).statusCode()).isEqualTo(202);
            assertThat(stored(f)).isTrue();
        }
        ObjectNode fourth = follow(carol);
        assertTooMany(signedBy(carol, carolKey, freshAddress(), fourth), "rate.inbox.per.actor");
        assertThat(stored(fourth)).isFalse();
        // Per host: bob (same host) has the two left of the host's five; his third is refused.
        for (int i = 0; i < 2; i++) {
            assertThat(signedBy(bob, bobKey, freshAddress(), follow(bob)).statusCode()).isEqualTo(202);
        }
        ObjectNode overHost = follow(bob);
        assertTooMany(signedBy(bob, bobKey, freshAddress(), overHost), "rate.inbox.per.domain");
        assertThat(stored(overHost)).isFalse();
    }
}
