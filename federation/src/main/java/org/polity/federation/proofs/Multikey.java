package org.polity.federation.proofs;

import java.security.PublicKey;
import java.util.Arrays;

/**
 * Ed25519 public keys as FEP-521a / Multikey {@code publicKeyMultibase}: 'z' + base58btc(0xed 0x01 || 32 bytes),
 * and private keys as {@code privateKeyMultibase} ('z' + base58btc(0x80 0x26 || 32-byte seed)).
 */
public final class Multikey {
    private static final byte[] ED25519_PUB = {(byte) 0xed, 0x01};
    private static final byte[] ED25519_PRIV = {(byte) 0x80, 0x26};

    private Multikey() {}

    public static String encodePublic(PublicKey key) {
        return encodePublicRaw(Ed25519Keys.rawPublic(key));
    }

    public static String encodePublicRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        return Base58btc.multibase(prefixed(ED25519_PUB, raw));
    }

    /** @throws InvalidMultikeyException unless the value is an Ed25519 Multikey ('z', 0xed01, 32 bytes) */
    public static PublicKey decodePublic(String publicKeyMultibase) {
        return Ed25519Keys.publicKey(decodePublicRaw(publicKeyMultibase));
    }

    public static byte[] decodePublicRaw(String publicKeyMultibase) {
        return unprefixed(publicKeyMultibase, ED25519_PUB, "Ed25519 public key (0xed01)");
    }

    public static byte[] decodePrivateSeed(String privateKeyMultibase) {
        return unprefixed(privateKeyMultibase, ED25519_PRIV, "Ed25519 private key (0x8026)");
    }

    public static String encodePrivateSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.length);
        }
        return Base58btc.multibase(prefixed(ED25519_PRIV, seed));
    }

    private static byte[] prefixed(byte[] prefix, byte[] raw) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + raw.length);
        System.arraycopy(raw, 0, out, prefix.length, raw.length);
        return out;
    }

    private static byte[] unprefixed(String value, byte[] prefix, String what) {
        byte[] bytes;
        try {
            bytes = Base58btc.fromMultibase(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidMultikeyException("not a multibase base58btc " + what + ": " + e.getMessage());
        }
        if (bytes.length < 2 || bytes[0] != prefix[0] || bytes[1] != prefix[1]) {
            throw new InvalidMultikeyException("not an " + what + ": wrong multicodec prefix");
        }
        if (bytes.length != 34) {
            throw new InvalidMultikeyException("not an " + what + ": " + (bytes.length - 2) + " key bytes, not 32");
        }
        return Arrays.copyOfRange(bytes, 2, 34);
    }

    /** A publicKeyMultibase (or privateKeyMultibase) that is not an Ed25519 Multikey. */
    public static final class InvalidMultikeyException extends IllegalArgumentException {
        public InvalidMultikeyException(String message) {
            super(message);
        }
    }
}
