package org.polity.federation.signatures;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The inbound signature policy, the same for both schemes (DESIGN.md, "Signatures"):
 * <ul>
 *   <li>the signature covers the request target, the host, and a time (the {@code Date} header or the
 *       {@code created} parameter), and the time lies inside the window;</li>
 *   <li>the signed host ({@code host} in draft-cavage, {@code @authority} or {@code host} in RFC 9421) is this
 *       server's own, the authority of the message's target URI, which the caller builds from its public base
 *       URL: a signature made for another server and replayed here is refused even though it verifies;</li>
 *   <li>a request with a body covers {@code Digest} or {@code Content-Digest}, which must match the raw body;</li>
 *   <li>the key resolves, and the signature verifies; a failure refetches the key once (rotation).</li>
 * </ul>
 * RFC 9421 is tried first when the message carries {@code Signature-Input}, draft-cavage otherwise.
 */
public final class SignatureVerifier {
    private static final Pattern HOST_HEADER = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private final Duration window;
    private final boolean checkTime;

    /** @param window how far the signature's time may lie from now, either way (Fedify and Mastodon use about an hour) */
    public SignatureVerifier(Duration window) {
        this(window, true);
    }

    private SignatureVerifier(Duration window, boolean checkTime) {
        this.window = window;
        this.checkTime = checkTime;
    }

    /** A verifier that ignores the time window: for replaying captured requests in tests only. */
    public static SignatureVerifier ignoringTimeForReplay() {
        return new SignatureVerifier(Duration.ZERO, false);
    }

    public VerifiedSignature verify(HttpMessage message, KeyResolver keys, Instant now) throws SignatureException {
        if (message.has("signature-input")) {
            return verifyRfc9421(message, keys, now);
        }
        Optional<String> cavage = Cavage.headerValue(message);
        if (cavage.isPresent()) {
            return verifyCavage(message, Cavage.parse(cavage.get()), keys, now);
        }
        throw new SignatureException("the request is not signed (no Signature-Input or Signature header)");
    }

    private VerifiedSignature verifyRfc9421(HttpMessage message, KeyResolver keys, Instant now)
            throws SignatureException {
        SignatureException last = null;
        for (Rfc9421.Signature signature : Rfc9421.parse(message)) {
            try {
                return verifyOne(message, signature, keys, now);
            } catch (SignatureException e) {
                last = e;
            }
        }
        throw last;
    }

    private VerifiedSignature verifyOne(HttpMessage message, Rfc9421.Signature signature, KeyResolver keys,
            Instant now) throws SignatureException {
        String keyId = signature.keyId().orElseThrow(() -> new SignatureException("signature has no keyid"));
        List<String> covered = signature.componentNames();
        require(covered.contains("@method"), "the signature must cover @method");
        require(covered.contains("@target-uri") || covered.contains("@request-target")
                || covered.contains("@path"), "the signature must cover the request target (@target-uri)");
        require(covered.contains("@authority") || covered.contains("host"), "the signature must cover @authority");
        requireOwnAuthority(message);
        if (message.body().length > 0) {
            require(covered.contains("content-digest") || covered.contains("digest"),
                    "the signature must cover Content-Digest for a request with a body");
            Digests.verify(message);
        }
        Optional<Instant> created = signature.created();
        if (created.isPresent()) {
            checkTime(created.get(), now, "created");
        } else {
            require(covered.contains("date"), "the signature must have created or cover Date");
            checkTime(parseDate(message), now, "Date");
        }
        if (checkTime && signature.expires().isPresent() && signature.expires().get().isBefore(now)) {
            throw new SignatureException("the signature expired at " + signature.expires().get());
        }
        for (boolean refresh : new boolean[] {false, true}) {
            Key key = keys.resolve(keyId, refresh);
            SignatureAlgorithm alg = algorithm(signature, key);
            if (Rfc9421.verify(message, signature, key, alg)) {
                return new VerifiedSignature(keyId, VerifiedSignature.Scheme.RFC9421, alg, covered);
            }
        }
        throw new SignatureException("the RFC 9421 signature does not verify with key " + keyId);
    }

    private static SignatureAlgorithm algorithm(Rfc9421.Signature signature, Key key) throws SignatureException {
        SignatureAlgorithm fromKey = SignatureAlgorithm.forKey(key);
        if (signature.alg().isEmpty()) {
            return fromKey;
        }
        SignatureAlgorithm named = SignatureAlgorithm.fromWire(signature.alg().get())
                .orElseThrow(() -> new SignatureException("unsupported alg " + signature.alg().get()));
        boolean rsa = fromKey == SignatureAlgorithm.RSA_V1_5_SHA256;
        if (named != fromKey && !(rsa && named == SignatureAlgorithm.RSA_PSS_SHA512)) {
            throw new SignatureException("alg " + named.wireName() + " does not match the key type");
        }
        return named;
    }

    private VerifiedSignature verifyCavage(HttpMessage message, Cavage.Signature signature, KeyResolver keys,
            Instant now) throws SignatureException {
        List<String> covered = signature.headers();
        require(covered.contains("(request-target)"), "the signature must cover (request-target)");
        require(covered.contains("host"), "the signature must cover host");
        requireOwnAuthority(message);
        if (message.body().length > 0) {
            require(covered.contains("digest") || covered.contains("content-digest"),
                    "the signature must cover Digest for a request with a body");
            Digests.verify(message);
        }
        if (covered.contains("date")) {
            checkTime(parseDate(message), now, "Date");
        } else {
            require(covered.contains("(created)") && signature.created().isPresent(),
                    "the signature must cover date or (created)");
            checkTime(signature.created().get(), now, "created");
        }
        if (checkTime && signature.expires().isPresent() && signature.expires().get().isBefore(now)) {
            throw new SignatureException("the signature expired at " + signature.expires().get());
        }
        for (boolean refresh : new boolean[] {false, true}) {
            Key key = keys.resolve(signature.keyId(), refresh);
            if (Cavage.verify(message, signature, key)) {
                return new VerifiedSignature(signature.keyId(), VerifiedSignature.Scheme.CAVAGE,
                        Cavage.algorithm(signature, key), covered);
            }
        }
        throw new SignatureException("the draft-cavage signature does not verify with key " + signature.keyId());
    }

    /**
     * The Host header, which the signature covers, names the target's authority: the same host (ASCII case
     * ignored) and port (an absent port is the scheme's default). Nothing else is normalised: a trailing dot or
     * another spelling of the host is another authority.
     */
    private static void requireOwnAuthority(HttpMessage message) throws SignatureException {
        URI target = message.targetUri();
        String own = authority(target.getScheme(), target.getHost(), target.getPort());
        Optional<String> host = message.combined("host");
        if (host.isEmpty()) {
            return; // the signature then covers the target URI's own authority
        }
        String signed = host.get();
        String normalised = null;
        if (HOST_HEADER.matcher(signed).matches()) { // RFC 9110 7.2: uri-host [ ":" port ], no user info
            try {
                URI parsed = new URI(target.getScheme() + "://" + signed);
                normalised = parsed.getHost() == null ? null
                        : authority(target.getScheme(), parsed.getHost(), parsed.getPort());
            } catch (URISyntaxException e) {
                normalised = null;
            }
        }
        if (!own.equals(normalised)) {
            throw new SignatureException("the request was signed for " + signed + ", not for this server (" + own
                    + ")");
        }
    }

    private static String authority(String scheme, String host, int port) {
        int defaultPort = "https".equalsIgnoreCase(scheme) ? 443 : 80;
        String h = host.toLowerCase(Locale.ROOT);
        return port == -1 || port == defaultPort ? h : h + ":" + port;
    }

    private void checkTime(Instant signed, Instant now, String what) throws SignatureException {
        if (checkTime && Duration.between(signed, now).abs().compareTo(window) > 0) {
            throw new SignatureException(what + " " + signed + " is outside the accepted window of " + window
                    + " around " + now);
        }
    }

    private static Instant parseDate(HttpMessage message) throws SignatureException {
        String date = message.combined("date").orElseThrow(() -> new SignatureException("no Date header"));
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new SignatureException("Date header is not an HTTP date: " + date);
        }
    }

    private static void require(boolean condition, String message) throws SignatureException {
        if (!condition) {
            throw new SignatureException(message);
        }
    }
}
