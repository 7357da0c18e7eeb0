package org.polity.server.model;

import java.util.List;
import java.util.Set;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApTypes;

/**
 * Which directory an object belongs in, from its full type list: the {@code objects} table keeps only the
 * first (standard) type in {@code object_type}, while Polity's own types ride beside it
 * ({@code ["Article","Challenge"]}, DESIGN.md). Both writers (local creates and received objects) store the
 * kind in {@code objects.kind} through {@link #of}; objects of no directory (notes, plain pages) have none.
 * Responses to challenges have a kind of their own, so that a challenge's responses, and the knowledge base's,
 * are one indexed query away.
 */
public enum ObjectKind {
    /** A country challenge: Polity type {@code Challenge}. */
    CHALLENGE,
    /** A response to a challenge: Polity type {@code ChallengeResponse} (listed under its challenge). */
    RESPONSE,
    /** A case study: Polity type {@code CaseStudy}. */
    CASE_STUDY,
    /** A resource: an ActivityStreams {@code Document}, or Polity type {@code Resource}. */
    RESOURCE,
    /** A blog post: an {@code Article} that carries no Polity type. */
    BLOG;

    /** Polity's own object types (the Polity context, docs/vocabulary.md), by local name. */
    static final Set<String> POLITY_TYPES = Set.of("Challenge", "ChallengeResponse", "CaseStudy", "Resource");
    private static final String POLITY_PREFIX = "polity:";

    /**
     * The kind of an object with these types (as written on the wire: compacted, {@code as:}/{@code polity:}
     * prefixed, or full IRIs), or null when it belongs in no directory. A Polity type decides before a
     * standard one, so {@code ["Document","Challenge"]} is a challenge; an Article that answers a challenge
     * ({@code ChallengeResponse}) is not a blog post.
     */
    public static ObjectKind of(List<String> types) {
        List<String> names = types.stream().map(ObjectKind::localName).toList();
        if (names.contains("Challenge")) {
            return CHALLENGE;
        }
        if (names.contains("ChallengeResponse")) {
            return RESPONSE;
        }
        if (names.contains("CaseStudy")) {
            return CASE_STUDY;
        }
        if (names.contains("Resource") || names.contains("Document")) {
            return RESOURCE;
        }
        if (names.contains("Article") && names.stream().noneMatch(POLITY_TYPES::contains)) {
            return BLOG;
        }
        return null;
    }

    /** {@code as:Note}, the full ActivityStreams IRI, {@code polity:Challenge} and the Polity IRI: the bare name. */
    static String localName(String type) {
        String name = ApTypes.localName(type);
        if (name == null) {
            return "";
        }
        if (name.startsWith(POLITY_PREFIX)) {
            return name.substring(POLITY_PREFIX.length());
        }
        if (name.startsWith(ActivityStreams.POLITY_NAMESPACE)) {
            return name.substring(ActivityStreams.POLITY_NAMESPACE.length());
        }
        return name;
    }
}
