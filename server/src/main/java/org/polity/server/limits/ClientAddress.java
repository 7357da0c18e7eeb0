package org.polity.server.limits;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The address of the client a request comes from, for rate limits and the login brake. Behind a reverse
 * proxy every request arrives from the proxy, so the client is read from the header the proxy adds; but
 * anyone can send that header, so it is believed only when the TCP peer is one of {@code trusted.proxies}.
 * The client is then the right-most address in the header that is not itself a trusted proxy: each proxy
 * appends the address it received the request from, so everything left of the last untrusted one was written
 * by the client and may be invented. A malformed entry on the way stops the walk and the peer is used: we
 * cannot tell who wrote what lies beyond it.
 *
 * <p>Only one header is read, {@code X-Forwarded-For} or RFC 7239 {@code Forwarded} ({@code forwarded.header}):
 * a proxy that maintains one usually passes the other through untouched, so reading both would let a client
 * choose its own address.
 */
public final class ClientAddress {
    public enum Header {
        X_FORWARDED_FOR("X-Forwarded-For"),
        FORWARDED("Forwarded");

        private final String name;

        Header(String name) {
            this.name = name;
        }

        public String headerName() {
            return name;
        }
    }

    private final List<AddressRange> trusted;
    private final Header header;

    public ClientAddress(List<AddressRange> trusted, Header header) {
        this.trusted = List.copyOf(trusted);
        this.header = header;
    }

    /** The client's address for this request, as a normalised literal ({@code 203.0.113.9}, {@code 2001:db8:0:0:0:0:0:1}). */
    public String of(Context ctx) {
        List<String> values = trusted.isEmpty() || ctx.req().getHeaders(header.headerName()) == null ? List.of()
                : Collections.list(ctx.req().getHeaders(header.headerName()));
        return resolve(ctx.req().getRemoteAddr(), values);
    }

    /** {@link #of} without a request: the TCP peer's address and the header's values in the order received. */
    public String resolve(String peer, List<String> headerValues) {
        Optional<InetAddress> peerAddress = AddressRange.literal(peer);
        if (peerAddress.isEmpty()) {
            return peer; // not an IP (a Unix socket, a test double): nothing to compare, nothing to trust
        }
        String self = peerAddress.get().getHostAddress();
        if (!isTrusted(peerAddress.get()) || headerValues.isEmpty()) {
            return self;
        }
        List<String> hops = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : value.split(",", -1)) {
                hops.add(header == Header.FORWARDED ? forValue(element) : element.strip());
            }
        }
        String client = self;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = hop(hops.get(i));
            if (hop.isEmpty()) {
                return self; // malformed ("unknown", an obfuscated name, garbage): believe nothing past it
            }
            client = hop.get().getHostAddress();
            if (!isTrusted(hop.get())) {
                return client;
            }
        }
        return client; // every hop is one of our proxies: the left-most is as far as we can see
    }

    private boolean isTrusted(InetAddress address) {
        for (AddressRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** One hop: an address, an IPv4 address with a port, or a bracketed IPv6 address with or without a port. */
    private static Optional<InetAddress> hop(String text) {
        String s = text.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || !(close == s.length() - 1 || s.charAt(close + 1) == ':')) {
                return Optional.empty();
            }
            s = s.substring(0, close + 1);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // 192.0.2.60:4711
        }
        return AddressRange.literal(s);
    }

    /** The {@code for=} parameter of one RFC 7239 forwarded-element, or "" when it has none (malformed for us). */
    private static String forValue(String element) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                return pair.substring(eq + 1).strip();
            }
        }
        return "";
    }
}
