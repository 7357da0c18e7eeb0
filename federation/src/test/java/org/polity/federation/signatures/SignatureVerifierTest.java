package org.polity.federation.signatures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.polity.federation.crypto.RsaKeys;

/** Each rule of the inbound signature policy, failing on its own, for both schemes. */
class SignatureVerifierTest {
    static final KeyPair KEYS = RsaKeys.generate();
    static final KeyPair OTHER = RsaKeys.generate();
    static final String KEY_ID = "https://fr.example/users/marie#main-key";
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final SignatureVerifier VERIFIER = new SignatureVerifier(Duration.ofHours(1));
    static final byte[] BODY = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);

    static HttpMessage post() {
        return HttpMessage.request("POST", URI.create("https://au.example/users/alice/inbox"),
                Map.of("Host", List.of("au.example"), "Content-Type", List.of("application/activity+json")), BODY);
    }

    static KeyResolver resolver(Key key) {
        return (keyId, refresh) -> {
            if (!keyId.equals(KEY_ID)) {
                throw new SignatureException("unknown key");
            }
            return key;
        };
    }

    static HttpMessage replace(HttpMessage m, String header, String value) {
        Map<String, List<String>> h = new LinkedHashMap<>(m.headers());
        h.put(header.toLowerCase(), value == null ? List.of() : List.of(value));
        h.values().removeIf(List::isEmpty);
        return new HttpMessage(m.method(), m.targetUri(), h, m.body(), 0);
    }

    @Test
    void bothSchemesVerifyWhatWeSign() throws Exception {
        HttpMessage rfc = RequestSigner.signRfc9421(post(), KEY_ID, KEYS.getPrivate(), NOW);
        assertThat(rfc.combined("signature-input").orElseThrow())
                .startsWith("sig1=(\"@method\" \"@target-uri\" \"@authority\" \"date\" \"content-digest\")")
                .contains("alg=\"rsa-v1_5-sha256\"");
        assertThat(rfc.combined("date")).contains("Fri, 27 Nov 2026 10:00:00 GMT");
        VerifiedSignature v1 = VERIFIER.verify(rfc, resolver(KEYS.getPublic()), NOW.plusSeconds(30));
        assertThat(v1.scheme()).isEqualTo(VerifiedSignature.Scheme.RFC9421);
        assertThat(v1.keyId()).isEqualTo(KEY_ID);

        HttpMessage cavage = RequestSigner.signCavage(post(), KEY_ID, KEYS.getPrivate(), NOW);
        assertThat(cavage.combined("signature").orElseThrow())
                .contains("headers=\"(request-target) host date digest\"");
        VerifiedSignature v2 = VERIFIER.verify(cavage, resolver(KEYS.getPublic()), NOW.plusSeconds(30));
        assertThat(v2.scheme()).isEqualTo(VerifiedSignature.Scheme.CAVAGE);
    }

    @Test
    void anUnsignedRequestIsRefused() {
        assertThatThrownBy(() -> VERIFIER.verify(post(), resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not signed");
    }

    @Test
    void aChangedBodyFailsTheDigest() throws Exception {
        for (HttpMessage signed : both()) {
            HttpMessage tampered = new HttpMessage(signed.method(), signed.targetUri(), signed.headers(),
                    "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8), 0);
            assertThatThrownBy(() -> VERIFIER.verify(tampered, resolver(KEYS.getPublic()), NOW))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("does not match the body");
        }
    }

    @Test
    void aBodyWithoutASignedDigestIsRefused() throws Exception {
        HttpMessage cavage = RequestSigner.signCavage(replace(post(), "Digest", null), KEY_ID, KEYS.getPrivate(), NOW);
        // Sign only (request-target) host date: the body is then not covered.
        HttpMessage noDigest = Cavage.sign(replace(replace(post(), "Date", cavage.combined("date").get()), "Host",
                "au.example"), List.of("(request-target)", "host", "date"), KEY_ID, KEYS.getPrivate());
        assertThatThrownBy(() -> VERIFIER.verify(noDigest, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("must cover Digest");
    }

    @Test
    void theHostMustBeCovered() throws Exception {
        HttpMessage m = replace(post(), "Date", "Fri, 27 Nov 2026 10:00:00 GMT");
        m = m.withHeader("Digest", Digests.digestHeader(BODY));
        HttpMessage signed = Cavage.sign(m, List.of("(request-target)", "date", "digest"), KEY_ID, KEYS.getPrivate());
        assertThatThrownBy(() -> VERIFIER.verify(signed, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("must cover host");

        HttpMessage rfc = Rfc9421.sign(m.withHeader("Content-Digest", Digests.contentDigestHeader(BODY)),
                List.of("@method", "@target-uri", "date", "content-digest"), KEY_ID, KEYS.getPrivate(),
                SignatureAlgorithm.RSA_V1_5_SHA256, NOW);
        assertThatThrownBy(() -> VERIFIER.verify(rfc, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("@authority");
    }

    /** A signature made for another server, replayed here with its own Host header: refused, in both schemes. */
    @Test
    void aSignatureMadeForAnotherHostIsRefused() throws Exception {
        HttpMessage forOther = HttpMessage.request("POST", URI.create("https://other.example/users/alice/inbox"),
                Map.of("Host", List.of("other.example"), "Content-Type", List.of("application/activity+json")), BODY);
        List<HttpMessage> signed = List.of(RequestSigner.signRfc9421(forOther, KEY_ID, KEYS.getPrivate(), NOW),
                RequestSigner.signCavage(forOther, KEY_ID, KEYS.getPrivate(), NOW));
        for (HttpMessage m : signed) {
            HttpMessage replayed = new HttpMessage(m.method(), post().targetUri(), m.headers(), m.body(), 0);
            assertThatThrownBy(() -> VERIFIER.verify(replayed, resolver(KEYS.getPublic()), NOW))
                    .isInstanceOf(SignatureException.class)
                    .hasMessageContaining("signed for other.example, not for this server (au.example)");
        }
        // RFC 9421 over @path instead of @target-uri: the signed @authority alone names the other server.
        HttpMessage m = replace(forOther, "Date", "Fri, 27 Nov 2026 10:00:00 GMT")
                .withHeader("Content-Digest", Digests.contentDigestHeader(BODY));
        HttpMessage pathOnly = Rfc9421.sign(m, List.of("@method", "@path", "@authority", "date", "content-digest"),
                KEY_ID, KEYS.getPrivate(), SignatureAlgorithm.RSA_V1_5_SHA256, NOW);
        HttpMessage replayed = new HttpMessage(pathOnly.method(), post().targetUri(), pathOnly.headers(),
                pathOnly.body(), 0);
        assertThatThrownBy(() -> VERIFIER.verify(replayed, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("signed for other.example");
    }

    /** The same server named differently (case, the scheme's default port) is still this server. */
    @Test
    void theOwnHostMatchesWhateverItsCaseAndDefaultPort() throws Exception {
        for (String host : List.of("AU.example", "au.example:443")) {
            HttpMessage m = replace(post(), "Host", host);
            HttpMessage signed = RequestSigner.signRfc9421(m, KEY_ID, KEYS.getPrivate(), NOW);
            assertThat(VERIFIER.verify(signed, resolver(KEYS.getPublic()), NOW).keyId()).isEqualTo(KEY_ID);
            HttpMessage cavage = RequestSigner.signCavage(m, KEY_ID, KEYS.getPrivate(), NOW);
            assertThat(VERIFIER.verify(cavage, resolver(KEYS.getPublic()), NOW).keyId()).isEqualTo(KEY_ID);
        }
        HttpMessage otherPort = RequestSigner.signCavage(replace(post(), "Host", "au.example:8443"), KEY_ID,
                KEYS.getPrivate(), NOW);
        assertThatThrownBy(() -> VERIFIER.verify(otherPort, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("signed for au.example:8443");
    }

    @Test
    void theRequestTargetMustBeCovered() throws Exception {
        HttpMessage m = replace(post(), "Date", "Fri, 27 Nov 2026 10:00:00 GMT")
                .withHeader("Digest", Digests.digestHeader(BODY));
        HttpMessage signed = Cavage.sign(m, List.of("host", "date", "digest"), KEY_ID, KEYS.getPrivate());
        assertThatThrownBy(() -> VERIFIER.verify(signed, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("(request-target)");
    }

    @Test
    void aSignatureForAnotherPathDoesNotVerify() throws Exception {
        for (HttpMessage signed : both()) {
            HttpMessage moved = new HttpMessage(signed.method(), URI.create("https://au.example/users/bob/inbox"),
                    signed.headers(), signed.body(), 0);
            assertThatThrownBy(() -> VERIFIER.verify(moved, resolver(KEYS.getPublic()), NOW))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("does not verify");
        }
    }

    @Test
    void aSignatureMadeForAnotherMethodDoesNotVerify() throws Exception {
        for (HttpMessage signed : both()) {
            HttpMessage asPut = new HttpMessage("PUT", signed.targetUri(), signed.headers(), signed.body(), 0);
            assertThatThrownBy(() -> VERIFIER.verify(asPut, resolver(KEYS.getPublic()), NOW))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("does not verify");
        }
    }

    @Test
    void anUnparsableOrMissingDateIsRefused() throws Exception {
        for (HttpMessage signed : both()) {
            for (String date : new String[] {"yesterday", "Fri, 27 Nov 2026 25:61:00 GMT", "1764237600", ""}) {
                HttpMessage bad = replace(signed, "Date", date.isEmpty() ? null : date);
                assertThatThrownBy(() -> VERIFIER.verify(bad, resolver(KEYS.getPublic()), NOW))
                        .as(date).isInstanceOf(SignatureException.class);
            }
        }
    }

    @Test
    void datesOutsideTheWindowAreRefused() throws Exception {
        for (HttpMessage signed : both()) {
            assertThatThrownBy(() -> VERIFIER.verify(signed, resolver(KEYS.getPublic()), NOW.plus(Duration.ofHours(2))))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("outside the accepted window");
            assertThatThrownBy(() -> VERIFIER.verify(signed, resolver(KEYS.getPublic()), NOW.minus(Duration.ofHours(2))))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("outside the accepted window");
        }
    }

    @Test
    void theWrongKeyIsRefetchedOnceThenRefused() throws Exception {
        for (HttpMessage signed : both()) {
            AtomicInteger calls = new AtomicInteger();
            KeyResolver stale = (keyId, refresh) -> {
                calls.incrementAndGet();
                return OTHER.getPublic();
            };
            assertThatThrownBy(() -> VERIFIER.verify(signed, stale, NOW))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("does not verify");
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void aRotatedKeyVerifiesAfterTheRefetch() throws Exception {
        for (HttpMessage signed : both()) {
            List<Boolean> refreshes = new ArrayList<>();
            KeyResolver rotating = (keyId, refresh) -> {
                refreshes.add(refresh);
                return refresh ? KEYS.getPublic() : OTHER.getPublic();
            };
            assertThat(VERIFIER.verify(signed, rotating, NOW).keyId()).isEqualTo(KEY_ID);
            assertThat(refreshes).containsExactly(false, true);
        }
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        for (HttpMessage signed : both()) {
            KeyResolver none = (keyId, refresh) -> {
                throw new SignatureException("no actor for " + keyId);
            };
            assertThatThrownBy(() -> VERIFIER.verify(signed, none, NOW))
                    .isInstanceOf(SignatureException.class).hasMessageContaining("no actor for");
        }
    }

    @Test
    void garbageHeadersAreRefusedWithAReason() {
        HttpMessage m1 = post().withHeader("Signature", "this is not a signature");
        assertThatThrownBy(() -> VERIFIER.verify(m1, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("keyId");
        HttpMessage m2 = post().withHeader("Signature-Input", "sig1=(((").withHeader("Signature", "sig1=:AA==:");
        assertThatThrownBy(() -> VERIFIER.verify(m2, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("malformed");
        HttpMessage m3 = post().withHeader("Signature", "keyId=\"k\",signature=\"!!notbase64\"");
        assertThatThrownBy(() -> VERIFIER.verify(m3, resolver(KEYS.getPublic()), NOW))
                .isInstanceOf(SignatureException.class).hasMessageContaining("base64");
    }

    static List<HttpMessage> both() throws SignatureException {
        return List.of(RequestSigner.signRfc9421(post(), KEY_ID, KEYS.getPrivate(), NOW),
                RequestSigner.signCavage(post(), KEY_ID, KEYS.getPrivate(), NOW));
    }
}
