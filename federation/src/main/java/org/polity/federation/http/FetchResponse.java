package org.polity.federation.http;

import java.net.URI;
import java.util.Optional;

/**
 * A successful (2xx) GET: the URL asked for, the URL that finally answered (they differ after redirects),
 * the content type as sent and the body, read whole within the size cap.
 */
public record FetchResponse(URI requestedUrl, URI finalUrl, int status, String contentType, byte[] body) {
    public boolean redirected() {
        return !requestedUrl.equals(finalUrl);
    }

    public Optional<String> contentTypeHeader() {
        return Optional.ofNullable(contentType);
    }
}
