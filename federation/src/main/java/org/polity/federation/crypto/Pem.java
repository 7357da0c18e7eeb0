package org.polity.federation.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Keys of any type the fediverse publishes (RSA, RSA-PSS, EC P-256, Ed25519) from PEM: public keys as
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}), private keys as PKCS#8 ({@code PRIVATE KEY}). The key type
 * is read from the encoding's algorithm identifier by trying each JDK key factory.
 */
public final class Pem {
    private static final String[] PUBLIC_TYPES = {"RSA", "EC", "Ed25519", "RSASSA-PSS"};
    private static final String[] PRIVATE_TYPES = {"RSA", "RSASSA-PSS", "EC", "Ed25519"};

    private Pem() {}

    public static PublicKey publicKey(String pem) {
        byte[] der = der(pem, "PUBLIC KEY");
        for (String type : PUBLIC_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("not an RSA, EC or Ed25519 public key");
    }

    public static PrivateKey privateKey(String pem) {
        byte[] der = der(pem, "PRIVATE KEY");
        for (String type : PRIVATE_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("not an RSA, EC or Ed25519 PKCS#8 private key");
    }

    static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = pem.indexOf(begin);
        int stop = pem.indexOf(end);
        if (start < 0 || stop < start) {
            throw new IllegalArgumentException("no " + label + " block in PEM text");
        }
        String body = pem.substring(start + begin.length(), stop).replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM body is not base64", e);
        }
    }
}
