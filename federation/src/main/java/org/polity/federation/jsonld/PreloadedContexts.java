package org.polity.federation.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.http.media.MediaType;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-LD document loader that serves the context documents shipped in this library and refuses every
 * other URL: Polity never fetches a JSON-LD context at run time (DESIGN.md). Remote contexts would make
 * every inbound activity an outbound request to a third party, a denial-of-service lever and a way to change
 * the meaning of documents after they were signed.
 *
 * <p>The documents live in {@code /org/polity/federation/contexts/} (see the README there for where each
 * came from). Also served, as aliases: the {@code http:} spellings of the ActivityStreams and Security v1
 * URLs (some servers write them), and any {@code https://HOST/schemas/litepub-0.1.jsonld}, the copy of the
 * LitePub context that every Pleroma or Akkoma instance serves and names in its own documents.
 *
 * <p>A refused URL is logged and recorded ({@link #refused()}), and the loader throws a {@link JsonLdError}
 * whose message names the URL. Thread-safe; the parsed documents are immutable and shared.
 */
public final class PreloadedContexts implements DocumentLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PreloadedContexts.class);
    private static final String DIR = "/org/polity/federation/contexts/";
    private static final String LITEPUB_PATH = "/schemas/litepub-0.1.jsonld";

    /** Context URL → resource file name. */
    public static final Map<String, String> FILES = files();

    private final Map<String, Document> documents = new LinkedHashMap<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public PreloadedContexts() {
        FILES.forEach((url, file) -> documents.put(url, load(url, file)));
    }

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("https://www.w3.org/ns/activitystreams", "activitystreams.jsonld");
        files.put("https://w3id.org/security/v1", "security-v1.jsonld");
        files.put("https://w3id.org/security/data-integrity/v1", "security-data-integrity-v1.jsonld");
        files.put("https://w3id.org/security/data-integrity/v2", "security-data-integrity-v2.jsonld");
        files.put("https://w3id.org/security/multikey/v1", "security-multikey-v1.jsonld");
        files.put("https://w3id.org/identity/v1", "identity-v1.jsonld");
        files.put("https://www.w3.org/ns/did/v1", "did-v1.jsonld");
        files.put("https://www.w3.org/ns/cid/v1", "cid-v1.jsonld");
        files.put("https://gotosocial.org/ns", "gotosocial.jsonld");
        files.put("https://join-lemmy.org/context.json", "join-lemmy.jsonld");
        files.put("http://joinmastodon.org/ns", "joinmastodon.jsonld");
        files.put("https://purl.archive.org/miscellany", "miscellany.jsonld");
        files.put("https://w3id.org/fep/5711", "fep-5711.jsonld");
        files.put("https://w3id.org/fep/ef61", "fep-ef61.jsonld");
        files.put("https://litepub.social/litepub/context.jsonld", "litepub-0.1.jsonld");
        files.put("https://w3id.org/polity/v1", "polity-v1.jsonld");
        return Map.copyOf(files);
    }

    /** Aliases: other spellings of a preloaded URL. */
    private static final Map<String, String> ALIASES = Map.of(
            "http://www.w3.org/ns/activitystreams", "https://www.w3.org/ns/activitystreams",
            "https://www.w3.org/ns/activitystreams.jsonld", "https://www.w3.org/ns/activitystreams",
            "http://w3id.org/security/v1", "https://w3id.org/security/v1",
            "http://litepub.social/litepub/context.jsonld", "https://litepub.social/litepub/context.jsonld");

    /** The preloaded URL a requested URL stands for, or null when it is not preloaded. */
    public static String canonical(String url) {
        String key = url;
        int hash = key.indexOf('#');
        if (hash >= 0) {
            key = key.substring(0, hash);
        }
        if (FILES.containsKey(key)) {
            return key;
        }
        if (ALIASES.containsKey(key)) {
            return ALIASES.get(key);
        }
        if (key.startsWith("https://") && key.endsWith(LITEPUB_PATH)
                && key.indexOf('/', "https://".length()) == key.length() - LITEPUB_PATH.length()) {
            return "https://litepub.social/litepub/context.jsonld";
        }
        return null;
    }

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
        String asked = url.toString();
        requested.add(asked);
        String canonical = canonical(asked);
        if (canonical == null) {
            refused.add(asked);
            LOG.warn("Refused to load JSON-LD context {}: not preloaded, and contexts are never fetched", asked);
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                    "JSON-LD context " + asked + " is not preloaded, and Polity never fetches contexts at run time");
        }
        return documents.get(canonical);
    }

    /** Every URL this loader was asked for. */
    public Set<String> requested() {
        return Set.copyOf(requested);
    }

    /** The URLs it refused, in order (repeats included). */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    private static Document load(String url, String file) {
        try (InputStream in = PreloadedContexts.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing context resource " + DIR + file);
            }
            JsonDocument document = JsonDocument.of(MediaType.JSON_LD, in);
            document.setDocumentUrl(URI.create(url));
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonLdError e) {
            throw new IllegalStateException("unreadable context resource " + DIR + file, e);
        }
    }
}
