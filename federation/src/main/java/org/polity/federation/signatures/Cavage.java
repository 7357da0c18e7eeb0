package org.polity.federation.signatures;

import java.security.Key;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * draft-cavage-http-signatures-12, the scheme most of the fediverse still signs with: a {@code Signature}
 * header (or {@code Authorization: Signature ...}) with {@code keyId}, {@code algorithm},
 * {@code headers} and {@code signature}. {@code hs2019} takes its algorithm from the key, as the draft
 * says; for RSA keys that is RSASSA-PKCS1-v1_5 with SHA-256, as Mastodon signs.
 */
public final class Cavage {
    private Cavage() {}

    /** A parsed signature header. {@code headers} defaults to {@code date} as the draft says. */
    public record Signature(String keyId, String algorithm, List<String> headers, byte[] value,
            Optional<Instant> created, Optional<Instant> expires) {}

    public static Optional<String> headerValue(HttpMessage message) {
        Optional<String> signature = message.combined("signature");
        if (signature.isPresent()) {
            return signature;
        }
        return message.combined("authorization")
                .filter(a -> a.regionMatches(true, 0, "Signature ", 0, 10))
                .map(a -> a.substring(10));
    }

    public static Signature parse(String header) throws SignatureException {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ',' || header.charAt(i) == ' ')) {
                i++;
            }
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String value;
            if (i < n && header.charAt(i) == '"') {
                int close = header.indexOf('"', i + 1);
                if (close < 0) {
                    throw new SignatureException("unterminated quoted value in Signature header");
                }
                value = header.substring(i + 1, close);
                i = close + 1;
            } else {
                int comma = header.indexOf(',', i);
                value = header.substring(i, comma < 0 ? n : comma).strip();
                i = comma < 0 ? n : comma;
            }
            if (params.putIfAbsent(name, value) != null) {
                throw new SignatureException("parameter " + name + " appears twice in Signature header");
            }
        }
        String keyId = params.get("keyid");
        String signature = params.get("signature");
        if (keyId == null || keyId.isEmpty() || signature == null) {
            throw new SignatureException("Signature header needs keyId and signature");
        }
        List<String> headers = new ArrayList<>();
        for (String h : params.getOrDefault("headers", "date").strip().split("\\s+")) {
            if (!h.isEmpty()) {
                headers.add(h.toLowerCase(Locale.ROOT));
            }
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new SignatureException("signature is not base64");
        }
        return new Signature(keyId, params.getOrDefault("algorithm", "hs2019").toLowerCase(Locale.ROOT),
                List.copyOf(headers), value, epoch(params.get("created")), epoch(params.get("expires")));
    }

    private static Optional<Instant> epoch(String value) throws SignatureException {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.contains(".")
                    ? value.substring(0, value.indexOf('.')) : value)));
        } catch (NumberFormatException e) {
            throw new SignatureException("created/expires is not a number");
        }
    }

    /** The signing string: one {@code name: value} line per covered header, joined by newlines. */
    public static String signingString(HttpMessage m, List<String> headers, Optional<Instant> created,
            Optional<Instant> expires) throws SignatureException {
        List<String> lines = new ArrayList<>();
        for (String h : headers) {
            String value = switch (h) {
                case "(request-target)" -> m.method().toLowerCase(Locale.ROOT) + " " + m.requestTarget();
                case "(created)" -> created.map(c -> Long.toString(c.getEpochSecond()))
                        .orElseThrow(() -> new SignatureException("(created) is covered but has no value"));
                case "(expires)" -> expires.map(c -> Long.toString(c.getEpochSecond()))
                        .orElseThrow(() -> new SignatureException("(expires) is covered but has no value"));
                case "host" -> m.combined("host").orElse(m.authority());
                default -> m.combined(h).orElseThrow(() -> new SignatureException("covered header " + h
                        + " is absent"));
            };
            lines.add(h + ": " + value);
        }
        return String.join("\n", lines);
    }

    /** The algorithm to verify with: named ones must agree with the key; {@code hs2019} follows the key. */
    public static SignatureAlgorithm algorithm(Signature signature, Key key) throws SignatureException {
        SignatureAlgorithm fromKey = SignatureAlgorithm.forKey(key);
        String alg = signature.algorithm();
        boolean agrees = switch (alg) {
            case "hs2019" -> true;
            case "rsa-sha256" -> fromKey == SignatureAlgorithm.RSA_V1_5_SHA256;
            case "ed25519" -> fromKey == SignatureAlgorithm.ED25519;
            case "ecdsa-sha256" -> fromKey == SignatureAlgorithm.ECDSA_P256_SHA256;
            case "hmac-sha256" -> fromKey == SignatureAlgorithm.HMAC_SHA256;
            default -> throw new SignatureException("unsupported algorithm " + alg);
        };
        if (!agrees) {
            throw new SignatureException("algorithm " + alg + " does not match the key type " + key.getAlgorithm());
        }
        return fromKey;
    }

    public static boolean verify(HttpMessage m, Signature signature, Key key) throws SignatureException {
        String base = signingString(m, signature.headers(), signature.created(), signature.expires());
        return algorithm(signature, key).verify(key, base, signature.value());
    }

    /** Signs with {@code rsa-sha256} over {@code headers}; returns the message with a Signature header. */
    public static HttpMessage sign(HttpMessage m, List<String> headers, String keyId, Key privateKey)
            throws SignatureException {
        String base = signingString(m, headers, Optional.empty(), Optional.empty());
        byte[] value = SignatureAlgorithm.RSA_V1_5_SHA256.sign(privateKey, base);
        return m.withHeader("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\""
                + String.join(" ", headers) + "\",signature=\"" + Base64.getEncoder().encodeToString(value) + "\"");
    }
}
