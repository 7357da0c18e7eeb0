package org.polity.federation.resolve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;

/** A fetched ActivityStreams document and the URL that finally served it. */
public record FetchedDocument(ObjectNode json, URI requestedUrl, URI finalUrl) {
    /** The document's {@code id}, or null when it has none or it is not a string. */
    public String id() {
        return json.path("id").isTextual() ? json.get("id").asText() : null;
    }
}
