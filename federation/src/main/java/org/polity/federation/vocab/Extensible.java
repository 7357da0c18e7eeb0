package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object that keeps the properties its subclass does not model. ActivityStreams is open: remote
 * servers add their own terms (Mastodon's {@code featured}, Lemmy's {@code moderators}, ...), so a document
 * parsed and written again must not lose them. Unknown properties are kept in reading order.
 */
public abstract class Extensible {
    private final Map<String, JsonNode> unknown = new LinkedHashMap<>();

    /** Properties this type does not model, as read (or as set with {@link #setUnknown}). */
    @JsonAnyGetter
    public Map<String, JsonNode> unknownProperties() {
        return Collections.unmodifiableMap(unknown);
    }

    @JsonAnySetter
    public void setUnknown(String name, JsonNode value) {
        unknown.put(name, value);
    }

    /** One unknown property, or null. */
    public JsonNode unknown(String name) {
        return unknown.get(name);
    }
}
