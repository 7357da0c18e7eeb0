package org.polity.federation.signatures;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The signature algorithms of the HTTP Signature Algorithms registry (RFC 9421 section 6.2.2) that the
 * fediverse uses, implemented with the JDK's providers.
 */
public enum SignatureAlgorithm {
    RSA_V1_5_SHA256("rsa-v1_5-sha256"),
    RSA_PSS_SHA512("rsa-pss-sha512"),
    ECDSA_P256_SHA256("ecdsa-p256-sha256"),
    ED25519("ed25519"),
    HMAC_SHA256("hmac-sha256");

    private final String wireName;

    SignatureAlgorithm(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SignatureAlgorithm> fromWire(String name) {
        for (SignatureAlgorithm a : values()) {
            if (a.wireName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm a key implies when the signature does not name one (the fediverse's usual case). */
    public static SignatureAlgorithm forKey(Key key) throws SignatureException {
        if (key instanceof RSAKey) {
            return RSA_V1_5_SHA256;
        }
        if (key instanceof ECKey) {
            return ECDSA_P256_SHA256;
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return ED25519;
        }
        if (key instanceof SecretKey) {
            return HMAC_SHA256;
        }
        throw new SignatureException("unsupported key type " + key.getAlgorithm());
    }

    public byte[] sign(Key key, String base) throws SignatureException {
        byte[] data = base.getBytes(StandardCharsets.UTF_8);
        try {
            if (this == HMAC_SHA256) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac.doFinal(data);
            }
            if (!(key instanceof PrivateKey privateKey)) {
                throw new SignatureException(wireName + " needs a private key");
            }
            Signature signature = jca();
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new SignatureException("cannot sign with " + wireName + ": " + e.getMessage(), e);
        }
    }

    public boolean verify(Key key, String base, byte[] signatureBytes) throws SignatureException {
        byte[] data = base.getBytes(StandardCharsets.UTF_8);
        try {
            if (this == HMAC_SHA256) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return MessageDigest.isEqual(mac.doFinal(data), signatureBytes);
            }
            if (!(key instanceof PublicKey publicKey)) {
                throw new SignatureException(wireName + " needs a public key");
            }
            Signature signature = jca();
            signature.initVerify(publicKey);
            signature.update(data);
            return signature.verify(signatureBytes);
        } catch (java.security.SignatureException e) {
            return false; // malformed signature bytes: simply not valid
        } catch (GeneralSecurityException e) {
            throw new SignatureException("cannot verify with " + wireName + ": " + e.getMessage(), e);
        }
    }

    private Signature jca() throws GeneralSecurityException {
        return switch (this) {
            case RSA_V1_5_SHA256 -> Signature.getInstance("SHA256withRSA");
            case RSA_PSS_SHA512 -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1));
                yield s;
            }
            case ECDSA_P256_SHA256 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case ED25519 -> Signature.getInstance("Ed25519");
            case HMAC_SHA256 -> throw new IllegalStateException("HMAC is not a Signature");
        };
    }
}
