package org.polity.federation.signatures;

import java.util.List;

/** The outcome of a successful verification: who signed, how, and what the signature covers. */
public record VerifiedSignature(String keyId, Scheme scheme, SignatureAlgorithm algorithm, List<String> covered) {
    public enum Scheme {
        RFC9421,
        CAVAGE
    }
}
