package org.polity.federation.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and settings of every server-to-server request (DESIGN.md, "Rules that hold everywhere").
 *
 * @param allowPrivate   POLITY_ALLOW_PRIVATE_ADDRESSES: also contact loopback and private networks
 * @param allowHttp      allow plain {@code http} URLs. Production federation is {@code https} only: an object
 *                       fetched over plain HTTP from the public internet could have been altered on the way,
 *                       and its {@code id} would then vouch for content its origin never served. Plain HTTP is
 *                       for tests and closed networks, so {@link #defaults} ties it to {@code allowPrivate}.
 * @param connectTimeout time to open a connection
 * @param readTimeout    longest silence while reading
 * @param callTimeout    one request from connect to last byte; a fetch makes at most {@code maxRedirects + 1}
 *                       hops, each possibly knocked twice, so its worst case is a multiple of this
 * @param maxBytes       largest response body read; bigger ones are refused, never truncated
 * @param maxRedirects   redirects followed for one fetch (deliveries never follow redirects)
 * @param userAgent      e.g. {@code Polity/0.1.0 (+https://gov.example)}
 */
public record FederationHttpOptions(boolean allowPrivate, boolean allowHttp, Duration connectTimeout,
        Duration readTimeout, Duration callTimeout, long maxBytes, int maxRedirects, String userAgent) {

    public static final long DEFAULT_MAX_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_REDIRECTS = 3;

    public FederationHttpOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(userAgent, "userAgent");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative");
        }
    }

    /** 5 s to connect, 10 s of read silence, 20 s in all, 1 MiB, 3 redirects; http only with allowPrivate. */
    public static FederationHttpOptions defaults(boolean allowPrivate, String userAgent) {
        return new FederationHttpOptions(allowPrivate, allowPrivate, Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(20), DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, userAgent);
    }

    /** {@code Polity/<version> (+<base url>)}, the form Mastodon and Fedify use so admins can find who fetches. */
    public static String userAgent(String version, String baseUrl) {
        return "Polity/" + version + " (+" + baseUrl + ")";
    }

    public FederationHttpOptions withAllowHttp(boolean value) {
        return new FederationHttpOptions(allowPrivate, value, connectTimeout, readTimeout, callTimeout, maxBytes,
                maxRedirects, userAgent);
    }

    public FederationHttpOptions withTimeouts(Duration connect, Duration read, Duration call) {
        return new FederationHttpOptions(allowPrivate, allowHttp, connect, read, call, maxBytes, maxRedirects,
                userAgent);
    }

    public FederationHttpOptions withMaxBytes(long value) {
        return new FederationHttpOptions(allowPrivate, allowHttp, connectTimeout, readTimeout, callTimeout, value,
                maxRedirects, userAgent);
    }

    public FederationHttpOptions withMaxRedirects(int value) {
        return new FederationHttpOptions(allowPrivate, allowHttp, connectTimeout, readTimeout, callTimeout, maxBytes,
                value, userAgent);
    }
}
