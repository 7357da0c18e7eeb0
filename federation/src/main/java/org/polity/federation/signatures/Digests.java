package org.polity.federation.signatures;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.greenbytes.http.sfv.ByteSequenceItem;
import org.greenbytes.http.sfv.Dictionary;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parser;

/**
 * Body digests: the legacy {@code Digest} header (RFC 3230, {@code SHA-256=base64}) that draft-cavage
 * signers send, and {@code Content-Digest} (RFC 9530, {@code sha-256=:base64:}) that RFC 9421 signers send.
 * Both are checked against the raw body bytes as received.
 */
public final class Digests {
    private Digests() {}

    public static String digestHeader(byte[] body) {
        return "SHA-256=" + Base64.getEncoder().encodeToString(sha("SHA-256", body));
    }

    public static String contentDigestHeader(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha("SHA-256", body)) + ":";
    }

    /**
     * Checks every digest the message carries that we understand; at least one must be present and all the
     * understood ones must match. Throws with the reason otherwise.
     */
    public static void verify(HttpMessage message) throws SignatureException {
        int checked = 0;
        for (String value : message.all("digest")) {
            for (String part : value.split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new SignatureException("malformed Digest header");
                }
                String alg = part.substring(0, eq).strip().toUpperCase(Locale.ROOT);
                String expected = part.substring(eq + 1).strip();
                String javaAlg = switch (alg) {
                    case "SHA-256" -> "SHA-256";
                    case "SHA-512" -> "SHA-512";
                    default -> null;
                };
                if (javaAlg == null) {
                    continue;
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(expected);
                } catch (IllegalArgumentException e) {
                    throw new SignatureException("Digest value is not base64");
                }
                if (!MessageDigest.isEqual(given, sha(javaAlg, message.body()))) {
                    throw new SignatureException("Digest does not match the body");
                }
                checked++;
            }
        }
        for (String value : message.all("content-digest")) {
            Dictionary dict;
            try {
                dict = Parser.parseDictionary(value);
            } catch (IllegalArgumentException e) {
                throw new SignatureException("malformed Content-Digest header");
            }
            for (Map.Entry<String, ListElement<?>> member : dict.get().entrySet()) {
                String javaAlg = switch (member.getKey()) {
                    case "sha-256" -> "SHA-256";
                    case "sha-512" -> "SHA-512";
                    default -> null;
                };
                if (javaAlg == null) {
                    continue;
                }
                if (!(member.getValue() instanceof ByteSequenceItem bytes)) {
                    throw new SignatureException("Content-Digest value is not a byte sequence");
                }
                byte[] given = new byte[bytes.get().remaining()];
                bytes.get().duplicate().get(given);
                if (!MessageDigest.isEqual(given, sha(javaAlg, message.body()))) {
                    throw new SignatureException("Content-Digest does not match the body");
                }
                checked++;
            }
        }
        if (checked == 0) {
            throw new SignatureException("no SHA-256 or SHA-512 Digest or Content-Digest header for the body");
        }
    }

    static byte[] sha(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
