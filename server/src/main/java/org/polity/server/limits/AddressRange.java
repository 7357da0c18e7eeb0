package org.polity.server.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One IP address or CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 192.0.2.7}), IPv4 or IPv6.
 * Parsed from literals only: a host name is refused rather than looked up, so reading the configuration or a
 * forwarded header never causes a DNS query.
 */
public record AddressRange(byte[] network, int prefix) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /** Parses {@code address} or {@code address/prefix}; throws {@link IllegalArgumentException} with a reason. */
    public static AddressRange parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address).map(InetAddress::getAddress).orElseThrow(() ->
                new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block (such as 10.0.0.0/8)"));
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0 to " + bits);
            }
        }
        return new AddressRange(mask(bytes, prefix), prefix);
    }

    /**
     * An IP literal as an address, or empty when it is not one: IPv4 dotted quad, or IPv6 with or without
     * brackets (no zone id). An IPv4-mapped IPv6 address comes back as its IPv4 address, as Java reads it.
     */
    public static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            if (IPV4.matcher(s).matches()) {
                // Built from its four numbers: InetAddress would look up "999.1.1.1" as a host name.
                String[] parts = s.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int n = Integer.parseInt(parts[i]);
                    if (n > 255 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
                        return Optional.empty(); // out of range, or a leading zero some read as octal
                    }
                    bytes[i] = (byte) n;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (IPV6.matcher(s).matches()) {
                // In brackets InetAddress takes it as an IPv6 literal only, and fails rather than resolving it.
                return Optional.of(InetAddress.getByName("[" + s + "]"));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** This range cut to its first {@code bits} bits (such as an IPv6 address to its /64). */
    public AddressRange masked(int bits) {
        int p = Math.min(prefix, bits);
        return new AddressRange(mask(network, p), p);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefix == prefix && java.util.Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }
}
