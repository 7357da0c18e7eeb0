package org.polity.federation.proofs;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/** Ed25519 keys with the JDK provider, to and from their raw 32-byte forms. */
public final class Ed25519Keys {
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private Ed25519Keys() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static PrivateKey privateKey(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key seed has 32 bytes, not " + seed.length);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    /** The raw 32 bytes of an Ed25519 public key (from its X.509 encoding). */
    public static byte[] rawPublic(PublicKey key) {
        byte[] enc = key.getEncoded();
        if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm()) || enc.length != 44
                || !Arrays.equals(Arrays.copyOf(enc, 12), SPKI_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(enc, 12, 44);
    }

    /** The 32-byte seed of an Ed25519 private key (from its PKCS#8 encoding, without the optional public key). */
    public static byte[] rawPrivate(PrivateKey key) {
        byte[] enc = key.getEncoded();
        if (enc.length < 48 || !Arrays.equals(Arrays.copyOf(enc, 16), Arrays.copyOf(PKCS8_PREFIX, 16))) {
            // some encodings carry version 1 and the public key; the seed is still the OCTET STRING at 16
            if (enc.length >= 48 && enc[0] == 0x30 && Arrays.equals(Arrays.copyOfRange(enc, 4, 16),
                    Arrays.copyOfRange(PKCS8_PREFIX, 4, 16))) {
                return Arrays.copyOfRange(enc, 16, 48);
            }
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        return Arrays.copyOfRange(enc, 16, 48);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
