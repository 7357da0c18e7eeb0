package org.polity.server.domains;

import java.net.IDN;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one spelling of a domain that policy is keyed on: lower case, IDN labels in punycode ({@code bücher.example}
 * is {@code xn--bcher-kva.example}), no trailing dot, and a port kept apart, after a colon, only when the rule is
 * for one port of the host ({@code localhost:8081}). A rule without a port covers every port of its host and every
 * subdomain ({@code example.org} covers {@code social.example.org:8443}), as Mastodon's domain blocks do; a rule
 * with a port covers that authority and its subdomains on that port only. Mastodon has no port rule: Polity has
 * one because several instances of a closed network, or a test, may share one host name and differ by port
 * (every instance of the federation tests is {@code localhost:<port>}).
 *
 * <p>Hosts are compared the way the rest of Polity keys remote hosts ({@code actors.domain}, {@code
 * deliveries.host}: {@code host} or {@code host:port}, the port only when the URL names one).
 */
public final class DomainName {
    public static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainName() {}

    /**
     * The normalised form of what an administrator typed or a list holds: a domain, {@code domain:port}, or a URL
     * ({@code https://Example.org/} is {@code example.org}); {@code *.example.org} is read as {@code example.org},
     * which covers subdomains anyway. Empty when it is not a domain.
     */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        if (s.isEmpty() || s.length() > 1000) {
            return Optional.empty();
        }
        if (s.contains("://")) {
            try {
                URI uri = new URI(s);
                if (uri.getHost() == null) {
                    return Optional.empty();
                }
                s = uri.getHost() + (uri.getPort() == -1 || uri.getPort() == defaultPort(uri.getScheme()) ? ""
                        : ":" + uri.getPort());
            } catch (java.net.URISyntaxException e) {
                return Optional.empty();
            }
        }
        if (s.startsWith("*.")) {
            s = s.substring(2);
        }
        int port = -1;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            String digits = s.substring(colon + 1);
            if (!digits.matches("[0-9]{1,5}")) {
                return Optional.empty();
            }
            port = Integer.parseInt(digits);
            if (port < 1 || port > 65535) {
                return Optional.empty();
            }
            s = s.substring(0, colon);
        }
        int p = port;
        return host(s).map(h -> p == -1 ? h : h + ":" + p);
    }

    /** A host name alone, normalised; empty when it is not one (an IP literal is kept as written, lower-cased). */
    static Optional<String> host(String raw) {
        String s = raw.strip();
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ascii.isEmpty() || ascii.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }

    /** The key of a URL's authority: its normalised host, and {@code :port} when the URL names a non-default port. */
    public static Optional<String> ofUri(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return Optional.empty();
        }
        String h = uri.getHost();
        if (h.startsWith("[")) {
            return Optional.empty();
        }
        int port = uri.getPort() == defaultPort(uri.getScheme()) ? -1 : uri.getPort();
        return host(h).map(x -> port == -1 ? x : x + ":" + port);
    }

    /** The key of a URL given as text; empty when it is not a URL with a host. */
    public static Optional<String> ofUri(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        try {
            return ofUri(new URI(uri));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The host part of a key ({@code example.org} of {@code example.org:8443}). */
    public static String hostOf(String key) {
        int colon = key.lastIndexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }

    /** The port of a key, or -1 when it has none. */
    public static int portOf(String key) {
        int colon = key.lastIndexOf(':');
        return colon < 0 ? -1 : Integer.parseInt(key.substring(colon + 1));
    }

    /** Whether the rule for {@code rule} covers the authority {@code key} (both normalised keys). */
    public static boolean covers(String rule, String key) {
        String ruleHost = hostOf(rule);
        String host = hostOf(key);
        boolean hostMatches = host.equals(ruleHost) || host.endsWith("." + ruleHost);
        int rulePort = portOf(rule);
        return hostMatches && (rulePort == -1 || rulePort == portOf(key));
    }

    private static int defaultPort(String scheme) {
        if (scheme == null) {
            return -1;
        }
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }
}
