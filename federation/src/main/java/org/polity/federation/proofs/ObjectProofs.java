package org.polity.federation.proofs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * FEP-8b32 Object Integrity Proofs with the W3C Data Integrity {@code eddsa-jcs-2022} cryptosuite:
 * hash = SHA-256(JCS(proof options)) || SHA-256(JCS(document without proof)); proofValue = multibase
 * base58btc of the Ed25519 signature of that hash. Several proofs on one document are a proof set: each
 * signs the document without any proof, and each is verified independently.
 */
public final class ObjectProofs {
    public static final String PROOF_TYPE = "DataIntegrityProof";
    public static final String CRYPTOSUITE = "eddsa-jcs-2022";
    public static final String PROOF_PURPOSE = "assertionMethod";

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ISO_INSTANT;

    private ObjectProofs() {}

    /**
     * Whether the document has a {@code proof} member at all (anything but null or an empty array; a
     * malformed one counts, so that {@link #verify} refuses it rather than calling it absent).
     */
    public static boolean hasProof(JsonNode document) {
        if (document == null || !document.isObject()) {
            return false;
        }
        JsonNode proof = document.get("proof");
        return proof != null && !proof.isNull() && !(proof.isArray() && proof.isEmpty());
    }

    /** The proofs on the document (empty when none): {@code proof} as one object or an array of them. */
    public static List<JsonNode> proofs(JsonNode document) {
        List<JsonNode> out = new ArrayList<>();
        if (document != null && document.isObject()) {
            JsonNode proof = document.get("proof");
            if (proof != null && proof.isArray()) {
                proof.forEach(out::add);
            } else if (proof != null && !proof.isNull()) {
                out.add(proof);
            }
        }
        return out;
    }

    /**
     * A copy of the document with one more eddsa-jcs-2022 proof ({@code created} truncated to seconds). A
     * document that already has a proof gets an array (a proof set).
     */
    public static ObjectNode sign(ObjectNode document, PrivateKey key, String verificationMethod, Instant created) {
        Objects.requireNonNull(verificationMethod, "verificationMethod");
        ObjectNode unsecured = document.deepCopy();
        JsonNode existing = unsecured.remove("proof");

        ObjectNode proof = JsonNodeFactory.instance.objectNode();
        proof.put("type", PROOF_TYPE);
        proof.put("cryptosuite", CRYPTOSUITE);
        proof.put("verificationMethod", verificationMethod);
        proof.put("proofPurpose", PROOF_PURPOSE);
        proof.put("created", CREATED.format(created.truncatedTo(ChronoUnit.SECONDS)));
        if (unsecured.has("@context")) {
            proof.set("@context", unsecured.get("@context").deepCopy());
        }
        byte[] signature = ed25519Sign(key, hashData(proof, unsecured));
        proof.put("proofValue", Base58btc.multibase(signature));

        ObjectNode secured = document.deepCopy();
        if (existing == null || existing.isNull()) {
            secured.set("proof", proof);
        } else {
            ArrayNode set = JsonNodeFactory.instance.arrayNode();
            if (existing.isArray()) {
                existing.forEach(set::add);
            } else {
                set.add(existing);
            }
            set.add(proof);
            secured.set("proof", set);
        }
        return secured;
    }

    /** {@link #sign(ObjectNode, PrivateKey, String, Instant)} with a raw 32-byte Ed25519 seed. */
    public static ObjectNode sign(ObjectNode document, byte[] seed, String verificationMethod, Instant created) {
        return sign(document, Ed25519Keys.privateKey(seed), verificationMethod, created);
    }

    /**
     * Verifies every proof on the document; the document is valid only when it has at least one proof and
     * every proof verifies. {@code keyLookup} maps a verificationMethod id to its Ed25519 public key (empty
     * when unknown, which fails that proof).
     */
    public static Verification verify(JsonNode document, Function<String, Optional<PublicKey>> keyLookup) {
        if (!hasProof(document)) {
            return new Verification(Status.ABSENT, List.of(), "the document has no proof");
        }
        ObjectNode unsecured = ((ObjectNode) document).deepCopy();
        unsecured.remove("proof");
        JsonNode ldSignature = unsecured.get("signature");
        if (ldSignature != null && ldSignature.isObject() && ldSignature.has("signatureValue")) {
            // FEP-8b32: a linked data signature (RsaSignature2017) is added after the proof, and removed first
            unsecured.remove("signature");
        }
        List<String> verified = new ArrayList<>();
        for (JsonNode proof : proofs(document)) {
            String failure = verifyOne(unsecured, proof, keyLookup);
            if (failure != null) {
                return new Verification(Status.INVALID, List.copyOf(verified), failure);
            }
            verified.add(proof.get("verificationMethod").asText());
        }
        return new Verification(Status.VALID, List.copyOf(verified), null);
    }

    private static String verifyOne(ObjectNode unsecuredIn, JsonNode proof,
            Function<String, Optional<PublicKey>> keyLookup) {
        if (!proof.isObject()) {
            return "a proof is not an object";
        }
        String type = text(proof, "type");
        if (!PROOF_TYPE.equals(type)) {
            return "proof type is " + describe(type) + ", not " + PROOF_TYPE;
        }
        String suite = text(proof, "cryptosuite");
        if (!CRYPTOSUITE.equals(suite)) {
            return "cryptosuite is " + describe(suite) + ", not " + CRYPTOSUITE;
        }
        String purpose = text(proof, "proofPurpose");
        if (!PROOF_PURPOSE.equals(purpose)) {
            return "proofPurpose is " + describe(purpose) + ", not " + PROOF_PURPOSE;
        }
        String method = text(proof, "verificationMethod");
        if (method == null || method.isBlank()) {
            return "the proof has no verificationMethod";
        }
        if (proof.has("created")) {
            String created = text(proof, "created");
            if (created == null || !isDateTime(created)) {
                return "created is not an XSD dateTime: " + describe(created);
            }
        }
        String value = text(proof, "proofValue");
        if (value == null) {
            return "the proof has no proofValue";
        }
        byte[] signature;
        try {
            signature = Base58btc.fromMultibase(value);
        } catch (IllegalArgumentException e) {
            return "proofValue is not multibase base58btc: " + e.getMessage();
        }
        if (signature.length != 64) {
            return "proofValue has " + signature.length + " bytes, not the 64 of an Ed25519 signature";
        }
        ObjectNode options = ((ObjectNode) proof).deepCopy();
        options.remove("proofValue");
        ObjectNode unsecured = unsecuredIn;
        if (options.has("@context")) {
            // eddsa-jcs-2022 §3.3.2: the document's @context must start with the proof's, which then stands for it
            if (!startsWith(unsecuredIn.get("@context"), options.get("@context"))) {
                return "the proof's @context does not match the document's";
            }
            unsecured = unsecuredIn.deepCopy();
            unsecured.set("@context", options.get("@context").deepCopy());
        }
        Optional<PublicKey> key;
        try {
            key = Objects.requireNonNullElse(keyLookup.apply(method), Optional.empty());
        } catch (RuntimeException e) {
            return "no key for verificationMethod " + method + ": " + e.getMessage();
        }
        if (key.isEmpty()) {
            return "no key is known for verificationMethod " + method;
        }
        byte[] hash;
        try {
            hash = hashData(options, unsecured);
        } catch (IllegalArgumentException e) {
            return "cannot canonicalise: " + e.getMessage();
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.get());
            verifier.update(hash);
            if (!verifier.verify(signature)) {
                return "the signature of verificationMethod " + method + " does not verify";
            }
        } catch (java.security.SignatureException e) {
            return "the signature of verificationMethod " + method + " does not verify (" + e.getMessage() + ")";
        } catch (GeneralSecurityException e) {
            return "the signature of verificationMethod " + method + " cannot be checked: " + e.getMessage();
        }
        return null;
    }

    /** SHA-256(JCS(proof options)) || SHA-256(JCS(unsecured document)), 64 bytes. */
    static byte[] hashData(JsonNode proofOptions, JsonNode unsecuredDocument) {
        byte[] proofHash = sha256(Jcs.canonicalBytes(proofOptions));
        byte[] docHash = sha256(Jcs.canonicalBytes(unsecuredDocument));
        byte[] out = new byte[64];
        System.arraycopy(proofHash, 0, out, 0, 32);
        System.arraycopy(docHash, 0, out, 32, 32);
        return out;
    }

    private static boolean startsWith(JsonNode docContext, JsonNode proofContext) {
        if (docContext == null) {
            return false;
        }
        List<JsonNode> doc = asList(docContext);
        List<JsonNode> prf = asList(proofContext);
        if (prf.size() > doc.size()) {
            return false;
        }
        for (int i = 0; i < prf.size(); i++) {
            if (!prf.get(i).equals(doc.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static boolean isDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            try {
                java.time.LocalDateTime.parse(s); // XSD dateTime allows no time zone
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String describe(String s) {
        return s == null ? "missing" : "'" + s + "'";
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ed25519Sign(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (Ed25519 needed): " + e.getMessage(), e);
        }
    }

    public enum Status { VALID, ABSENT, INVALID }

    /**
     * The outcome: {@code VALID} with the verificationMethods that verified, {@code ABSENT} when there is no
     * proof, or {@code INVALID} with the reason (and any methods that verified before the failing one).
     */
    public record Verification(Status status, List<String> verifiedMethods, String failure) {
        public boolean valid() {
            return status == Status.VALID;
        }
    }

    static String utc(Instant instant) {
        return CREATED.format(instant.atOffset(ZoneOffset.UTC));
    }
}
