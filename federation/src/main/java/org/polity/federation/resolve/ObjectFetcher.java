package org.polity.federation.resolve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.FetchException.Reason;
import org.polity.federation.http.FetchResponse;
import org.polity.federation.http.Signer;
import org.polity.federation.vocab.ActivityStreams;

/**
 * Fetches ActivityStreams documents by URL, signed by the instance actor, and enforces the trust rule of
 * DESIGN.md: "fetched documents have the id that was asked for and an ActivityStreams content type".
 *
 * <h2>The id rule</h2>
 * The document's {@code id} must be exactly the URL it was served from. Without redirects, that is the URL
 * asked for. After redirects, it is the final URL, and the final URL must have the same origin (scheme,
 * host, port) as the URL asked for. So {@code https://a.example/@alice} redirecting to
 * {@code https://a.example/users/alice}, whose id says so, is accepted; a redirect to another origin is
 * refused even when the document there names itself consistently, because the asker trusted the first
 * origin, not whoever it points to.
 * <ul>
 *   <li>Mastodon ({@code JsonLdHelper#fetch_resource}) compares {@code id} with the URL it asked for, and
 *       when the id is not known in advance it fetches once, takes the document's {@code id}, fetches that
 *       and compares again. It also refuses bodies whose content type is not {@code activity+json} or
 *       {@code ld+json} with the ActivityStreams profile.</li>
 *   <li>Fedify's {@code lookupObject} compares the origin of the fetched object's {@code id} with the
 *       origin of the document URL that served it (its {@code crossOrigin} option: ignore, throw or trust;
 *       see fedify-dev/fedify#904).</li>
 * </ul>
 * Polity's rule is the stricter of the two for ids (exact string, as Mastodon) and uses Fedify's origin
 * rule for redirects. {@link #fetchLenient} offers Mastodon's two-step lookup for callers that must start
 * from a URL that is not an id (key documents, profile URLs).
 */
public final class ObjectFetcher {
    private final FederationHttp http;
    private final Signer instanceActor;
    private final Predicate<URI> allowed;

    /**
     * @param instanceActor signs every fetch (FEP-2677 instance actor); null fetches unsigned
     * @param allowed       the application's say on where it fetches from (blocked domains...); checked first
     */
    public ObjectFetcher(FederationHttp http, Signer instanceActor, Predicate<URI> allowed) {
        this.http = Objects.requireNonNull(http, "http");
        this.instanceActor = instanceActor;
        this.allowed = Objects.requireNonNull(allowed, "allowed");
    }

    public ObjectFetcher(FederationHttp http, Signer instanceActor) {
        this(http, instanceActor, url -> true);
    }

    /** Fetches {@code id} and returns its JSON, enforcing content type and the id rule above. */
    public ObjectNode fetch(URI id, FetchBudget budget) throws FetchException {
        return fetchDocument(id, budget).json();
    }

    /** As {@link #fetch}, with the URL that served the document. */
    public FetchedDocument fetchDocument(URI id, FetchBudget budget) throws FetchException {
        FetchedDocument doc = fetchUnchecked(id, budget);
        checkId(doc);
        return doc;
    }

    /**
     * Fetches a URL that may not be the document's id (a profile URL, a key URL that serves its actor): when
     * the document's {@code id} differs from where it came from, the id is fetched in turn and must pass the
     * strict rule. The id must have the origin of the URL asked for. Costs up to two fetches.
     */
    public FetchedDocument fetchLenient(URI url, FetchBudget budget) throws FetchException {
        FetchedDocument first = fetchUnchecked(url, budget);
        if (first.finalUrl().toString().equals(first.id()) && sameOrigin(url, first.finalUrl())) {
            return first;
        }
        URI id = idAsUri(first);
        if (!sameOrigin(url, id)) {
            throw new FetchException(Reason.ID_MISMATCH, url, url + " serves a document with id " + id
                    + " on another origin");
        }
        return fetchDocument(id, budget);
    }

    private FetchedDocument fetchUnchecked(URI url, FetchBudget budget) throws FetchException {
        if (!allowed.test(url)) {
            throw new FetchException(Reason.REFUSED_BY_APPLICATION, url, "not fetching " + url
                    + ": refused by this server's policy");
        }
        FetchResponse response = http.fetch(url, instanceActor, budget);
        if (!isActivityStreams(response.contentType())) {
            throw new FetchException(Reason.CONTENT_TYPE, response.finalUrl(), response.finalUrl()
                    + " answered " + response.contentType() + ", not an ActivityStreams document");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(response.body());
        } catch (JacksonException e) {
            throw new FetchException(Reason.INVALID_DOCUMENT, response.finalUrl(), 0, response.finalUrl()
                    + " sent invalid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new FetchException(Reason.INVALID_DOCUMENT, response.finalUrl(), 0, e.getMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new FetchException(Reason.INVALID_DOCUMENT, response.finalUrl(), response.finalUrl()
                    + " sent JSON that is not an object");
        }
        return new FetchedDocument(object, url, response.finalUrl());
    }

    private static void checkId(FetchedDocument doc) throws FetchException {
        URI asked = doc.requestedUrl();
        URI served = doc.finalUrl();
        String id = doc.id();
        if (id == null) {
            throw new FetchException(Reason.ID_MISMATCH, served, served + " sent a document without an id");
        }
        if (!id.equals(served.toString())) {
            throw new FetchException(Reason.ID_MISMATCH, served, "the document at " + served + " has id " + id
                    + (doc.finalUrl().equals(asked) ? "" : " (asked for " + asked + ")"));
        }
        if (!sameOrigin(asked, served)) {
            throw new FetchException(Reason.ID_MISMATCH, served, asked + " redirected to " + served
                    + ", another origin");
        }
    }

    private static URI idAsUri(FetchedDocument doc) throws FetchException {
        String id = doc.id();
        if (id == null) {
            throw new FetchException(Reason.ID_MISMATCH, doc.finalUrl(), doc.finalUrl()
                    + " sent a document without an id");
        }
        try {
            URI uri = new URI(id);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new FetchException(Reason.ID_MISMATCH, doc.finalUrl(), "the id " + id + " is not absolute");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new FetchException(Reason.ID_MISMATCH, doc.finalUrl(), "the id " + id + " is not a URL");
        }
    }

    /**
     * {@code application/activity+json}, or {@code application/ld+json} with or without the ActivityStreams
     * profile (ActivityPub, section 3.2; some servers leave the profile out).
     */
    public static boolean isActivityStreams(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals(ActivityStreams.MEDIA_TYPE) || type.equals(ActivityStreams.LD_JSON);
    }

    /** Same scheme, host and effective port (RFC 6454). */
    public static boolean sameOrigin(URI a, URI b) {
        if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) {
            return false;
        }
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
