package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An ActivityStreams actor document ({@code Person}, {@code Group}, {@code Application}, {@code Service},
 * {@code Organization}) as it travels: the properties ActivityPub (section 4.1) and the fediverse use, plus
 * the Polity profile terms. Everything else is kept as read ({@link Extensible}), so a remote actor parsed and
 * written again loses nothing.
 *
 * <p>Properties whose ActivityStreams range is "object or link, one or many" ({@code url}, {@code icon},
 * {@code @context}) are kept as raw JSON; {@code type}, {@code attachment} and {@code tag} accept a single
 * value as well as an array on the way in. This is a wire type: the server converts it to and from its own
 * domain model and never stores it as such.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"@context", "id", "type", "preferredUsername", "name", "summary", "url", "inbox", "outbox",
        "followers", "following", "endpoints", "publicKey", "manuallyApprovesFollowers", "discoverable",
        "published", "icon", "organisation", "jobTitle", "country", "expertise", "attachment", "tag"})
public final class Actor extends Extensible {
    @JsonProperty("@context")
    private JsonNode context;
    @JsonProperty("id")
    private String id;
    @JsonProperty("type")
    @JsonFormat(with = {JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
            JsonFormat.Feature.WRITE_SINGLE_ELEM_ARRAYS_UNWRAPPED})
    private List<String> type;
    @JsonProperty("preferredUsername")
    private String preferredUsername;
    @JsonProperty("name")
    private String name;
    @JsonProperty("summary")
    private String summary;
    @JsonProperty("url")
    private JsonNode url;
    @JsonProperty("inbox")
    private String inbox;
    @JsonProperty("outbox")
    private String outbox;
    @JsonProperty("followers")
    private String followers;
    @JsonProperty("following")
    private String following;
    @JsonProperty("endpoints")
    private Endpoints endpoints;
    @JsonProperty("publicKey")
    private PublicKey publicKey;
    @JsonProperty("manuallyApprovesFollowers")
    private Boolean manuallyApprovesFollowers;
    @JsonProperty("discoverable")
    private Boolean discoverable;
    @JsonProperty("published")
    private String published;
    @JsonProperty("icon")
    private JsonNode icon;
    /** Polity: the organisation the person works for ({@code polity:organisation}). */
    @JsonProperty("organisation")
    private String organisation;
    /** Polity: the person's role ({@code polity:jobTitle}). */
    @JsonProperty("jobTitle")
    private String jobTitle;
    /** Polity: ISO 3166-1 alpha-2 code of the country the person serves ({@code polity:country}). */
    @JsonProperty("country")
    private String country;
    /** Polity: areas of expertise, free tags ({@code polity:expertise}). */
    @JsonProperty("expertise")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    private List<String> expertise;
    @JsonProperty("attachment")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    private List<JsonNode> attachment;
    @JsonProperty("tag")
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    private List<JsonNode> tag;

    public JsonNode context() {
        return context;
    }

    public Actor context(JsonNode value) {
        this.context = value;
        return this;
    }

    public String id() {
        return id;
    }

    public Actor id(String value) {
        this.id = value;
        return this;
    }

    /** The first type, or null: what most code means by "the type". */
    public String type() {
        return type == null || type.isEmpty() ? null : type.get(0);
    }

    /** Every type; written as a plain string when there is one. */
    public List<String> types() {
        return type == null ? List.of() : List.copyOf(type);
    }

    public boolean hasType(String name) {
        return type != null && type.contains(name);
    }

    public Actor type(String... values) {
        this.type = new ArrayList<>(List.of(values));
        return this;
    }

    public String preferredUsername() {
        return preferredUsername;
    }

    public Actor preferredUsername(String value) {
        this.preferredUsername = value;
        return this;
    }

    public String name() {
        return name;
    }

    public Actor name(String value) {
        this.name = value;
        return this;
    }

    /** HTML, to be sanitised before it is shown or stored. */
    public String summary() {
        return summary;
    }

    public Actor summary(String value) {
        this.summary = value;
        return this;
    }

    public JsonNode url() {
        return url;
    }

    /** The {@code url} when it is a plain string (as Polity and Mastodon write it), else null. */
    public String urlString() {
        return url != null && url.isTextual() ? url.asText() : null;
    }

    public Actor url(JsonNode value) {
        this.url = value;
        return this;
    }

    public String inbox() {
        return inbox;
    }

    public Actor inbox(String value) {
        this.inbox = value;
        return this;
    }

    public String outbox() {
        return outbox;
    }

    public Actor outbox(String value) {
        this.outbox = value;
        return this;
    }

    public String followers() {
        return followers;
    }

    public Actor followers(String value) {
        this.followers = value;
        return this;
    }

    public String following() {
        return following;
    }

    public Actor following(String value) {
        this.following = value;
        return this;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public Actor endpoints(Endpoints value) {
        this.endpoints = value;
        return this;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Actor publicKey(PublicKey value) {
        this.publicKey = value;
        return this;
    }

    public Boolean manuallyApprovesFollowers() {
        return manuallyApprovesFollowers;
    }

    public Actor manuallyApprovesFollowers(Boolean value) {
        this.manuallyApprovesFollowers = value;
        return this;
    }

    public Boolean discoverable() {
        return discoverable;
    }

    public Actor discoverable(Boolean value) {
        this.discoverable = value;
        return this;
    }

    /** An xsd:dateTime as written by the sender (kept as text so odd formats survive a round trip). */
    public String published() {
        return published;
    }

    public Actor published(String value) {
        this.published = value;
        return this;
    }

    public JsonNode icon() {
        return icon;
    }

    public Actor icon(JsonNode value) {
        this.icon = value;
        return this;
    }

    public String organisation() {
        return organisation;
    }

    public Actor organisation(String value) {
        this.organisation = value;
        return this;
    }

    public String jobTitle() {
        return jobTitle;
    }

    public Actor jobTitle(String value) {
        this.jobTitle = value;
        return this;
    }

    public String country() {
        return country;
    }

    public Actor country(String value) {
        this.country = value;
        return this;
    }

    public List<String> expertise() {
        return expertise == null ? List.of() : List.copyOf(expertise);
    }

    public Actor expertise(List<String> values) {
        this.expertise = values == null ? null : new ArrayList<>(values);
        return this;
    }

    public List<JsonNode> attachment() {
        return attachment == null ? List.of() : List.copyOf(attachment);
    }

    public Actor attachment(List<JsonNode> values) {
        this.attachment = values == null ? null : new ArrayList<>(values);
        return this;
    }

    public List<JsonNode> tag() {
        return tag == null ? List.of() : List.copyOf(tag);
    }

    public Actor tag(List<JsonNode> values) {
        this.tag = values == null ? null : new ArrayList<>(values);
        return this;
    }
}
