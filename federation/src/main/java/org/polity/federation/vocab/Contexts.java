package org.polity.federation.vocab;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@code @context} values Polity writes, and the Polity context document itself.
 *
 * <p>The Polity context ({@value ActivityStreams#POLITY_CONTEXT}) ships inside this library and is served by
 * every instance; it is never fetched from the network (DESIGN.md, project vocabulary).
 */
public final class Contexts {
    /** Classpath location of the Polity context document. */
    public static final String POLITY_CONTEXT_RESOURCE = "/org/polity/federation/contexts/polity-v1.jsonld";
    /** Mastodon's namespace, which defines {@code discoverable}. */
    public static final String TOOT_NAMESPACE = "http://joinmastodon.org/ns#";
    /** schema.org as Mastodon spells it in actor contexts ({@code PropertyValue}, {@code value}). */
    public static final String SCHEMA_NAMESPACE = "http://schema.org#";

    /** The terms of {@code proof} and {@code DataIntegrityProof} (FEP-8b32). */
    public static final String DATA_INTEGRITY_CONTEXT = "https://w3id.org/security/data-integrity/v1";
    /** DID Core v1, which defines {@code assertionMethod} and {@code controller}. */
    public static final String DID_CONTEXT = "https://www.w3.org/ns/did/v1";
    /** FEP-521a: {@code Multikey} and {@code publicKeyMultibase}. */
    public static final String MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1";

    private Contexts() {}

    /**
     * The context of an actor document: ActivityStreams, Security v1, the Polity terms inline, then inline
     * definitions
     * of the Mastodon extension terms actors use ({@code manuallyApprovesFollowers} is an {@code as:} term
     * the ActivityStreams context does not define; {@code discoverable} is Mastodon's; {@code PropertyValue}
     * and {@code value} come from schema.org), written the way Mastodon writes them so that its JSON-LD
     * processing reads them.
     */
    public static ArrayNode actorContext() {
        ArrayNode context = JsonNodeFactory.instance.arrayNode();
        context.add(ActivityStreams.CONTEXT);
        context.add(ActivityStreams.SECURITY_CONTEXT);
        context.add(polityTerms());
        context.add(mastodonExtensions());
        // FEP-521a / FEP-8b32: assertionMethod (DID v1), Multikey and the proof terms, last so that their protected
        // terms redefine nothing before them. Fedify names the same three (fixtures/fedify-captured/actor-bob.json).
        context.add(DATA_INTEGRITY_CONTEXT);
        context.add(DID_CONTEXT);
        context.add(MULTIKEY_CONTEXT);
        return context;
    }

    /**
     * The Polity terms, written inline rather than as the {@value ActivityStreams#POLITY_CONTEXT} URL. Servers
     * that process JSON-LD (Fedify, for one) fetch a context URL they do not know, and that URL is a name, not
     * a registered redirect: a fetch fails and the whole document with it (found by scripts/interop, see
     * docs/interop.md). Inline definitions need no fetch, as Mastodon does for its own extensions. The context
     * document stays the vocabulary's definition and is served by every instance at /ns/polity/v1.
     */
    public static ObjectNode polityTerms() {
        return POLITY_TERMS.deepCopy();
    }

    private static final ObjectNode POLITY_TERMS = parseTerms();

    private static ObjectNode parseTerms() {
        try {
            return (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(polityContextDocument())
                    .get("@context");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The inline term definitions for Mastodon-compatible actor properties. */
    public static ObjectNode mastodonExtensions() {
        ObjectNode terms = JsonNodeFactory.instance.objectNode();
        terms.put("manuallyApprovesFollowers", "as:manuallyApprovesFollowers");
        terms.put("toot", TOOT_NAMESPACE);
        terms.put("discoverable", "toot:discoverable");
        terms.put("schema", SCHEMA_NAMESPACE);
        terms.put("PropertyValue", "schema:PropertyValue");
        terms.put("value", "schema:value");
        return terms;
    }

    /** The Polity JSON-LD context document, as stored in this library. */
    public static String polityContextDocument() {
        try (InputStream in = Contexts.class.getResourceAsStream(POLITY_CONTEXT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + POLITY_CONTEXT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
