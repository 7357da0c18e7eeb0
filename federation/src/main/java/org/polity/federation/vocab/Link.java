package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An ActivityStreams {@code Link} (Activity Vocabulary, section 2.2): a reference to a resource by
 * {@code href}, with optional {@code rel}, {@code hreflang}, size and preview. Mastodon sends links in
 * {@code url}, {@code tag} ({@link Mention}, {@link Hashtag}) and {@code attachment}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "href", "rel", "mediaType", "name", "hreflang", "height", "width", "preview"})
public class Link extends ApEntity {
    @JsonProperty("href")
    private String href;
    /** One or many link relations (RFC 5988); kept as read. */
    @JsonProperty("rel")
    private JsonNode rel;
    @JsonProperty("hreflang")
    private String hreflang;
    @JsonProperty("height")
    private Integer height;
    @JsonProperty("width")
    private Integer width;
    @JsonProperty("preview")
    private ObjectRef preview;

    public Link() {}

    public Link(String type, String href) {
        type(type);
        this.href = href;
    }

    public String href() {
        return href;
    }

    public Link href(String value) {
        this.href = value;
        return this;
    }

    public JsonNode rel() {
        return rel;
    }

    public String hreflang() {
        return hreflang;
    }

    public Integer height() {
        return height;
    }

    public Integer width() {
        return width;
    }

    public ObjectRef preview() {
        return preview;
    }
}
