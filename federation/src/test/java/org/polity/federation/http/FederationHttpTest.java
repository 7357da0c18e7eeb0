package org.polity.federation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.signatures.KeyResolver;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.signatures.SignatureVerifier;
import org.polity.federation.signatures.VerifiedSignature;
import org.polity.federation.signatures.VerifiedSignature.Scheme;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.LocalServer.Reply;

/** The client's guard, limits and signing, against a real server on loopback. */
class FederationHttpTest {
    static final KeyPair KEYS = RsaKeys.generate();
    static final String KEY_ID = "https://gov.example/actor#main-key";
    static final Signer SIGNER = new Signer(KEY_ID, KEYS.getPrivate());
    static final SignatureVerifier VERIFIER = new SignatureVerifier(Duration.ofMinutes(5));
    static final KeyResolver KEY = (keyId, refresh) -> {
        if (!keyId.equals(KEY_ID)) {
            throw new SignatureException("unknown key " + keyId);
        }
        return KEYS.getPublic();
    };
    static final String NOTE = "{\"id\":\"x\",\"type\":\"Note\"}";

    final LocalServer server = new LocalServer();

    @AfterEach
    void stop() {
        server.close();
    }

    static FederationHttpOptions options(boolean allowPrivate) {
        return FederationHttpOptions.defaults(allowPrivate, FederationHttpOptions.userAgent("0.1.0", "https://gov.example"));
    }

    static FederationHttp open() {
        return new FederationHttp(options(true));
    }

    /**
     * A client that believes {@code public.test} is a public host while it really is served on loopback, as
     * an attacker's DNS name would be: every other name is resolved and judged by the real guard.
     */
    static FederationHttp strictWithFakePublicName() {
        GuardedDns guarded = new GuardedDns(new AddressPolicy(false));
        Dns dns = hostname -> hostname.equals("public.test")
                ? List.of(InetAddress.getByAddress("public.test", new byte[] {127, 0, 0, 1}))
                : guarded.lookup(hostname);
        return new FederationHttp(options(false).withAllowHttp(true), dns, Clock.systemUTC());
    }

    // --- SSRF ---

    @Test
    void aLoopbackLiteralIsRefusedBeforeAnyConnection() {
        server.route("/secret", r -> Reply.activity(NOTE));
        try (FederationHttp http = new FederationHttp(options(false).withAllowHttp(true))) {
            assertThatThrownBy(() -> http.fetch(server.url("/secret"), null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.BLOCKED_ADDRESS))
                    .hasMessageContaining("127.0.0.1");
            URI mapped = URI.create("http://[::ffff:127.0.0.1]:" + server.port() + "/secret");
            assertThatThrownBy(() -> http.fetch(mapped, null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.BLOCKED_ADDRESS));
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedBeforeAnyConnection() {
        server.route("/secret", r -> Reply.activity(NOTE));
        try (FederationHttp http = new FederationHttp(options(false).withAllowHttp(true))) {
            URI url = URI.create("http://localhost:" + server.port() + "/secret");
            assertThatThrownBy(() -> http.fetch(url, null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.BLOCKED_ADDRESS))
                    .hasMessageContaining("localhost");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRedirectToALoopbackLiteralIsRefusedAtTheRedirect() {
        server.route("/start", r -> Reply.redirect(302, server.base() + "/secret"));
        server.route("/secret", r -> Reply.activity(NOTE));
        try (FederationHttp http = strictWithFakePublicName()) {
            URI url = URI.create("http://public.test:" + server.port() + "/start");
            assertThatThrownBy(() -> http.fetch(url, null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FetchException.Reason.BLOCKED_ADDRESS);
                        assertThat(e.url()).isEqualTo(server.url("/secret"));
                    });
        }
        assertThat(server.requests()).extracting(LocalServer.Recorded::path).containsExactly("/start");
    }

    @Test
    void aRedirectToANameResolvingToLoopbackIsRefusedAtTheRedirect() {
        server.route("/start", r -> Reply.redirect(307, "http://localhost:" + server.port() + "/secret"));
        server.route("/secret", r -> Reply.activity(NOTE));
        try (FederationHttp http = strictWithFakePublicName()) {
            URI url = URI.create("http://public.test:" + server.port() + "/start");
            assertThatThrownBy(() -> http.fetch(url, null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.BLOCKED_ADDRESS));
        }
        assertThat(server.requests()).extracting(LocalServer.Recorded::path).containsExactly("/start");
    }

    @Test
    void theFakePublicNameItselfIsFetched() throws Exception {
        server.route("/ok", r -> Reply.activity(NOTE));
        try (FederationHttp http = strictWithFakePublicName()) {
            FetchResponse response = http.fetch(URI.create("http://public.test:" + server.port() + "/ok"), null,
                    FetchBudget.perRequest());
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(NOTE);
        }
    }

    @Test
    void plainHttpAndOtherSchemesAreRefusedInProduction() {
        try (FederationHttp http = strictWithFakePublicName();
                FederationHttp production = new FederationHttp(options(false))) {
            assertThatThrownBy(() -> production.fetch(URI.create("http://public.example/x"), null,
                    FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.SCHEME));
            assertThatThrownBy(() -> http.fetch(URI.create("file:///etc/passwd"), null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.SCHEME));
        }
    }

    // --- limits ---

    @Test
    void redirectsAreFollowedUpToTheCap() throws Exception {
        for (int i = 0; i < 5; i++) {
            int next = i + 1;
            server.route("/r" + i, r -> Reply.redirect(301, "/r" + next));
        }
        server.route("/r3", r -> Reply.activity(NOTE));
        try (FederationHttp http = open()) {
            FetchResponse three = http.fetch(server.url("/r0"), null, FetchBudget.perRequest());
            assertThat(three.finalUrl()).isEqualTo(server.url("/r3"));
            assertThat(three.redirected()).isTrue();

            server.route("/r3", r -> Reply.redirect(301, "/r4"));
            assertThatThrownBy(() -> http.fetch(server.url("/r0"), null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.REDIRECT))
                    .hasMessageContaining("more than 3 redirects");
        }
    }

    @Test
    void aRedirectLoopStopsAtTheCapAndCostsOneFetchOfTheBudget() throws Exception {
        server.route("/loop", r -> Reply.redirect(302, "/loop"));
        FetchBudget budget = new FetchBudget(5);
        try (FederationHttp http = open()) {
            assertThatThrownBy(() -> http.fetch(server.url("/loop"), null, budget))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.REDIRECT))
                    .hasMessageContaining("more than 3 redirects");
        }
        assertThat(server.requests()).as("the first request and three redirects, then it stops").hasSize(4);
        assertThat(budget.used()).isEqualTo(1);
    }

    @Test
    void bodiesOverTheCapAreRefusedWhetherDeclaredOrStreamed() throws Exception {
        byte[] big = new byte[5000];
        java.util.Arrays.fill(big, (byte) ' ');
        server.route("/declared", r -> new Reply(200, java.util.Map.of("Content-Type", "application/activity+json"),
                big, 0, false));
        server.route("/streamed", r -> new Reply(200, java.util.Map.of("Content-Type", "application/activity+json"),
                big, 0, true));
        server.route("/small", r -> Reply.activity(NOTE));
        try (FederationHttp http = new FederationHttp(options(true).withMaxBytes(1000))) {
            for (String path : List.of("/declared", "/streamed")) {
                assertThatThrownBy(() -> http.fetch(server.url(path), null, FetchBudget.perRequest()))
                        .as(path)
                        .isInstanceOfSatisfying(FetchException.class,
                                e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.TOO_LARGE))
                        .hasMessageContaining("1000");
            }
            assertThat(http.fetch(server.url("/small"), null, FetchBudget.perRequest()).body()).hasSize(NOTE.length());
        }
    }

    @Test
    void aSlowServerTimesOut() {
        server.route("/slow", r -> Reply.activity(NOTE).delayed(2000));
        FederationHttpOptions fast = options(true).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300),
                Duration.ofMillis(600));
        try (FederationHttp http = new FederationHttp(fast)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> http.fetch(server.url("/slow"), null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.NETWORK))
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
        }
    }

    @Test
    void theBudgetStopsFetchesBeforeTheyAreSent() throws Exception {
        server.route("/a", r -> Reply.activity(NOTE));
        FetchBudget budget = new FetchBudget(2);
        try (FederationHttp http = open()) {
            http.fetch(server.url("/a"), null, budget);
            http.fetch(server.url("/a"), null, budget);
            assertThatThrownBy(() -> http.fetch(server.url("/a"), null, budget))
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.BUDGET_EXHAUSTED))
                    .hasMessageContaining("budget of 2");
        }
        assertThat(server.requests()).hasSize(2);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void errorStatusesThrowWithTheStatus() {
        server.route("/gone", r -> Reply.of(410));
        try (FederationHttp http = open()) {
            assertThatThrownBy(() -> http.fetch(server.url("/gone"), null, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FetchException.Reason.HTTP_STATUS);
                        assertThat(e.status()).isEqualTo(410);
                    });
        }
    }

    // --- headers and signatures ---

    @Test
    void aFetchAsksForActivityStreamsAndNamesItself() throws Exception {
        server.route("/a", r -> Reply.activity(NOTE));
        try (FederationHttp http = open()) {
            http.fetch(server.url("/a"), null, FetchBudget.perRequest());
        }
        LocalServer.Recorded request = server.requests().get(0);
        assertThat(request.toMessage().combined("accept")).contains(
                "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"");
        assertThat(request.toMessage().combined("user-agent")).contains("Polity/0.1.0 (+https://gov.example)");
        assertThat(request.toMessage().has("signature")).isFalse();
    }

    /** A server that verifies signatures and, when {@code refuseRfc9421}, answers 401 to RFC 9421 ones. */
    void verifyingRoute(String path, boolean refuseRfc9421, Reply ok) {
        server.route(path, r -> {
            if (refuseRfc9421 && r.toMessage().has("signature-input")) {
                return Reply.of(401);
            }
            try {
                VERIFIER.verify(r.toMessage(), KEY, Instant.now());
                return ok;
            } catch (SignatureException e) {
                return new Reply(401, java.util.Map.of(), e.getMessage().getBytes(StandardCharsets.UTF_8), 0, false);
            }
        });
    }

    @Test
    void signedGetsVerifyOnTheServerWithBothSchemes() throws Exception {
        verifyingRoute("/modern", false, Reply.activity(NOTE));
        verifyingRoute("/legacy", true, Reply.activity(NOTE));
        try (FederationHttp http = open()) {
            http.fetch(server.url("/modern"), SIGNER, FetchBudget.perRequest());
            assertThat(http.rememberedScheme("127.0.0.1:" + server.port())).contains(Scheme.RFC9421);
        }
        try (FederationHttp http = open()) {
            http.fetch(server.url("/legacy"), SIGNER, FetchBudget.perRequest());
        }
        List<LocalServer.Recorded> requests = server.requests();
        assertThat(requests).hasSize(3);
        VerifiedSignature modern = VERIFIER.verify(requests.get(0).toMessage(), KEY, Instant.now());
        assertThat(modern.scheme()).isEqualTo(Scheme.RFC9421);
        assertThat(modern.covered()).contains("@method", "@target-uri", "@authority", "date");
        VerifiedSignature legacy = VERIFIER.verify(requests.get(2).toMessage(), KEY, Instant.now());
        assertThat(legacy.scheme()).isEqualTo(Scheme.CAVAGE);
        assertThat(legacy.covered()).contains("(request-target)", "host", "date");
    }

    @Test
    void doubleKnockFallsBackToCavageAndRemembersTheHost() throws Exception {
        verifyingRoute("/inbox", true, Reply.of(202));
        byte[] body = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);
        try (FederationHttp http = open()) {
            DeliveryResult first = http.deliver(server.url("/inbox"), body, SIGNER);
            assertThat(first.succeeded()).isTrue();
            assertThat(first.status()).isEqualTo(202);
            assertThat(first.scheme()).isEqualTo(Scheme.CAVAGE);
            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(0).toMessage().has("signature-input")).isTrue();
            assertThat(http.rememberedScheme("127.0.0.1:" + server.port())).contains(Scheme.CAVAGE);

            DeliveryResult second = http.deliver(server.url("/inbox"), body, SIGNER);
            assertThat(second.succeeded()).isTrue();
            assertThat(server.requests()).hasSize(3); // straight to cavage
            assertThat(server.requests().get(2).toMessage().has("signature-input")).isFalse();
        }
        for (LocalServer.Recorded r : server.requests().subList(1, 3)) {
            VerifiedSignature v = VERIFIER.verify(r.toMessage(), KEY, Instant.now());
            assertThat(v.covered()).contains("digest");
            assertThat(r.toMessage().combined("content-type")).contains("application/activity+json");
        }
    }

    @Test
    void aBadRequestThatBlamesTheSignatureAlsoTriggersTheSecondKnock() {
        server.route("/inbox", r -> r.toMessage().has("signature-input")
                ? new Reply(400, java.util.Map.of(), "Invalid Signature header".getBytes(StandardCharsets.UTF_8), 0, false)
                : Reply.of(202));
        try (FederationHttp http = open()) {
            DeliveryResult result = http.deliver(server.url("/inbox"), new byte[] {'{', '}'}, SIGNER);
            assertThat(result.succeeded()).isTrue();
            assertThat(result.scheme()).isEqualTo(Scheme.CAVAGE);
        }
    }

    @Test
    void aSignatureRefusedBothWaysIsNotRememberedAndNotRetryable() {
        server.route("/inbox", r -> Reply.of(401));
        try (FederationHttp http = open()) {
            DeliveryResult result = http.deliver(server.url("/inbox"), new byte[] {'{', '}'}, SIGNER);
            assertThat(result.status()).isEqualTo(401);
            assertThat(result.retryable()).isFalse();
            assertThat(http.rememberedScheme("127.0.0.1:" + server.port())).isEmpty();
        }
        assertThat(server.requests()).hasSize(2);
    }

    // --- delivery results ---

    @Test
    void deliveryResultsSayWhetherToRetryAndWhen() throws Exception {
        server.route("/busy", r -> Reply.of(503).header("Retry-After", "120"));
        server.route("/slowdown", r -> Reply.of(429).header("Retry-After", "Fri, 27 Nov 2099 10:00:00 GMT"));
        server.route("/missing", r -> Reply.of(404));
        byte[] body = {'{', '}'};
        try (FederationHttp http = open()) {
            DeliveryResult busy = http.deliver(server.url("/busy"), body, SIGNER);
            assertThat(busy.retryable()).isTrue();
            assertThat(busy.retryAfter()).contains(Duration.ofSeconds(120));
            DeliveryResult slow = http.deliver(server.url("/slowdown"), body, SIGNER);
            assertThat(slow.retryable()).isTrue();
            assertThat(slow.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
            DeliveryResult missing = http.deliver(server.url("/missing"), body, SIGNER);
            assertThat(missing.retryable()).isFalse();
            assertThat(missing.error()).contains("404");

            int closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = s.getLocalPort();
            }
            DeliveryResult down = http.deliver(URI.create("http://127.0.0.1:" + closedPort + "/inbox"), body, SIGNER);
            assertThat(down.status()).isZero();
            assertThat(down.retryable()).isTrue();
        }
        try (FederationHttp strict = new FederationHttp(options(false).withAllowHttp(true))) {
            DeliveryResult blocked = strict.deliver(server.url("/busy"), body, SIGNER);
            assertThat(blocked.retryable()).isFalse();
            assertThat(blocked.error()).contains("127.0.0.1");
        }
    }

    @Test
    void retryAfterReadsSecondsAndDates() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(RetryAfter.parse("120", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 10:05:00 GMT", now)).contains(Duration.ofMinutes(5));
        assertThat(RetryAfter.parse("Fri, 27 Nov 2026 09:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse("-5", now)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }
}
