package org.polity.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.RequestSigner;
import org.polity.federation.signatures.SignatureException;

/** Signs the generator's POSTs as Mastodon does (draft-cavage, rsa-sha256, with Digest), and the RSA baseline. */
public final class Signing {
    /** Headers {@link java.net.http.HttpClient} sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private Signing() {}

    public static KeyPair rsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(KeyPair key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A POST of an ActivityStreams body to {@code target}, signed with {@code keyId}. */
    public static HttpRequest signedPost(URI target, byte[] body, String keyId, PrivateKey key) {
        HttpMessage signed;
        try {
            signed = RequestSigner.signCavage(HttpMessage.request("POST", target,
                    Map.of("Content-Type", List.of("application/activity+json")), body), keyId, key, Instant.now());
        } catch (SignatureException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name)) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    /**
     * Nanoseconds for {@code n} RSA-2048 {@code SHA256withRSA} signatures on this thread, after as many unmeasured
     * ones (the JIT's warm-up). What is signed is a cavage signing string of the length a delivery has.
     */
    public static long timeSignatures(int n) {
        KeyPair key = rsa2048();
        byte[] data = ("(request-target): post /users/a1/inbox\nhost: 127.0.1.1:18081\n"
                + "date: Fri, 04 Dec 2026 21:00:00 GMT\ndigest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            sign(key.getPrivate(), data, n);
            long t0 = System.nanoTime();
            sign(key.getPrivate(), data, n);
            return System.nanoTime() - t0;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sign(PrivateKey key, byte[] data, int n) throws java.security.GeneralSecurityException {
        for (int i = 0; i < n; i++) {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(data);
            data[data.length - 1 - (i % 8)] ^= (byte) s.sign()[0]; // each signs a different string
        }
    }
}
