package org.polity.server.resources;

import org.polity.server.service.Message;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.FetchResponse;
import org.polity.server.service.InvalidInput;

/**
 * The title and description of a shared link, read from the page itself: fetched through the federation's
 * guarded HTTP client (every hop checked against the private-address guard, the body capped, timeouts), and
 * parsed with jsoup: {@code og:title}, else {@code <title>}; {@code og:description}, else the
 * {@code description} meta tag. A link that cannot be fetched, or leads to a private or local address, is
 * refused with a sentence saying so; a page that is not HTML (a PDF, say) has no title to read.
 */
public final class LinkPreview {
    public static final Message NOT_A_LINK = Message.of("svc.resources.notALink");
    public static final Message PRIVATE_ADDRESS = Message.of("svc.resources.privateAddress");
    public static final Message UNREACHABLE = Message.of("svc.resources.unreachable");
    public static final Message HTTPS_ONLY = Message.of("svc.resources.httpsOnly");
    public static final Message TOO_LARGE = Message.of("svc.resources.pageTooLarge");
    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 1000;

    /** What the page says of itself; {@code title} and {@code description} may be empty. */
    public record Preview(String url, String title, String description, String mediaType) {}

    private LinkPreview() {}

    /** Checks the address as typed: an absolute http(s) URL with a host, no user info. */
    public static URI parse(String typed) {
        URI uri;
        try {
            uri = new URI(typed.strip());
        } catch (java.net.URISyntaxException e) {
            throw InvalidInput.of("url", NOT_A_LINK);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || typed.length() > 2048) {
            throw InvalidInput.of("url", NOT_A_LINK);
        }
        return uri;
    }

    public static Preview fetch(FederationHttp http, URI url) {
        FetchResponse response;
        try {
            response = http.get(url, "text/html, application/xhtml+xml;q=0.9, */*;q=0.1", null,
                    FetchBudget.perRequest());
        } catch (FetchException e) {
            throw InvalidInput.of("url", switch (e.reason()) {
                case BLOCKED_ADDRESS -> PRIVATE_ADDRESS;
                case TOO_LARGE -> TOO_LARGE;
                case SCHEME -> HTTPS_ONLY;
                default -> UNREACHABLE;
            });
        }
        String type = response.contentType() == null ? "" : response.contentType().toLowerCase(Locale.ROOT);
        String mediaType = type.split(";")[0].strip();
        if (!(mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml"))) {
            return new Preview(response.finalUrl().toString(), "", "", mediaType.isEmpty() ? null : mediaType);
        }
        Document page = Jsoup.parse(new String(response.body(), charset(type)), response.finalUrl().toString());
        String title = firstNonBlank(meta(page, "og:title"), page.title());
        String description = firstNonBlank(meta(page, "og:description"), meta(page, "description"));
        return new Preview(response.finalUrl().toString(), clip(title, MAX_TITLE), clip(description, MAX_DESCRIPTION),
                "text/html");
    }

    private static Charset charset(String contentType) {
        int at = contentType.indexOf("charset=");
        if (at >= 0) {
            try {
                return Charset.forName(contentType.substring(at + 8).replace("\"", "").split(";")[0].strip());
            } catch (IllegalArgumentException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String meta(Document page, String name) {
        for (Element e : page.select("meta[property=" + name + "], meta[name=" + name + "]")) {
            String content = e.attr("content");
            if (!content.isBlank()) {
                return content;
            }
        }
        return "";
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b == null ? "" : b;
    }

    private static String clip(String s, int max) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }
}
