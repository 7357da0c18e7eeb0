package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ActivityStreams {@code Object} as it travels (Activity Vocabulary, section 2.1; properties from
 * section 4): the properties Polity reads and writes, typed, and every other property kept as read
 * ({@link Extensible}), so that a document parsed and written again loses nothing.
 *
 * <p>Object types without a class of their own ({@code Note}, {@code Article}, {@code Page},
 * {@code Document}, {@code Question}, actors, Polity's {@code Challenge}, unknown types ...) read as a
 * plain {@code ApObject} whose {@link #types()} say what it is. Properties of range "one or more Objects or
 * Links" are {@link RefList}s, which accept a bare IRI, an embedded object or an array of either, and
 * remember the form for writing. Addressing properties ({@code to}, {@code cc}, {@code bto},
 * {@code bcc}, {@code audience}) read as lists of IRIs. {@code null} values are omitted when writing:
 * in JSON-LD a property whose value is null is the same as an absent one (the JSON-LD 1.1 Expansion Algorithm
 * drops it).
 *
 * <p>This is a wire type: the server converts it to and from its own model (ApToModel / ModelToAp).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"@context", "id", "type", "name", "mediaType", "summary", "content", "contentMap", "url", "attributedTo", "published", "updated", "inReplyTo", "context", "conversation", "to", "cc", "bto", "bcc", "audience", "tag", "attachment", "replies", "sensitive", "source", "icon", "image"})
public class ApObject extends ApEntity {
    @JsonProperty("@context")
    private JsonNode jsonLdContext;
    @JsonProperty("summary")
    private String summary;
    @JsonProperty("content")
    private String content;
    @JsonProperty("contentMap")
    private Map<String, String> contentMap;
    @JsonProperty("url")
    private RefList url;
    @JsonProperty("attributedTo")
    private RefList attributedTo;
    @JsonProperty("published")
    private String published;
    @JsonProperty("updated")
    private String updated;
    @JsonProperty("inReplyTo")
    private RefList inReplyTo;
    @JsonProperty("context")
    private RefList context;
    @JsonProperty("conversation")
    private RefList conversation;
    @JsonProperty("to")
    private RefList to;
    @JsonProperty("cc")
    private RefList cc;
    @JsonProperty("bto")
    private RefList bto;
    @JsonProperty("bcc")
    private RefList bcc;
    @JsonProperty("audience")
    private RefList audience;
    @JsonProperty("tag")
    private RefList tag;
    @JsonProperty("attachment")
    private RefList attachment;
    @JsonProperty("replies")
    private ObjectRef replies;
    @JsonProperty("sensitive")
    private Boolean sensitive;
    /** Kept as read: an object {content, mediaType}, or (Pleroma) a plain string. */
    @JsonProperty("source")
    private JsonNode source;
    @JsonProperty("icon")
    private RefList icon;
    @JsonProperty("image")
    private RefList image;

    /** The {@code @context} as read (a string, an object or an array), or null. */
    public JsonNode jsonLdContext() {
        return jsonLdContext;
    }

    public ApObject jsonLdContext(JsonNode value) {
        this.jsonLdContext = value;
        return this;
    }

    @Override
    public ApObject id(String value) {
        super.id(value);
        return this;
    }

    @Override
    public ApObject type(String... values) {
        super.type(values);
        return this;
    }

    @Override
    public ApObject name(String value) {
        super.name(value);
        return this;
    }

    @Override
    public ApObject mediaType(String value) {
        super.mediaType(value);
        return this;
    }

    /** HTML, to be sanitised before it is shown or stored. */
    public String summary() {
        return summary;
    }

    public ApObject summary(String value) {
        this.summary = value;
        return this;
    }

    /** HTML, to be sanitised before it is shown or stored. */
    public String content() {
        return content;
    }

    public ApObject content(String value) {
        this.content = value;
        return this;
    }

    /** {@code content} by language tag (Activity Vocabulary, section 4.1 natural language values). */
    public Map<String, String> contentMap() {
        return contentMap == null ? Map.of() : Collections.unmodifiableMap(contentMap);
    }

    public ApObject contentMap(Map<String, String> value) {
        this.contentMap = value == null ? null : new LinkedHashMap<>(value);
        return this;
    }

    /** One or more IRIs or {@link Link}s to a representation of the object (often its HTML page). */
    public RefList urlRefs() {
        return url == null ? RefList.empty() : url;
    }

    /** The IRIs named by {@code url}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> url() {
        return urlRefs().ids();
    }

    public ApObject url(RefList value) {
        this.url = value;
        return this;
    }

    /** The actors (or for Lemmy communities, a moderators collection) the object is attributed to. */
    public RefList attributedToRefs() {
        return attributedTo == null ? RefList.empty() : attributedTo;
    }

    /** The IRIs named by {@code attributedTo}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> attributedTo() {
        return attributedToRefs().ids();
    }

    public ApObject attributedTo(RefList value) {
        this.attributedTo = value;
        return this;
    }

    /** An xsd:dateTime as written by the sender (kept as text so odd formats survive a round trip). */
    public String published() {
        return published;
    }

    public ApObject published(String value) {
        this.published = value;
        return this;
    }

    /** An xsd:dateTime as written by the sender. */
    public String updated() {
        return updated;
    }

    public ApObject updated(String value) {
        this.updated = value;
        return this;
    }

    /** The object(s) this one answers. */
    public RefList inReplyToRefs() {
        return inReplyTo == null ? RefList.empty() : inReplyTo;
    }

    /** The IRIs named by {@code inReplyTo}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> inReplyTo() {
        return inReplyToRefs().ids();
    }

    public ApObject inReplyTo(RefList value) {
        this.inReplyTo = value;
        return this;
    }

    /** The thread or context the object belongs to (FEP-7888); not {@code @context}. */
    public RefList contextRefs() {
        return context == null ? RefList.empty() : context;
    }

    /** The IRIs named by {@code context}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> context() {
        return contextRefs().ids();
    }

    public ApObject context(RefList value) {
        this.context = value;
        return this;
    }

    /** OStatus/Mastodon conversation id (ostatus:conversation), often a {@code tag:} URI. */
    public RefList conversationRefs() {
        return conversation == null ? RefList.empty() : conversation;
    }

    /** The IRIs named by {@code conversation}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> conversation() {
        return conversationRefs().ids();
    }

    public ApObject conversation(RefList value) {
        this.conversation = value;
        return this;
    }

    /** Primary audience (ActivityPub, section 5.1). Normalised to IRIs, whatever form each value had (string, object with id, array). */
    public List<String> to() {
        return to == null ? List.of() : to.ids();
    }

    /** {@code to} as read, each value in the form it was sent. */
    public RefList toRefs() {
        return to == null ? RefList.empty() : to;
    }

    /** Sets {@code to} to IRIs, written as an array; null or empty removes it. */
    public ApObject to(List<String> iris) {
        this.to = iris == null || iris.isEmpty() ? null : RefList.ofIris(iris);
        return this;
    }

    /** Secondary audience. Normalised to IRIs, whatever form each value had (string, object with id, array). */
    public List<String> cc() {
        return cc == null ? List.of() : cc.ids();
    }

    /** {@code cc} as read, each value in the form it was sent. */
    public RefList ccRefs() {
        return cc == null ? RefList.empty() : cc;
    }

    /** Sets {@code cc} to IRIs, written as an array; null or empty removes it. */
    public ApObject cc(List<String> iris) {
        this.cc = iris == null || iris.isEmpty() ? null : RefList.ofIris(iris);
        return this;
    }

    /** Private primary audience; never delivered as-is (ActivityPub, section 6). Normalised to IRIs, whatever form each value had (string, object with id, array). */
    public List<String> bto() {
        return bto == null ? List.of() : bto.ids();
    }

    /** {@code bto} as read, each value in the form it was sent. */
    public RefList btoRefs() {
        return bto == null ? RefList.empty() : bto;
    }

    /** Sets {@code bto} to IRIs, written as an array; null or empty removes it. */
    public ApObject bto(List<String> iris) {
        this.bto = iris == null || iris.isEmpty() ? null : RefList.ofIris(iris);
        return this;
    }

    /** Private secondary audience. Normalised to IRIs, whatever form each value had (string, object with id, array). */
    public List<String> bcc() {
        return bcc == null ? List.of() : bcc.ids();
    }

    /** {@code bcc} as read, each value in the form it was sent. */
    public RefList bccRefs() {
        return bcc == null ? RefList.empty() : bcc;
    }

    /** Sets {@code bcc} to IRIs, written as an array; null or empty removes it. */
    public ApObject bcc(List<String> iris) {
        this.bcc = iris == null || iris.isEmpty() ? null : RefList.ofIris(iris);
        return this;
    }

    /** The group or audience the object is for (FEP-1b12: the group a post is in). Normalised to IRIs, whatever form each value had (string, object with id, array). */
    public List<String> audience() {
        return audience == null ? List.of() : audience.ids();
    }

    /** {@code audience} as read, each value in the form it was sent. */
    public RefList audienceRefs() {
        return audience == null ? RefList.empty() : audience;
    }

    /** Sets {@code audience} to IRIs, written as an array; null or empty removes it. */
    public ApObject audience(List<String> iris) {
        this.audience = iris == null || iris.isEmpty() ? null : RefList.ofIris(iris);
        return this;
    }

    /** Mentions, hashtags and custom emoji ({@link Mention}, {@link Hashtag}, {@code Emoji} objects). */
    public RefList tagRefs() {
        return tag == null ? RefList.empty() : tag;
    }

    /** The IRIs named by {@code tag}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> tag() {
        return tagRefs().ids();
    }

    public ApObject tag(RefList value) {
        this.tag = value;
        return this;
    }

    /** Attached documents, images, links or profile fields. */
    public RefList attachmentRefs() {
        return attachment == null ? RefList.empty() : attachment;
    }

    /** The IRIs named by {@code attachment}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> attachment() {
        return attachmentRefs().ids();
    }

    public ApObject attachment(RefList value) {
        this.attachment = value;
        return this;
    }

    /** The replies collection, by IRI or embedded. */
    public ObjectRef replies() {
        return replies;
    }

    public ApObject replies(ObjectRef value) {
        this.replies = value;
        return this;
    }

    /** Mastodon's content warning flag ({@code as:sensitive}). */
    public Boolean sensitive() {
        return sensitive;
    }

    public ApObject sensitive(Boolean value) {
        this.sensitive = value;
        return this;
    }

    /**
     * The text the content was rendered from (ActivityPub, section 3.3), or null. Pleroma sends a plain
     * string (the source text without a media type); that reads as a Source with no media type.
     */
    public Source source() {
        if (source == null || source.isNull()) {
            return null;
        }
        if (source.isTextual()) {
            return new Source(source.textValue(), null);
        }
        return new Source(source.path("content").asText(null), source.path("mediaType").asText(null));
    }

    public ApObject source(Source value) {
        this.source = value == null ? null : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("content", value.content()).put("mediaType", value.mediaType());
        return this;
    }

    /** Icon image(s) or links. */
    public RefList iconRefs() {
        return icon == null ? RefList.empty() : icon;
    }

    /** The IRIs named by {@code icon}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> icon() {
        return iconRefs().ids();
    }

    public ApObject icon(RefList value) {
        this.icon = value;
        return this;
    }

    /** Image(s) or links, e.g. a header or a preview. */
    public RefList imageRefs() {
        return image == null ? RefList.empty() : image;
    }

    /** The IRIs named by {@code image}: bare IRIs, embedded objects' ids, links' hrefs. */
    public List<String> image() {
        return imageRefs().ids();
    }

    public ApObject image(RefList value) {
        this.image = value;
        return this;
    }

    /**
     * Whether the object is addressed to everyone: {@code to}, {@code cc}, {@code bto}, {@code bcc} or
     * {@code audience} names the Public collection in any of its spellings ({@link ActivityStreams#isPublic}).
     */
    @JsonIgnore
    public boolean isPublic() {
        for (List<String> addressed : List.of(to(), cc(), bto(), bcc(), audience())) {
            for (String iri : addressed) {
                if (ActivityStreams.isPublic(iri)) {
                    return true;
                }
            }
        }
        return false;
    }
}
