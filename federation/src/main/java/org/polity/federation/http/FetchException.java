package org.polity.federation.http;

import java.io.IOException;
import java.net.URI;

/**
 * A fetch that failed or was refused, with the reason as a value so callers can decide (retry, answer 4xx,
 * mark an actor gone on 410) without parsing messages. The message says what happened, fit for a log line.
 */
public final class FetchException extends IOException {
    public enum Reason {
        /** The host resolves to, or is, an address the SSRF guard forbids. */
        BLOCKED_ADDRESS,
        /** Not http(s), or http where only https is allowed. */
        SCHEME,
        /** More redirects than allowed, or a redirect without a usable Location. */
        REDIRECT,
        /** The body is larger than the cap. */
        TOO_LARGE,
        /** The server answered a status other than 2xx; see {@link #status()}. */
        HTTP_STATUS,
        /** The response is not an ActivityStreams document. */
        CONTENT_TYPE,
        /** The document's {@code id} is not the URL it was fetched from. */
        ID_MISMATCH,
        /** Not JSON, not an object, or missing what the caller needs (a key, an owner...). */
        INVALID_DOCUMENT,
        /** The per-request fetch budget is spent. */
        BUDGET_EXHAUSTED,
        /** The application's filter refused the URL (blocked domain...). */
        REFUSED_BY_APPLICATION,
        /** Connection, timeout or other transport failure. */
        NETWORK
    }

    private final Reason reason;
    private final URI url;
    private final int status;

    public FetchException(Reason reason, URI url, String message) {
        this(reason, url, 0, message, null);
    }

    public FetchException(Reason reason, URI url, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.url = url;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The URL being fetched when it failed (the redirect target, for a refused redirect). */
    public URI url() {
        return url;
    }

    /** The HTTP status for {@link Reason#HTTP_STATUS}, else 0. */
    public int status() {
        return status;
    }
}
