package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An object's {@code source} (ActivityPub, section 3.3): the text the author wrote, e.g. Markdown, from
 * which {@code content} was rendered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Source extends Extensible {
    @JsonProperty("content")
    private String content;
    @JsonProperty("mediaType")
    private String mediaType;

    public Source() {}

    public Source(String content, String mediaType) {
        this.content = content;
        this.mediaType = mediaType;
    }

    public String content() {
        return content;
    }

    public String mediaType() {
        return mediaType;
    }
}
