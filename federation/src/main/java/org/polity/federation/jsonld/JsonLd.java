package org.polity.federation.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.json.JsonArray;
import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LangJSONLD11;
import org.apache.jena.sparql.util.Context;
import org.polity.federation.vocab.ActivityStreams;

/**
 * JSON-LD 1.1 processing of ActivityStreams documents, with no network access: expansion to the full-IRI
 * form, and conversion to RDF (a Jena {@link Model}) for the hub's Linked Data / SPARQL view.
 *
 * <p>How the loader is plugged in: Jena 5 reads JSON-LD 1.1 with Titanium JSON-LD ({@code com.apicatalog:
 * titanium-json-ld}, a dependency of jena-arq). Jena's reader {@code org.apache.jena.riot.lang.LangJSONLD11}
 * takes Titanium's {@link JsonLdOptions}, document loader included, from the parser context under the symbol
 * {@link LangJSONLD11#JSONLD_OPTIONS} (seen with javap on jena-arq 5.6.0: {@code getJsonLdOptions(String,
 * Context)} reads that symbol and only sets the base; and in Jena's own test {@code TestLangJSONLD11
 * .testGetJsonLdOptions}, which installs a counting DocumentLoader that way). Jena has no expansion API, so
 * {@link #expand} calls Titanium's {@code com.apicatalog.jsonld.JsonLd.expand} directly with the same
 * options. Titanium's default loader fetches over HTTP; every call here replaces it with
 * {@link PreloadedContexts}, which serves the shipped contexts and refuses anything else.
 *
 * <p>Policy for a context that is not preloaded: processing fails with a {@link JsonLdException} naming the
 * URL (logged by the loader, never fetched). Callers then use the plain-JSON reading (ApReader), which is
 * how Mastodon and most servers read ActivityStreams: compact JSON as-is.
 *
 * <p>A document without the ActivityStreams context in its {@code @context} is processed as if it had it
 * (ActivityStreams 2.0 Core, section 2.1: an implementation "must assume that the normative @context
 * definition still applies"), through the JSON-LD {@code expandContext} option. Lemmy, for instance, sends
 * documents with no {@code @context} at all.
 *
 * <p>Thread-safe: options are built per call (Jena sets the base on the options object it is given).
 */
public final class JsonLd {
    private final PreloadedContexts contexts;
    private final ObjectMapper json = new ObjectMapper();

    public JsonLd() {
        this(new PreloadedContexts());
    }

    public JsonLd(PreloadedContexts contexts) {
        this.contexts = contexts;
    }

    /** The loader, with its record of requested and refused URLs. */
    public PreloadedContexts contexts() {
        return contexts;
    }

    /** Expands a document (JSON-LD 1.1 Expansion Algorithm): every term becomes its IRI. */
    public ArrayNode expand(JsonNode document) {
        AtomicReference<String> refused = new AtomicReference<>();
        try {
            JsonLdOptions options = options(document, refused);
            JsonArray expanded = com.apicatalog.jsonld.JsonLd.expand(JsonDocument.of(
                            new ByteArrayInputStream(bytes(document))))
                    .options(options)
                    .get();
            return (ArrayNode) json.readTree(expanded.toString());
        } catch (JsonLdError e) {
            throw failure(e, refused.get());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read Titanium's output", e);
        }
    }

    /** Converts a document to RDF triples (JSON-LD 1.1 Deserialize JSON-LD to RDF Algorithm, via Jena). */
    public Model toModel(JsonNode document) {
        AtomicReference<String> refused = new AtomicReference<>();
        Context context = new Context();
        context.set(LangJSONLD11.JSONLD_OPTIONS, options(document, refused));
        try {
            RDFParser parser = RDFParser.create()
                    .source(new ByteArrayInputStream(bytes(document)))
                    .lang(Lang.JSONLD11)
                    .base(baseOf(document))
                    .context(context)
                    // Remote data carries IRIs that break RFC 3987 (WordPress sends "...#activity#activity");
                    // such IRIs are kept as written rather than failing the whole document.
                    .checking(false)
                    .build();
            return parser.toModel();
        } catch (RiotException | org.apache.jena.irix.IRIException e) {
            throw failure(e, refused.get());
        }
    }

    private JsonLdOptions options(JsonNode document, AtomicReference<String> refused) {
        DocumentLoader loader = (url, loaderOptions) -> {
            try {
                return contexts.loadDocument(url, loaderOptions);
            } catch (JsonLdError e) {
                refused.compareAndSet(null, url.toString());
                throw e;
            }
        };
        JsonLdOptions options = new JsonLdOptions(loader);
        if (!namesActivityStreams(document.get("@context"))) {
            options.setExpandContext(ActivityStreams.CONTEXT);
        }
        return options;
    }

    private static boolean namesActivityStreams(JsonNode context) {
        if (context == null) {
            return false;
        }
        if (context.isTextual()) {
            return ActivityStreams.CONTEXT.equals(PreloadedContexts.canonical(context.textValue()));
        }
        if (context.isArray()) {
            for (JsonNode element : context) {
                if (namesActivityStreams(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String baseOf(JsonNode document) {
        JsonNode id = document.get("id");
        if (id != null && id.isTextual() && (id.textValue().startsWith("https://") || id.textValue().startsWith("http://"))) {
            // A base IRI has no fragment (RFC 3986, section 5.1); ids such as "...#activity#activity" have two.
            int hash = id.textValue().indexOf('#');
            return hash < 0 ? id.textValue() : id.textValue().substring(0, hash);
        }
        return null;
    }

    private byte[] bytes(JsonNode document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonLdException failure(Exception e, String refused) {
        String message = refused != null
                ? "JSON-LD context " + refused + " is not preloaded and is never fetched; read the document as plain JSON"
                : "not valid JSON-LD: " + e.getMessage();
        return new JsonLdException(message, refused, e);
    }
}
