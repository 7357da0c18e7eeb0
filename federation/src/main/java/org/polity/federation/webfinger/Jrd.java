package org.polity.federation.webfinger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polity.federation.vocab.Extensible;

/**
 * A JSON Resource Descriptor (RFC 7033, section 4.4): the answer to a WebFinger query, and also the shape
 * of {@code /.well-known/host-meta.json} (RFC 6415) and of the NodeInfo discovery document, which carry
 * only {@code links}. Empty members are left out. Unknown members are kept.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"subject", "aliases", "properties", "links"})
public final class Jrd extends Extensible {
    @JsonProperty("subject")
    private String subject;
    @JsonProperty("aliases")
    private List<String> aliases = new ArrayList<>();
    /** Values may be null (RFC 7033, section 4.4.3), so this map is written with nulls kept. */
    @JsonProperty("properties")
    @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
    private Map<String, String> properties = new LinkedHashMap<>();
    @JsonProperty("links")
    private List<Link> links = new ArrayList<>();

    public String subject() {
        return subject;
    }

    public Jrd subject(String value) {
        this.subject = value;
        return this;
    }

    public List<String> aliases() {
        return List.copyOf(aliases);
    }

    public Jrd alias(String value) {
        aliases.add(value);
        return this;
    }

    public Map<String, String> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }

    public Jrd property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    public List<Link> links() {
        return List.copyOf(links);
    }

    public Jrd link(Link value) {
        links.add(value);
        return this;
    }

    /** The first link with {@code rel}, and {@code type} too when it is not null. */
    public java.util.Optional<Link> findLink(String rel, String type) {
        return links.stream()
                .filter(l -> rel.equals(l.rel()) && (type == null || type.equals(l.type())))
                .findFirst();
    }

    /**
     * A copy with only the links whose {@code rel} is in {@code rels} (RFC 7033, section 4.3: the {@code rel}
     * parameter filters links, never the other members). An empty set keeps every link.
     */
    public Jrd onlyRels(Set<String> rels) {
        Jrd copy = new Jrd();
        copy.subject = subject;
        copy.aliases = new ArrayList<>(aliases);
        copy.properties = new LinkedHashMap<>(properties);
        unknownProperties().forEach(copy::setUnknown);
        for (Link l : links) {
            if (rels.isEmpty() || rels.contains(l.rel())) {
                copy.links.add(l);
            }
        }
        return copy;
    }

    /** One link of a JRD (RFC 7033, section 4.4.4); {@code template} is the RFC 6415 extension. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"rel", "type", "href", "template", "titles", "properties"})
    public static final class Link extends Extensible {
        @JsonProperty("rel")
        private String rel;
        @JsonProperty("type")
        private String type;
        @JsonProperty("href")
        private String href;
        @JsonProperty("template")
        private String template;
        @JsonProperty("titles")
        private Map<String, String> titles = new LinkedHashMap<>();
        @JsonProperty("properties")
        @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        private Map<String, String> properties = new LinkedHashMap<>();

        public Link() {}

        public static Link href(String rel, String type, String href) {
            Link link = new Link();
            link.rel = rel;
            link.type = type;
            link.href = href;
            return link;
        }

        public static Link template(String rel, String template) {
            Link link = new Link();
            link.rel = rel;
            link.template = template;
            return link;
        }

        public String rel() {
            return rel;
        }

        public String type() {
            return type;
        }

        public String href() {
            return href;
        }

        public String template() {
            return template;
        }

        public Map<String, String> titles() {
            return java.util.Collections.unmodifiableMap(titles);
        }

        public Map<String, String> properties() {
            return java.util.Collections.unmodifiableMap(properties);
        }
    }
}
