package org.polity.federation.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF rule, address by address (literals only: no DNS involved). */
class AddressPolicyTest {
    static final AddressPolicy STRICT = new AddressPolicy(false);
    static final AddressPolicy OPEN = new AddressPolicy(true);

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.255.0.7", // loopback
        "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", // RFC 1918
        "169.254.169.254", // link-local: cloud metadata
        "100.64.0.1", "100.127.255.254", // carrier-grade NAT
        "0.0.0.0", "0.1.2.3", // "this network"
        "192.0.2.10", "198.51.100.1", "203.0.113.5", // documentation (TEST-NET-1..3)
        "198.18.0.1", // benchmarking
        "224.0.0.1", "255.255.255.255", // multicast, broadcast
        "::1", "::", // v6 loopback, unspecified
        "fe80::1", "fc00::1", "fd12:3456::1", // link-local, unique local
        "2001:db8::1", // documentation
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", // v4-mapped
        "::127.0.0.1", // v4-compatible
        "64:ff9b::7f00:1", // NAT64
        "2002:7f00:1::1", // 6to4
        "ff02::1" // v6 multicast
    })
    void forbiddenByDefault(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(STRICT.allows(address)).as(literal).isFalse();
        assertThat(AddressPolicy.isPublic(address)).as(literal).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::6810:84e5",
        "2a00:1450:4007:80c::200e"})
    void publicAddressesAreAllowed(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(STRICT.allows(address)).as(literal).isTrue();
        assertThat(OPEN.allows(address)).as(literal).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "192.168.1.1", "::1", "fd00::1", "169.254.169.254"})
    void allowPrivateLetsPrivateNetworksThrough(String literal) throws Exception {
        assertThat(OPEN.allows(InetAddress.getByName(literal))).as(literal).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "224.0.0.1", "ff02::1"})
    void unspecifiedAndMulticastAreNeverAllowed(String literal) throws Exception {
        assertThat(OPEN.allows(InetAddress.getByName(literal))).as(literal).isFalse();
    }
}
