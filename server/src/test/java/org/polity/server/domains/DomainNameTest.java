package org.polity.server.domains;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one spelling of a domain, and which rule covers which authority. */
class DomainNameTest {
    @Test
    void domainsAreLowerCasedPunycodedAndLoseTheirTrailingDot() {
        assertThat(DomainName.normalise("Example.ORG.")).contains("example.org");
        assertThat(DomainName.normalise("  bücher.example ")).contains("xn--bcher-kva.example");
        assertThat(DomainName.normalise("*.spam.example")).contains("spam.example");
        assertThat(DomainName.normalise("https://Social.Example.org/@ana")).contains("social.example.org");
        assertThat(DomainName.normalise("https://example.org:443/")).contains("example.org");
        assertThat(DomainName.normalise("http://localhost:8081/users/a")).contains("localhost:8081");
        assertThat(DomainName.normalise("localhost:8081")).contains("localhost:8081");
        for (String bad : new String[] {"", " ", "exa mple.org", "-x.example", "a..b", "example.org:0",
                "example.org:99999", "example.org:http", "=cmd|' /C calc'!A0", "x".repeat(300) + ".org", null}) {
            assertThat(DomainName.normalise(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void aRuleCoversSubdomainsAndEveryPortUnlessItNamesOne() {
        assertThat(DomainName.covers("example.org", "example.org")).isTrue();
        assertThat(DomainName.covers("example.org", "social.example.org:8443")).isTrue();
        assertThat(DomainName.covers("example.org", "badexample.org")).isFalse();
        assertThat(DomainName.covers("localhost:8081", "localhost:8081")).isTrue();
        assertThat(DomainName.covers("localhost:8081", "localhost:8082")).isFalse();
        assertThat(DomainName.covers("localhost:8081", "localhost")).isFalse();
        assertThat(DomainName.covers("localhost", "localhost:8082")).isTrue();
        assertThat(DomainName.ofUri(URI.create("https://EXAMPLE.org/users/x"))).contains("example.org");
        assertThat(DomainName.ofUri(URI.create("http://localhost:9/x"))).contains("localhost:9");
        assertThat(DomainName.ofUri("not a uri")).isEmpty();
    }

    @Test
    void theMostSpecificRuleWins() {
        DomainRule block = rule("example.org", Severity.BLOCK);
        DomainRule allow = rule("good.example.org", Severity.ALLOW);
        DomainRule port = rule("localhost:9001", Severity.SILENCE);
        DomainRule host = rule("localhost", Severity.BLOCK);
        Map<String, DomainRule> rules = Map.of(block.domain(), block, allow.domain(), allow, port.domain(), port,
                host.domain(), host);
        assertThat(DomainPolicy.mostSpecific(rules, "a.good.example.org")).contains(allow);
        assertThat(DomainPolicy.mostSpecific(rules, "bad.example.org:8443")).contains(block);
        assertThat(DomainPolicy.mostSpecific(rules, "localhost:9001")).contains(port);
        assertThat(DomainPolicy.mostSpecific(rules, "localhost:9002")).contains(host);
        assertThat(DomainPolicy.mostSpecific(rules, "other.example")).isEqualTo(Optional.empty());
    }

    static DomainRule rule(String domain, Severity severity) {
        return new DomainRule(domain, severity, "", "", false, false, false, DomainRule.Source.MANUAL, null,
                java.time.Instant.EPOCH, null);
    }
}
