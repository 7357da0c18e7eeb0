package org.polity.federation.http;

import java.net.URI;
import java.util.Optional;

/**
 * A successful (2xx) GET, with the cache validators it sent (ETag, Last-Modified): the URL asked for, the URL that finally answered (they differ after redirects),
 * the content type as sent and the body, read whole within the size cap.
 */
public record FetchResponse(URI requestedUrl, URI finalUrl, int status, String contentType, byte[] body,
        java.util.Map<String, String> validators) {
    /** Without validators. */
    public FetchResponse(URI requestedUrl, URI finalUrl, int status, String contentType, byte[] body) {
        this(requestedUrl, finalUrl, status, contentType, body, java.util.Map.of());
    }

    /** The response's {@code ETag}, for a later {@code If-None-Match}. */
    public Optional<String> etag() {
        return Optional.ofNullable(validators.get("ETag"));
    }

    /** The response's {@code Last-Modified}, for a later {@code If-Modified-Since}. */
    public Optional<String> lastModified() {
        return Optional.ofNullable(validators.get("Last-Modified"));
    }

    public boolean redirected() {
        return !requestedUrl.equals(finalUrl);
    }

    public Optional<String> contentTypeHeader() {
        return Optional.ofNullable(contentType);
    }
}
