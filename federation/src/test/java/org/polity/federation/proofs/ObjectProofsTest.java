package org.polity.federation.proofs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ObjectProofsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String W3C = "/proofs/w3c-eddsa-jcs-2022/";
    static final String FEP = "/proofs/fep-8b32/";
    static final String ALICE_KEY = "https://server.example/users/alice#ed25519-key";

    static JsonNode json(String resource) throws IOException {
        try (InputStream in = ObjectProofsTest.class.getResourceAsStream(resource)) {
            return JSON.readTree(in);
        }
    }

    static String text(String resource) throws IOException {
        try (InputStream in = ObjectProofsTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    static Function<String, Optional<PublicKey>> keys(Map<String, PublicKey> map) {
        return id -> Optional.ofNullable(map.get(id));
    }

    static byte[] w3cSeed() throws IOException {
        return Multikey.decodePrivateSeed(json(W3C + "keyPair.json").get("privateKeyMultibase").asText());
    }

    static PublicKey w3cPublic() throws IOException {
        return Multikey.decodePublic(json(W3C + "keyPair.json").get("publicKeyMultibase").asText());
    }

    @Test
    void w3cIntermediateValues() throws Exception {
        JsonNode config = json(W3C + "proofConfigJCS.json");
        ObjectNode unsigned = (ObjectNode) json(W3C + "signedJCS.json").deepCopy();
        unsigned.remove("proof");
        assertThat(Jcs.canonicalize(config)).isEqualTo(text(W3C + "proofCanonJCS.txt"));
        assertThat(Jcs.canonicalize(unsigned)).isEqualTo(text(W3C + "canonDocJCS.txt"));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(HexFormat.of().formatHex(sha.digest(Jcs.canonicalBytes(unsigned)))).isEqualTo(text(W3C + "docHashJCS.txt"));
        assertThat(HexFormat.of().formatHex(ObjectProofs.hashData(config, unsigned))).isEqualTo(text(W3C + "combinedHashJCS.txt"));
    }

    @Test
    void reproducesTheW3cProofValueExactly() throws Exception {
        JsonNode signedVector = json(W3C + "signedJCS.json");
        ObjectNode unsigned = signedVector.deepCopy();
        unsigned.remove("proof");
        JsonNode proof = signedVector.get("proof");
        ObjectNode signed = ObjectProofs.sign(unsigned, w3cSeed(), proof.get("verificationMethod").asText(),
                Instant.parse(proof.get("created").asText()));
        assertThat(signed.get("proof").get("proofValue").asText()).isEqualTo(text(W3C + "sigBTC58JCS.txt"));
        assertThat(HexFormat.of().formatHex(Base58btc.fromMultibase(signed.get("proof").get("proofValue").asText())))
                .isEqualTo(text(W3C + "sigHexJCS.txt"));
        assertThat(signed).isEqualTo(signedVector);
    }

    @Test
    void verifiesTheW3cVector() throws Exception {
        JsonNode signed = json(W3C + "signedJCS.json");
        String vm = signed.get("proof").get("verificationMethod").asText();
        var result = ObjectProofs.verify(signed, keys(Map.of(vm, w3cPublic())));
        assertThat(result.status()).isEqualTo(ObjectProofs.Status.VALID);
        assertThat(result.verifiedMethods()).containsExactly(vm);
    }

    @Test
    void reproducesAndVerifiesTheFep8b32Vector() throws Exception {
        JsonNode input = json(FEP + "signing-input.json");
        byte[] seed = Multikey.decodePrivateSeed(input.get("secretKeyMultibase").asText());
        ObjectNode signed = ObjectProofs.sign((ObjectNode) json(FEP + "document.json"), seed,
                input.get("verificationMethod").asText(), Instant.parse(input.get("created").asText()));
        JsonNode expected = json(FEP + "signed.json");
        assertThat(signed).isEqualTo(expected);

        JsonNode actor = json(FEP + "actor.json");
        JsonNode method = actor.get("assertionMethod").get(0);
        PublicKey key = Multikey.decodePublic(method.get("publicKeyMultibase").asText());
        var result = ObjectProofs.verify(expected, keys(Map.of(method.get("id").asText(), key)));
        assertThat(result.valid()).as(result.failure()).isTrue();
        assertThat(result.verifiedMethods()).containsExactly(ALICE_KEY);
    }

    ObjectNode fepSigned() throws IOException {
        return (ObjectNode) json(FEP + "signed.json");
    }

    Function<String, Optional<PublicKey>> fepKeys() throws IOException {
        return keys(Map.of(ALICE_KEY, w3cPublic()));
    }

    void assertRefused(JsonNode doc, String reasonPart) throws IOException {
        var result = ObjectProofs.verify(doc, fepKeys());
        assertThat(result.status()).isEqualTo(ObjectProofs.Status.INVALID);
        assertThat(result.failure()).contains(reasonPart);
    }

    @Test
    void changedContentIsRefused() throws Exception {
        ObjectNode doc = fepSigned();
        ((ObjectNode) doc.get("object")).put("content", "Hello world!");
        assertRefused(doc, "does not verify");
        ObjectNode doc2 = fepSigned();
        ((ObjectNode) doc2.get("object").get("location")).put("latitude", 25.273963);
        assertRefused(doc2, "does not verify");
        ObjectNode doc3 = fepSigned();
        doc3.put("extra", "x");
        assertRefused(doc3, "does not verify");
    }

    @Test
    void changedProofFieldsAreRefused() throws Exception {
        ObjectNode doc = fepSigned();
        ((ObjectNode) doc.get("proof")).put("created", "2023-02-24T23:36:39Z");
        assertRefused(doc, "does not verify");

        // a verificationMethod whose key is known, but which did not sign
        ObjectNode doc2 = fepSigned();
        ((ObjectNode) doc2.get("proof")).put("verificationMethod", "https://server.example/users/alice#other");
        var result = ObjectProofs.verify(doc2, keys(Map.of("https://server.example/users/alice#other", w3cPublic())));
        assertThat(result.status()).isEqualTo(ObjectProofs.Status.INVALID);
        assertThat(result.failure()).contains("does not verify");
        assertRefused(doc2, "no key");

        ObjectNode doc3 = fepSigned();
        String value = doc3.get("proof").get("proofValue").asText();
        char c = value.charAt(20);
        ((ObjectNode) doc3.get("proof")).put("proofValue", value.substring(0, 20) + (c == 'a' ? 'b' : 'a') + value.substring(21));
        assertRefused(doc3, "does not verify");

        ObjectNode doc4 = fepSigned();
        ((ObjectNode) doc4.get("proof")).put("proofValue", "u" + value.substring(1));
        assertRefused(doc4, "multibase");
        ObjectNode doc5 = fepSigned();
        ((ObjectNode) doc5.get("proof")).put("proofValue", value.substring(0, value.length() - 3));
        assertRefused(doc5, "bytes");
        ObjectNode doc6 = fepSigned();
        ((ObjectNode) doc6.get("proof")).put("created", "yesterday");
        assertRefused(doc6, "dateTime");
    }

    @Test
    void missingOrWrongFieldsAreRefused() throws Exception {
        for (String field : new String[] {"type", "cryptosuite", "proofPurpose", "verificationMethod", "proofValue"}) {
            ObjectNode doc = fepSigned();
            ((ObjectNode) doc.get("proof")).remove(field);
            assertThat(ObjectProofs.verify(doc, fepKeys()).status()).as(field).isEqualTo(ObjectProofs.Status.INVALID);
        }
        ObjectNode doc = fepSigned();
        ((ObjectNode) doc.get("proof")).put("type", "Ed25519Signature2020");
        assertRefused(doc, "proof type");
        doc = fepSigned();
        ((ObjectNode) doc.get("proof")).put("cryptosuite", "eddsa-rdfc-2022");
        assertRefused(doc, "cryptosuite");
        doc = fepSigned();
        ((ObjectNode) doc.get("proof")).put("proofPurpose", "authentication");
        assertRefused(doc, "proofPurpose");
        doc = fepSigned();
        // eddsa-jcs-2022 verification: the document's @context must START with the proof's (a context
        // appended later is allowed, and the proof's stands for the document's); one put before is not
        ((ArrayNode) doc.get("@context")).add("https://w3id.org/security/multikey/v1");
        assertThat(ObjectProofs.verify(doc, fepKeys()).status()).isEqualTo(ObjectProofs.Status.VALID);
        doc = fepSigned();
        ((ArrayNode) doc.get("@context")).insert(0, "https://w3id.org/security/multikey/v1");
        assertRefused(doc, "@context");
        doc = fepSigned();
        doc.remove("@context");
        assertRefused(doc, "@context");
        doc = fepSigned();
        doc.put("proof", "z123");
        assertRefused(doc, "not an object");
    }

    @Test
    void absentProof() throws Exception {
        JsonNode doc = json(FEP + "document.json");
        assertThat(ObjectProofs.hasProof(doc)).isFalse();
        assertThat(ObjectProofs.hasProof(fepSigned())).isTrue();
        assertThat(ObjectProofs.verify(doc, fepKeys()).status()).isEqualTo(ObjectProofs.Status.ABSENT);
    }

    @Test
    void proofSets() throws Exception {
        KeyPair a = Ed25519Keys.generate();
        KeyPair b = Ed25519Keys.generate();
        ObjectNode doc = (ObjectNode) json(FEP + "document.json");
        Instant now = Instant.parse("2026-12-03T12:00:00.123Z");
        ObjectNode once = ObjectProofs.sign(doc, a.getPrivate(), "https://a.example/u#k", now);
        ObjectNode twice = ObjectProofs.sign(once, b.getPrivate(), "https://b.example/u#k", now);
        assertThat(twice.get("proof").isArray()).isTrue();
        assertThat(twice.get("proof")).hasSize(2);
        assertThat(twice.get("proof").get(0).get("created").asText()).isEqualTo("2026-12-03T12:00:00Z");
        var both = keys(Map.of("https://a.example/u#k", a.getPublic(), "https://b.example/u#k", b.getPublic()));
        var result = ObjectProofs.verify(twice, both);
        assertThat(result.valid()).as(result.failure()).isTrue();
        assertThat(result.verifiedMethods()).containsExactly("https://a.example/u#k", "https://b.example/u#k");
        // one unknown key fails the set
        assertThat(ObjectProofs.verify(twice, keys(Map.of("https://a.example/u#k", a.getPublic()))).status())
                .isEqualTo(ObjectProofs.Status.INVALID);
        // a proof swapped to the other key fails
        ObjectNode swapped = twice.deepCopy();
        ((ObjectNode) swapped.get("proof").get(1)).put("proofValue", twice.get("proof").get(0).get("proofValue").asText());
        assertThat(ObjectProofs.verify(swapped, both).status()).isEqualTo(ObjectProofs.Status.INVALID);
    }

    @Test
    void roundTripWithoutContextAndWithEmbeddedSignedObject() throws Exception {
        KeyPair pair = Ed25519Keys.generate();
        String vm = "https://polity.example/users/alice#ed25519-key";
        var lookup = keys(Map.of(vm, pair.getPublic()));
        ObjectNode note = JSON.createObjectNode().put("type", "Note").put("content", "ünïcödé \u2028 \uD83D\uDE00")
                .put("n", 1e21).put("m", 0.1).put("k", 12345678901234L);
        ObjectNode signedNote = ObjectProofs.sign(note, pair.getPrivate(), vm, Instant.now());
        assertThat(signedNote.get("proof").has("@context")).isFalse();
        assertThat(ObjectProofs.verify(signedNote, lookup).valid()).isTrue();

        ObjectNode create = JSON.createObjectNode();
        create.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/data-integrity/v1");
        create.put("type", "Create").put("actor", "https://polity.example/users/alice").set("object", signedNote);
        ObjectNode signedCreate = ObjectProofs.sign(create, pair.getPrivate(), vm, Instant.now());
        assertThat(ObjectProofs.verify(signedCreate, lookup).valid()).isTrue();
        assertThat(ObjectProofs.verify(signedCreate.get("object"), lookup).valid()).isTrue();
        // reparsed from its serialised bytes, it still verifies
        JsonNode reparsed = JSON.readTree(JSON.writeValueAsBytes(signedCreate));
        assertThat(ObjectProofs.verify(reparsed, lookup).valid()).isTrue();
        // the original is untouched
        assertThat(create.has("proof")).isFalse();
    }
}
