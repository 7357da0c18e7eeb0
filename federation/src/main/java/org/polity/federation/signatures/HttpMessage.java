package org.polity.federation.signatures;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request (or response) as the signature code sees it, independent of any web framework or
 * client: method, absolute target URI, headers (case-insensitive, in order) and the raw body bytes.
 *
 * @param status the response status, or 0 for a request
 */
public record HttpMessage(String method, URI targetUri, Map<String, List<String>> headers, byte[] body, int status) {

    public HttpMessage {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
        lower.replaceAll((k, v) -> Collections.unmodifiableList(v));
        headers = Collections.unmodifiableMap(lower);
        body = body == null ? new byte[0] : body;
    }

    public static HttpMessage request(String method, URI targetUri, Map<String, List<String>> headers, byte[] body) {
        return new HttpMessage(method.toUpperCase(Locale.ROOT), targetUri, headers, body, 0);
    }

    /** All values of a header field, in order (empty when absent). */
    public List<String> all(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The header's values combined as RFC 9110 5.3 says: trimmed, joined with ", ". */
    public Optional<String> combined(String name) {
        List<String> values = all(name);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<String> trimmed = new ArrayList<>(values.size());
        for (String v : values) {
            trimmed.add(v.strip());
        }
        return Optional.of(String.join(", ", trimmed));
    }

    public boolean has(String name) {
        return !all(name).isEmpty();
    }

    /** A copy with one header added (signing adds Date, Digest, Signature...). */
    public HttpMessage withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
        copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return new HttpMessage(method, targetUri, copy, body, status);
    }

    /** {@code host} or {@code host:port} as the Host header or, failing that, the target URI says. */
    public String authority() {
        return combined("host").orElseGet(() -> targetUri.getPort() == -1 ? targetUri.getHost()
                : targetUri.getHost() + ":" + targetUri.getPort()).toLowerCase(Locale.ROOT);
    }

    /** Path and query, as in the HTTP/1.1 request line. */
    public String requestTarget() {
        String path = targetUri.getRawPath() == null || targetUri.getRawPath().isEmpty() ? "/" : targetUri.getRawPath();
        return targetUri.getRawQuery() == null ? path : path + "?" + targetUri.getRawQuery();
    }
}
