package org.polity.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the client is behind a reverse proxy: the forwarded header is believed only from a trusted peer. */
class ClientAddressTest {
    static final List<AddressRange> PROXIES = List.of(AddressRange.parse("10.0.0.0/8"),
            AddressRange.parse("2001:db8:ffff::/48"), AddressRange.parse("127.0.0.1"));
    final ClientAddress xff = new ClientAddress(PROXIES, ClientAddress.Header.X_FORWARDED_FOR);
    final ClientAddress forwarded = new ClientAddress(PROXIES, ClientAddress.Header.FORWARDED);

    @Test
    void aSpoofedHeaderFromAnUntrustedPeerIsIgnored() {
        assertThat(xff.resolve("203.0.113.9", List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
        assertThat(xff.resolve("203.0.113.9", List.of("10.0.0.1, 198.51.100.1"))).isEqualTo("203.0.113.9");
        assertThat(forwarded.resolve("2001:db8::5", List.of("for=198.51.100.1"))).isEqualTo("2001:db8:0:0:0:0:0:5");
        ClientAddress trustsNone = new ClientAddress(List.of(), ClientAddress.Header.X_FORWARDED_FOR);
        assertThat(trustsNone.resolve("10.0.0.1", List.of("198.51.100.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void theClientIsTheRightMostAddressThatIsNotOneOfOurProxies() {
        // The client wrote the left-most entry itself; our two proxies appended the rest.
        assertThat(xff.resolve("10.0.0.2", List.of("1.2.3.4, 198.51.100.7, 10.0.0.1"))).isEqualTo("198.51.100.7");
        assertThat(xff.resolve("10.0.0.2", List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        // Several header lines are one list, in order.
        assertThat(xff.resolve("10.0.0.2", List.of("1.2.3.4", "198.51.100.7", "10.0.0.1"))).isEqualTo("198.51.100.7");
        // A trusted peer without the header is the client; a chain of only our proxies ends at the left-most.
        assertThat(xff.resolve("10.0.0.2", List.of())).isEqualTo("10.0.0.2");
        assertThat(xff.resolve("10.0.0.2", List.of("10.9.9.9, 10.0.0.1"))).isEqualTo("10.9.9.9");
        assertThat(xff.resolve("127.0.0.1", List.of("192.0.2.1:4711"))).as("a port is dropped").isEqualTo("192.0.2.1");
    }

    @Test
    void ipv6PeersProxiesAndClients() {
        assertThat(xff.resolve("2001:db8:ffff::1", List.of("2001:db8:1::9"))).isEqualTo("2001:db8:1:0:0:0:0:9");
        assertThat(xff.resolve("[2001:db8:ffff::1]", List.of("[2001:db8:1::9]:443, 2001:db8:ffff::2")))
                .isEqualTo("2001:db8:1:0:0:0:0:9");
        assertThat(xff.resolve("2001:db8:fffe::1", List.of("192.0.2.1"))).as("just outside the /48")
                .isEqualTo("2001:db8:fffe:0:0:0:0:1");
        assertThat(forwarded.resolve("10.0.0.2",
                List.of("for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.2")))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(forwarded.resolve("10.0.0.2", List.of("For=\"198.51.100.17:80\";proto=http, for=10.0.0.3")))
                .isEqualTo("198.51.100.17");
    }

    @Test
    void aMalformedHeaderFallsBackToThePeer() {
        for (String bad : new String[] {"not-an-ip", "unknown", "", "198.51.100.1 198.51.100.2", "[2001:db8::1",
                "example.com", "999.1.1.1", "198.51.100.1, garbage"}) {
            assertThat(xff.resolve("10.0.0.2", List.of(bad))).as(bad).isEqualTo("10.0.0.2");
        }
        for (String bad : new String[] {"for=unknown", "for=_hidden", "proto=https", "for=\"[2001:db8::1\""}) {
            assertThat(forwarded.resolve("10.0.0.2", List.of(bad))).as(bad).isEqualTo("10.0.0.2");
        }
        // Garbage left of the real client is never reached.
        assertThat(xff.resolve("10.0.0.2", List.of("garbage, 198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    @Test
    void rangesAreLiteralsOnly() {
        assertThat(AddressRange.parse("192.0.2.0/24").contains(AddressRange.literal("192.0.2.255").orElseThrow()))
                .isTrue();
        assertThat(AddressRange.parse("192.0.2.0/24").contains(AddressRange.literal("192.0.3.0").orElseThrow()))
                .isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains(AddressRange.literal("::1").orElseThrow()))
                .as("an IPv4 range never holds an IPv6 address").isFalse();
        assertThat(AddressRange.literal("localhost")).as("names are not looked up").isEmpty();
        assertThat(AddressRange.literal("fe80::1%eth0")).isEmpty();
        assertThatThrownBy(() -> AddressRange.parse("proxy.internal")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/x")).hasMessageContaining("prefix length");
    }
}
