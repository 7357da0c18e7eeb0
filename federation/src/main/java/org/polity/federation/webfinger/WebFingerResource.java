package org.polity.federation.webfinger;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code resource} of a WebFinger query (RFC 7033, section 4.1): an {@code acct:} URI (RFC 7565) or the
 * {@code http(s)} URL of an actor. {@link #parse} is lenient the way fediverse clients need: it also takes
 * {@code name@host} and {@code @name@host} without a scheme, as people type handles and as Mastodon clients
 * send them. Anything else is refused with an {@link IllegalArgumentException} whose message says why, in
 * words fit for a 400 answer.
 */
public sealed interface WebFingerResource permits WebFingerResource.Acct, WebFingerResource.Url {
    /** Longer resources are refused outright. */
    int MAX_LENGTH = 1024;

    /** An account: a user part (percent-decoded) at a host, with a port when the instance has one. */
    record Acct(String user, String host, int port) implements WebFingerResource {
        public Acct {
            if (user == null || user.isEmpty()) {
                throw new IllegalArgumentException("the account has no user part");
            }
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("the account has no host");
            }
            if (port != -1 && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("the port must be between 1 and 65535");
            }
            host = host.toLowerCase(Locale.ROOT);
        }

        /** {@code host} or {@code host:port}, lower-case. */
        public String authority() {
            return port == -1 ? host : host + ":" + port;
        }

        /** The canonical {@code acct:} URI, with the user part percent-encoded where RFC 7565 needs it. */
        public String uri() {
            return "acct:" + encodeUser(user) + "@" + authority();
        }

        @Override
        public String toString() {
            return uri();
        }
    }

    /** An {@code http} or {@code https} URL, such as an actor id or a profile page. */
    record Url(URI uri) implements WebFingerResource {
        public Url {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("the resource URL must be an absolute http(s) URL with a host");
            }
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }

    /**
     * Parses a resource: {@code acct:name@host}, {@code acct:name@host:port}, {@code name@host[:port]},
     * {@code @name@host[:port]} or {@code http(s)://...}. The host is lower-cased; the user part is
     * percent-decoded and otherwise kept as written (whether it is case-sensitive is the server's business).
     *
     * @throws IllegalArgumentException when the resource is none of these
     */
    static WebFingerResource parse(String resource) {
        return Parser.parse(resource);
    }

    /** Parses an account handle, refusing URLs. */
    static Acct parseAcct(String resource) {
        WebFingerResource parsed = Parser.parse(resource);
        if (parsed instanceof Acct acct) {
            return acct;
        }
        throw new IllegalArgumentException("expected an account such as acct:name@host, not a URL");
    }

    /** Percent-encodes what RFC 7565 does not allow bare in a user part (UTF-8, upper-case hex). */
    static String encodeUser(String user) {
        StringBuilder out = new StringBuilder();
        for (byte b : user.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Parser.isUserChar(c) && c != '%') {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** The parsing rules, kept out of the interface's public surface. */
    final class Parser {
        private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
        private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
        private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+\\]");
        private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

        private Parser() {}

        static WebFingerResource parse(String resource) {
            if (resource == null || resource.isBlank()) {
                throw new IllegalArgumentException("the resource is empty");
            }
            if (resource.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("the resource is longer than " + MAX_LENGTH + " characters");
            }
            for (int i = 0; i < resource.length(); i++) {
                char c = resource.charAt(i);
                if (c <= ' ' || c == 0x7f) {
                    throw new IllegalArgumentException("the resource contains spaces or control characters");
                }
            }
            var scheme = SCHEME.matcher(resource);
            String rest = resource;
            if (scheme.find()) {
                String name = scheme.group(1).toLowerCase(Locale.ROOT);
                if (name.equals("http") || name.equals("https")) {
                    return parseUrl(resource);
                }
                if (!name.equals("acct")) {
                    throw new IllegalArgumentException("unsupported resource scheme '" + name
                            + "'; use acct:name@host or an http(s) URL");
                }
                rest = resource.substring(scheme.end());
            } else if (rest.startsWith("@")) {
                // "@name@host", the handle as people write it; only without a scheme.
                rest = rest.substring(1);
            }
            int at = rest.lastIndexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("expected an account such as acct:name@host");
            }
            String user = decodeUser(rest.substring(0, at));
            String authority = rest.substring(at + 1).toLowerCase(Locale.ROOT);
            String host = authority;
            int port = -1;
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && colon > authority.lastIndexOf(']')) {
                host = authority.substring(0, colon);
                String digits = authority.substring(colon + 1);
                if (!PORT.matcher(digits).matches() || Integer.parseInt(digits) < 1
                        || Integer.parseInt(digits) > 65535) {
                    throw new IllegalArgumentException("the port '" + digits + "' is not a number from 1 to 65535");
                }
                port = Integer.parseInt(digits);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("the account has no host");
            }
            if (!HOST.matcher(host).matches() && !IPV6.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a valid host name");
            }
            return new Acct(user, host, port);
        }

        private static Url parseUrl(String resource) {
            try {
                return new Url(new URI(resource));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the resource is not a valid URL: " + e.getReason());
            }
        }

        /** RFC 7565 userpart: unreserved / pct-encoded / sub-delims, at least one character. */
        static boolean isUserChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=%".indexOf(c) >= 0;
        }

        private static String decodeUser(String raw) {
            if (raw.isEmpty()) {
                throw new IllegalArgumentException("the account has no user part");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (!isUserChar(c)) {
                    throw new IllegalArgumentException("the user part contains '" + c
                            + "', which must be percent-encoded");
                }
                if (c == '%') {
                    if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                            || Character.digit(raw.charAt(i + 2), 16) < 0) {
                        throw new IllegalArgumentException("the user part has a broken percent-encoding");
                    }
                    bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                    i += 2;
                } else {
                    bytes.write(c);
                }
            }
            try {
                String user = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray()))
                        .toString();
                for (int i = 0; i < user.length(); i++) {
                    if (Character.isISOControl(user.charAt(i))) {
                        throw new IllegalArgumentException("the user part contains control characters");
                    }
                }
                return user;
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("the user part is not UTF-8 once percent-decoded");
            }
        }
    }
}
