package org.polity.federation.signatures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.polity.federation.crypto.Pem;
import org.polity.federation.testing.SharedInterop;

/**
 * The published test vectors, copied into src/test/resources/vectors (see SOURCE.md there):
 * RFC 9421 Appendix B and draft-cavage-12 Appendix C; and the requests two Fedify 2.3.6 peers signed
 * (read from ../shared/interop, skipped where absent).
 */
class SignatureVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode resource(String path) throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/vectors/" + path)) {
            return JSON.readTree(in);
        }
    }

    private static String text(String path) throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/vectors/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, List<String>> headers(JsonNode pairs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (JsonNode pair : pairs) {
            out.computeIfAbsent(pair.get(0).asText(), k -> new ArrayList<>()).add(pair.get(1).asText());
        }
        return out;
    }

    private static Key rfcKey(String keyId, boolean privateKey) throws IOException {
        if (keyId.equals("test-shared-secret")) {
            return new SecretKeySpec(Base64.getDecoder().decode(text("rfc9421/keys/test-shared-secret.b64").strip()),
                    "HmacSHA256");
        }
        String file = "rfc9421/keys/" + keyId + (privateKey ? ".pkcs8.pem" : ".pub.pem");
        return privateKey ? Pem.privateKey(text(file)) : Pem.publicKey(text(file));
    }

    @TestFactory
    Stream<DynamicTest> rfc9421AppendixB() throws IOException {
        JsonNode root = resource("rfc9421/examples.json");
        JsonNode request = root.get("request");
        JsonNode response = root.get("response");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode example : root.get("examples")) {
            tests.add(DynamicTest.dynamicTest(example.get("label").asText(), () -> {
                String kind = example.get("message").asText();
                JsonNode source = kind.equals("response") ? response : request;
                Map<String, List<String>> h = headers(source.get("headers"));
                if (kind.equals("request-with-Signature-and-Forwarded")) {
                    // The base names the extra fields this message carried: the first signature and Forwarded.
                    for (String line : example.get("signature_base").asText().split("\n")) {
                        if (line.startsWith("\"signature\";key=\"sig1\": ")) {
                            h.put("Signature", new ArrayList<>(List.of("sig1=" + line.substring(line.indexOf(": ") + 2))));
                        } else if (line.startsWith("\"forwarded\": ")) {
                            h.put("Forwarded", List.of(line.substring(13)));
                        }
                    }
                }
                h.computeIfAbsent("Signature", k -> new ArrayList<>()).add(example.get("signature").asText());
                h.put("Signature-Input", List.of(example.get("signature_input").asText()));
                HttpMessage message = new HttpMessage(request.get("method").asText(),
                        URI.create(request.get("target_uri").asText()), h,
                        source.get("body").asText().getBytes(StandardCharsets.UTF_8),
                        kind.equals("response") ? response.get("status").asInt() : 0);

                Rfc9421.Signature signature = Rfc9421.parse(message).stream()
                        .filter(s -> s.label().equals(example.get("label").asText())).findFirst().orElseThrow();
                assertThat(Rfc9421.signatureBase(message, signature.input()))
                        .isEqualTo(example.get("signature_base").asText());

                SignatureAlgorithm alg = SignatureAlgorithm.fromWire(example.get("alg").asText()).orElseThrow();
                String keyId = example.get("keyid").asText();
                assertThat(Rfc9421.verify(message, signature, rfcKey(keyId, false), alg)).isTrue();

                boolean deterministic = alg == SignatureAlgorithm.ED25519 || alg == SignatureAlgorithm.HMAC_SHA256
                        || alg == SignatureAlgorithm.RSA_V1_5_SHA256;
                if (deterministic) {
                    byte[] again = alg.sign(rfcKey(keyId, true), example.get("signature_base").asText());
                    assertThat(again).isEqualTo(signature.value());
                }
                byte[] tampered = signature.value().clone();
                tampered[tampered.length / 2] ^= 1;
                assertThat(alg.verify(rfcKey(keyId, false), example.get("signature_base").asText(), tampered))
                        .isFalse();
            }));
        }
        assertThat(tests).hasSize(7);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> cavage12AppendixC() throws IOException {
        JsonNode root = resource("cavage-12/examples.json");
        JsonNode request = root.get("request");
        Key publicKey = Pem.publicKey(text("cavage-12/test-key-Test.pub.pem"));
        Key privateKey = Pem.privateKey(text("cavage-12/test-key-Test.pkcs8.pem"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                HttpMessage message = HttpMessage.request(request.get("method").asText(),
                        URI.create("https://example.com" + request.get("path").asText()),
                        headers(request.get("headers")), request.get("body").asText().getBytes(StandardCharsets.UTF_8));
                Cavage.Signature signature = Cavage.parse(c.get("signature_header").asText());
                assertThat(signature.keyId()).isEqualTo("Test");
                assertThat(Cavage.signingString(message, signature.headers(), signature.created(), signature.expires()))
                        .isEqualTo(c.get("signing_string").asText());
                assertThat(Cavage.verify(message, signature, publicKey)).isTrue();
                byte[] again = SignatureAlgorithm.RSA_V1_5_SHA256.sign(privateKey, c.get("signing_string").asText());
                assertThat(again).isEqualTo(signature.value());
            }));
        }
        assertThat(tests).hasSize(3);
        return tests.stream();
    }

    @Test
    void cavageDigestOfTheAppendixBodyMatches() throws IOException {
        JsonNode request = resource("cavage-12/examples.json").get("request");
        assertThat(Digests.digestHeader(request.get("body").asText().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
    }

    @TestFactory
    Stream<DynamicTest> fedifyCapturedRequestsVerifyUnderOurPolicy() throws IOException {
        Path dir = SharedInterop.require("fixtures/fedify-captured");
        Map<String, Key> keys = new LinkedHashMap<>();
        for (String actor : List.of("actor-alice.json", "actor-bob.json")) {
            JsonNode doc = JSON.readTree(Files.readString(dir.resolve(actor)));
            JsonNode publicKeys = doc.get("publicKey");
            for (JsonNode k : publicKeys.isArray() ? publicKeys : JSON.createArrayNode().add(publicKeys)) {
                keys.put(k.get("id").asText(), Pem.publicKey(k.get("publicKeyPem").asText()));
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("received-by-alice.json", "received-by-bob.json")) {
            JsonNode received = JSON.readTree(Files.readString(dir.resolve(file)));
            int i = 0;
            for (JsonNode r : received) {
                tests.add(DynamicTest.dynamicTest(file + "#" + i++, () -> {
                    Map<String, List<String>> h = new LinkedHashMap<>();
                    r.get("headers").fields().forEachRemaining(e -> h.put(e.getKey(), List.of(e.getValue().asText())));
                    HttpMessage message = HttpMessage.request(r.get("method").asText(), URI.create(r.get("url").asText()),
                            h, r.get("body").asText().getBytes(StandardCharsets.UTF_8));
                    VerifiedSignature verified = SignatureVerifier.ignoringTimeForReplay().verify(message,
                            (keyId, refresh) -> {
                                Key key = keys.get(keyId);
                                if (key == null) {
                                    throw new SignatureException("unknown key " + keyId);
                                }
                                return key;
                            }, Instant.now());
                    assertThat(verified.keyId()).endsWith("#main-key");
                }));
            }
        }
        assertThat(tests).hasSize(4);
        return tests.stream();
    }
}
