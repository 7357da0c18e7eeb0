package org.polity.federation.vocab;

/**
 * Media types and JSON-LD context IRIs of ActivityStreams and the vocabularies Polity uses beside it.
 *
 * <p>ActivityPub (W3C Recommendation, section 3.2) names two equivalent media types for actor and object
 * documents: {@code application/activity+json} and {@code application/ld+json} with the ActivityStreams
 * profile. Servers must accept both when fetching and answer both when asked.
 */
public final class ActivityStreams {
    /** The ActivityStreams 2.0 media type (Activity Vocabulary, section 1.4). */
    public static final String MEDIA_TYPE = "application/activity+json";
    /** The JSON-LD media type without parameters, as some servers send it in {@code Accept}. */
    public static final String LD_JSON = "application/ld+json";
    /** The JSON-LD media type with the ActivityStreams profile, the form ActivityPub recommends. */
    public static final String LD_JSON_PROFILE = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    /** The ActivityStreams 2.0 context. */
    public static final String CONTEXT = "https://www.w3.org/ns/activitystreams";
    /** The Security Vocabulary v1 context, which defines {@code publicKey} and {@code publicKeyPem}. */
    public static final String SECURITY_CONTEXT = "https://w3id.org/security/v1";
    /** Polity's own vocabulary (organisation, jobTitle, country, expertise, Challenge, ...). */
    public static final String POLITY_CONTEXT = "https://w3id.org/polity/v1";
    /** The namespace the Polity context maps its terms into (prefix {@code polity}). */
    public static final String POLITY_NAMESPACE = "https://w3id.org/polity/ns#";

    /** The special collection meaning "everyone" (Activity Vocabulary, section 5.6). */
    public static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";

    /**
     * Whether an addressing value names the Public collection. Besides the full IRI, compacted documents
     * carry {@code as:Public} and {@code Public} (JSON-LD compaction against the ActivityStreams context, which
     * ActivityPub section 5.6 says receivers must treat as equivalent).
     */
    public static boolean isPublic(String iri) {
        return PUBLIC.equals(iri) || "as:Public".equals(iri) || "Public".equals(iri);
    }

    private ActivityStreams() {}
}
