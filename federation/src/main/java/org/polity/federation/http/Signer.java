package org.polity.federation.http;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Objects;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.RequestSigner;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.signatures.VerifiedSignature.Scheme;

/**
 * Who signs an outbound request: the instance actor for the server's own GETs (FEP-2677), the sending
 * actor for deliveries. The application hands over the key id published in the actor document and the
 * matching private key; the library signs with {@link RequestSigner}.
 */
public record Signer(String keyId, PrivateKey privateKey) {
    public Signer {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public HttpMessage sign(HttpMessage request, Scheme scheme, Instant now) throws SignatureException {
        return scheme == Scheme.RFC9421 ? RequestSigner.signRfc9421(request, keyId, privateKey, now)
                : RequestSigner.signCavage(request, keyId, privateKey, now);
    }

    @Override
    public String toString() {
        return "Signer[" + keyId + "]"; // never the key
    }
}
