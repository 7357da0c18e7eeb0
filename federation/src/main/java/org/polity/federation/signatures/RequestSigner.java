package org.polity.federation.signatures;

import java.security.PrivateKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Signs outbound requests as ActivityPub servers expect: RFC 9421 ({@code rsa-v1_5-sha256} over
 * {@code @method @target-uri @authority date} and {@code content-digest} for bodies, as Fedify signs) or
 * draft-cavage ({@code rsa-sha256} over {@code (request-target) host date} and {@code digest}, as Mastodon
 * signs). Adds {@code Date} and the digest headers itself.
 */
public final class RequestSigner {
    private RequestSigner() {}

    public static HttpMessage signRfc9421(HttpMessage request, String keyId, PrivateKey key, Instant now)
            throws SignatureException {
        HttpMessage m = withDate(request, now);
        List<String> components = new ArrayList<>(List.of("@method", "@target-uri", "@authority", "date"));
        if (m.body().length > 0) {
            m = m.withHeader("Content-Digest", Digests.contentDigestHeader(m.body()));
            components.add("content-digest");
        }
        return Rfc9421.sign(m, components, keyId, key, SignatureAlgorithm.RSA_V1_5_SHA256, now);
    }

    public static HttpMessage signCavage(HttpMessage request, String keyId, PrivateKey key, Instant now)
            throws SignatureException {
        HttpMessage m = withDate(request, now);
        if (!m.has("host")) {
            m = m.withHeader("Host", m.authority());
        }
        List<String> headers = new ArrayList<>(List.of("(request-target)", "host", "date"));
        if (m.body().length > 0) {
            m = m.withHeader("Digest", Digests.digestHeader(m.body()));
            headers.add("digest");
        }
        return Cavage.sign(m, headers, keyId, key);
    }

    /** IMF-fixdate (RFC 9110 section 5.6.7): always two-digit days, always GMT. */
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static HttpMessage withDate(HttpMessage m, Instant now) {
        return m.has("date") ? m : m.withHeader("Date", HTTP_DATE.format(now));
    }
}
