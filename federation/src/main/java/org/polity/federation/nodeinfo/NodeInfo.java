package org.polity.federation.nodeinfo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A NodeInfo 2.1 document (http://nodeinfo.diaspora.software/ns/schema/2.1): what software a server runs,
 * which protocols it speaks, whether it takes sign-ups, and how many users it has. Servers find it through
 * {@code /.well-known/nodeinfo} ({@link #WELL_KNOWN_PATH}), a JRD-shaped list of links whose {@code rel} is
 * the schema URL ({@link #REL_2_1}).
 *
 * <p>Optional members are left out when null. Unknown members are ignored when parsing a remote document.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"version", "software", "protocols", "services", "openRegistrations", "usage", "metadata"})
public record NodeInfo(
        String version,
        Software software,
        List<String> protocols,
        Services services,
        boolean openRegistrations,
        Usage usage,
        Map<String, Object> metadata) {

    public static final String VERSION = "2.1";
    public static final String WELL_KNOWN_PATH = "/.well-known/nodeinfo";
    /** The link relation naming the 2.1 schema in the discovery document. */
    public static final String REL_2_1 = "http://nodeinfo.diaspora.software/ns/schema/2.1";
    /** The media type the 2.1 document is served with (NodeInfo protocol, "Retrieval"). */
    public static final String MEDIA_TYPE_2_1 = "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"";
    public static final String PROTOCOL_ACTIVITYPUB = "activitypub";

    /** {@code name} matches {@code ^[a-z0-9-]+$} per the schema; {@code repository} and {@code homepage} are optional. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"name", "version", "repository", "homepage"})
    public record Software(String name, String version, String repository, String homepage) {}

    /** Third-party services the server can read from ({@code inbound}) or publish to ({@code outbound}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Services(List<String> inbound, List<String> outbound) {
        public static Services none() {
            return new Services(List.of(), List.of());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"users", "localPosts", "localComments"})
    public record Usage(Users users, Long localPosts, Long localComments) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"total", "activeMonth", "activeHalfyear"})
    public record Users(Long total, Long activeMonth, Long activeHalfyear) {}
}
