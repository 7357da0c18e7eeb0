package org.polity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.signatures.SignatureVerifier;

/** The generator's requests carry what the server's verifier asks for, and nothing HttpClient would refuse. */
class SigningTest {
    static final KeyPair KEY = Signing.rsa2048();
    static final String KEY_ID = "http://127.0.1.1:18081/users/a#main-key";
    static final URI INBOX = URI.create("http://127.0.0.1:18080/users/alice/inbox");

    /** The request as the server receives it: HttpClient adds Host from the URI. */
    static HttpMessage received(HttpRequest request, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>(request.headers().map());
        headers.put("Host", List.of(INBOX.getAuthority()));
        return HttpMessage.request(request.method(), request.uri(), headers, body);
    }

    @Test
    void aSignedPostVerifiesWithTheActorsKeyAndItsDigest() throws SignatureException {
        byte[] body = "{\"type\":\"Create\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = Signing.signedPost(INBOX, body, KEY_ID, KEY.getPrivate());

        assertThat(request.headers().firstValue("Digest")).isPresent();
        assertThat(request.headers().firstValue("Signature")).get().asString().contains("keyId=\"" + KEY_ID + "\"");
        var verified = new SignatureVerifier(Duration.ofHours(1)).verify(received(request, body),
                (keyId, refresh) -> {
                    assertThat(keyId).isEqualTo(KEY_ID);
                    return KEY.getPublic();
                }, Instant.now());
        assertThat(verified.keyId()).isEqualTo(KEY_ID);
    }

    @Test
    void aChangedBodyDoesNotVerify() {
        byte[] body = "{\"type\":\"Create\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = Signing.signedPost(INBOX, body, KEY_ID, KEY.getPrivate());
        byte[] other = "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new SignatureVerifier(Duration.ofHours(1)).verify(received(request, other),
                (keyId, refresh) -> KEY.getPublic(), Instant.now())).isInstanceOf(SignatureException.class);
    }

    @Test
    void thePublicKeyIsServedAsPem() {
        String pem = Signing.pem(KEY);
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
    }
}
