package org.polity.federation.resolve;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.polity.federation.http.AddressPolicy;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.FetchException.Reason;
import org.polity.federation.http.FetchResponse;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.webfinger.Jrd;
import org.polity.federation.webfinger.WebFinger;
import org.polity.federation.webfinger.WebFingerResource;

/**
 * Finds the actor behind a handle: {@code acct:name@host[:port]}, {@code name@host} or {@code @name@host}
 * become a WebFinger query (RFC 7033) at {@code https://host[:port]/.well-known/webfinger}, and the
 * {@code self} link typed as ActivityStreams is the actor's id. Queries are unsigned (WebFinger is public).
 * Plain {@code http} is used only when the client may reach private addresses and the host is
 * {@code localhost} or a loopback/private IP literal, which is what tests and closed networks use.
 */
public final class WebFingerClient {
    private static final String ACCEPT = WebFinger.JRD_MEDIA_TYPE + ", application/json;q=0.9";

    private final FederationHttp http;

    public WebFingerClient(FederationHttp http) {
        this.http = http;
    }

    /** The actor id of a handle. */
    public URI resolveActorId(String handle, FetchBudget budget) throws FetchException {
        WebFingerResource.Acct acct = WebFingerResource.parseAcct(handle);
        Jrd jrd = lookup(acct, budget);
        Optional<URI> self = selfLink(jrd);
        return self.orElseThrow(() -> new FetchException(Reason.INVALID_DOCUMENT, queryUrl(acct),
                "the WebFinger answer for " + acct + " has no ActivityStreams self link"));
    }

    /** The JRD for an account. */
    public Jrd lookup(WebFingerResource.Acct acct, FetchBudget budget) throws FetchException {
        URI url = queryUrl(acct);
        FetchResponse response = http.get(url, ACCEPT, null, budget);
        try {
            return Json.MAPPER.readValue(response.body(), Jrd.class);
        } catch (JacksonException e) {
            throw new FetchException(Reason.INVALID_DOCUMENT, response.finalUrl(), 0, response.finalUrl()
                    + " sent an unreadable JRD: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new FetchException(Reason.INVALID_DOCUMENT, response.finalUrl(), 0, e.getMessage(), e);
        }
    }

    /** The first {@code self} link typed {@code application/activity+json} or ld+json with the AS profile. */
    public static Optional<URI> selfLink(Jrd jrd) {
        for (Jrd.Link link : jrd.links()) {
            if (!WebFinger.REL_SELF.equals(link.rel()) || link.href() == null || !isActivityStreamsType(link.type())) {
                continue;
            }
            try {
                URI href = new URI(link.href());
                String scheme = href.getScheme() == null ? "" : href.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("https") || scheme.equals("http")) && href.getHost() != null) {
                    return Optional.of(href);
                }
            } catch (URISyntaxException e) {
                // try the next link
            }
        }
        return Optional.empty();
    }

    static boolean isActivityStreamsType(String type) {
        if (type == null) {
            return false;
        }
        String t = type.replace(" ", "").toLowerCase(Locale.ROOT);
        return t.equals(ActivityStreams.MEDIA_TYPE)
                || t.equals(ActivityStreams.LD_JSON_PROFILE.replace(" ", "").toLowerCase(Locale.ROOT));
    }

    /** {@code https://host[:port]/.well-known/webfinger?resource=acct:...} (http for local hosts, see above). */
    URI queryUrl(WebFingerResource.Acct acct) {
        String scheme = usesPlainHttp(acct.host()) ? "http" : "https";
        String query = "resource=" + URLEncoder.encode(acct.uri(), StandardCharsets.UTF_8);
        return URI.create(scheme + "://" + acct.authority() + WebFinger.PATH + "?" + query);
    }

    private boolean usesPlainHttp(String host) {
        if (!http.options().allowPrivate() || !http.options().allowHttp()) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+") && h.indexOf(':') < 0) {
            return false; // a name: never looked up just to choose the scheme
        }
        try {
            return !AddressPolicy.isPublic(InetAddress.getByName(h));
        } catch (IOException e) {
            return false;
        }
    }
}
