package org.polity.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polity.server.config.LimitsConfig;

/** The rules of one instance: each its own counts; per-address rules count an IPv6 client by its /64. */
class LimitsTest {
    static Limits limits() {
        return new Limits(new LimitsConfig(List.of(), ClientAddress.Header.X_FORWARDED_FOR, Map.of(
                Limits.Rule.SEARCH_PER_IP, Rate.parse("2/1h"),
                Limits.Rule.INBOX_PER_ACTOR, Rate.parse("1/1h"))), new RateLimiterTest.ManualClock());
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        Limits limits = limits();
        assertThat(limits.acquire(Limits.Rule.SEARCH_PER_IP, "2001:db8:1:2:0:0:0:1")).isEmpty();
        assertThat(limits.acquire(Limits.Rule.SEARCH_PER_IP, "2001:db8:1:2:ffff:0:0:9")).isEmpty();
        assertThat(limits.acquire(Limits.Rule.SEARCH_PER_IP, "2001:db8:1:2:abcd:0:0:7")).as("same /64").isPresent();
        assertThat(limits.acquire(Limits.Rule.SEARCH_PER_IP, "2001:db8:1:3:0:0:0:1")).as("the next /64").isEmpty();
        assertThat(limits.acquire(Limits.Rule.SEARCH_PER_IP, "192.0.2.1")).isEmpty();
        assertThat(limits.acquire(Limits.Rule.SEARCH_PER_IP, "192.0.2.2")).as("IPv4 by address").isEmpty();
        assertThat(Limits.addressKey("2001:db8:1:2:abcd:0:0:7")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void rulesCountApartAndUnsetOnesAreOff() {
        Limits limits = limits();
        String actor = "https://gov.example/users/ann";
        assertThat(limits.acquire(Limits.Rule.INBOX_PER_ACTOR, actor)).isEmpty();
        assertThat(limits.acquire(Limits.Rule.INBOX_PER_ACTOR, actor)).isPresent();
        assertThat(limits.acquire(Limits.Rule.SEARCH_PER_IP, actor)).as("another rule's count").isEmpty();
        for (int i = 0; i < 100; i++) {
            assertThat(limits.acquire(Limits.Rule.INBOX_PER_DOMAIN, "gov.example")).isEmpty();
        }
    }
}
