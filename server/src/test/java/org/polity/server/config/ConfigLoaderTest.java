package org.polity.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsComeFromThePackagedFile() {
        PolityConfig c = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.baseUrl()).isEmpty();
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.mode()).isEqualTo(PolityConfig.Mode.NATIONAL);
        assertThat(c.allowPrivateAddresses()).isFalse();
        assertThat(c.dbUrl()).isEmpty();
        assertThat(c.signupApproval()).isTrue();
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
        Path file = dir.resolve("fr.properties");
        Files.writeString(file, "country=FR\ninstance.name=France Innovation\nport=9000\n");
        PolityConfig c = ConfigLoader.load(Optional.of(file), Map.of("POLITY_PORT", "9100"));
        assertThat(c.country()).isEqualTo("FR");
        assertThat(c.instanceName()).isEqualTo("France Innovation");
        assertThat(c.port()).isEqualTo(9100);
    }

    @Test
    void queueRetentionIsThirtyDaysUnlessSetAndAtLeastOne() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of()).queues().retention())
                .isEqualTo(java.time.Duration.ofDays(30));
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("POLITY_QUEUE_RETENTION_DAYS", "7")).queues()
                .retention()).isEqualTo(java.time.Duration.ofDays(7));
        assertInvalid("POLITY_QUEUE_RETENTION_DAYS", "0", "out of range");
        assertInvalid("POLITY_QUEUE_RETENTION_DAYS", "a week", "not a whole number");
    }

    @Test
    void baseUrlKeepsItsPortAndLosesATrailingSlash() {
        PolityConfig c = ConfigLoader.load(Optional.empty(), Map.of("POLITY_BASE_URL", "http://localhost:8081/"));
        assertThat(c.baseUrl()).contains(URI.create("http://localhost:8081"));
    }

    @Test
    void countryIsUpperCasedAndChecked() {
        assertThat(ConfigLoader.load(Optional.empty(), Map.of("POLITY_COUNTRY", "cl")).country()).isEqualTo("CL");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("POLITY_COUNTRY", "QQ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("POLITY_COUNTRY")
                .hasMessageContaining("ISO 3166-1");
    }

    @Test
    void invalidValuesNameTheirSetting() {
        assertInvalid("POLITY_PORT", "abc", "not a whole number");
        assertInvalid("POLITY_PORT", "70000", "out of range");
        assertInvalid("POLITY_MODE", "federal", "national or hub");
        assertInvalid("POLITY_LOG_FORMAT", "xml", "text or json");
        assertInvalid("POLITY_METRICS_TOKEN", "short", "shorter than 16");
        assertInvalid("POLITY_METRICS_ALLOW", "10.0.0.0/99", "");
        assertInvalid("POLITY_BASE_URL", "ftp://x.example", "http(s) URL");
        assertInvalid("POLITY_BASE_URL", "https://x.example/polity", "without a path");
        assertInvalid("POLITY_ALLOW_PRIVATE_ADDRESSES", "maybe", "true or false");
        assertInvalid("POLITY_DB_URL", "jdbc:mysql://db/polity", "PostgreSQL");
        assertInvalid("POLITY_SIGNUP_EMAIL_DOMAINS", "*.gov.au, not a domain", "not a domain");
        assertInvalid("POLITY_INSTANCE_NAME", " ", "must not be empty");
        assertInvalid("POLITY_MAX_BODY_BYTES", "10", "out of range");
        assertInvalid("POLITY_TRUSTED_PROXIES", "10.0.0.1, proxy.example", "not an IP address or CIDR block");
        assertInvalid("POLITY_TRUSTED_PROXIES", "10.0.0.0/33", "prefix length outside 0 to 32");
        assertInvalid("POLITY_TRUSTED_PROXIES", "2001:db8::/129", "prefix length outside 0 to 128");
        assertInvalid("POLITY_FORWARDED_HEADER", "X-Real-IP", "X-Forwarded-For or Forwarded");
        assertInvalid("POLITY_RATE_INBOX_PER_IP", "lots", "not a rate");
        assertInvalid("POLITY_RATE_SEARCH_PER_IP", "10/60x", "not a rate");
        assertInvalid("POLITY_RATE_LOGIN_PER_IP", "10/30d", "1 second to 7 days");
    }

    @Test
    void rateLimitsAndTrustedProxiesAreRead() {
        PolityConfig defaults = ConfigLoader.load(Optional.empty(), Map.of());
        assertThat(defaults.limits().trustedProxies()).isEmpty();
        assertThat(defaults.limits().forwardedHeader()).isEqualTo(org.polity.server.limits.ClientAddress.Header.X_FORWARDED_FOR);
        assertThat(defaults.limits().rate(org.polity.server.limits.Limits.Rule.INBOX_PER_IP))
                .isEqualTo(new org.polity.server.limits.Rate(600, java.time.Duration.ofSeconds(60)));

        PolityConfig set = ConfigLoader.load(Optional.empty(), Map.of(
                "POLITY_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7, 2001:db8::/32, [::1]",
                "POLITY_FORWARDED_HEADER", "forwarded",
                "POLITY_RATE_SIGNUP_PER_IP", "5/h",
                "POLITY_RATE_SEARCH_PER_IP", "off",
                "POLITY_RATE_LOGIN_PER_IP", "0"));
        assertThat(set.limits().trustedProxies()).extracting(Object::toString)
                .containsExactly("10.0.0.0/8", "192.0.2.7/32", "2001:db8:0:0:0:0:0:0/32", "0:0:0:0:0:0:0:1/128");
        assertThat(set.limits().forwardedHeader()).isEqualTo(org.polity.server.limits.ClientAddress.Header.FORWARDED);
        assertThat(set.limits().rate(org.polity.server.limits.Limits.Rule.SIGNUP_PER_IP))
                .isEqualTo(new org.polity.server.limits.Rate(5, java.time.Duration.ofHours(1)));
        assertThat(set.limits().rate(org.polity.server.limits.Limits.Rule.SEARCH_PER_IP).enabled()).isFalse();
        assertThat(set.limits().rate(org.polity.server.limits.Limits.Rule.LOGIN_PER_IP).enabled()).isFalse();
    }

    @Test
    void unknownKeysInAFileAreRefused() throws IOException {
        Path file = dir.resolve("typo.properties");
        Files.writeString(file, "contry=FR\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("contry")
                .hasMessageContaining("unknown setting");
    }

    @Test
    void aMissingFileIsReported() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(dir.resolve("absent.properties")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void emailDomainAllowlistMatchesSubdomainsAndTheDomainItself() {
        PolityConfig c = ConfigLoader.load(Optional.empty(),
                Map.of("POLITY_SIGNUP_EMAIL_DOMAINS", "*.gov.au, oecd.org"));
        assertThat(c.emailDomainAllowed("a@dta.gov.au")).isTrue();
        assertThat(c.emailDomainAllowed("a@gov.au")).isTrue();
        assertThat(c.emailDomainAllowed("a@DTA.GOV.AU")).isTrue();
        assertThat(c.emailDomainAllowed("a@oecd.org")).isTrue();
        assertThat(c.emailDomainAllowed("a@sub.oecd.org")).isFalse();
        assertThat(c.emailDomainAllowed("a@evilgov.au")).isFalse();
        assertThat(c.emailDomainAllowed("a@gov.au.evil.example")).isFalse();
        assertThat(c.emailDomainAllowed("no-at-sign")).isFalse();
        assertThat(c.emailDomainAllowed("a@")).isFalse();
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertThat(ConfigLoader.envName("base.url")).isEqualTo("POLITY_BASE_URL");
        assertThat(ConfigLoader.envName("allow.private.addresses")).isEqualTo("POLITY_ALLOW_PRIVATE_ADDRESSES");
    }

    private static void assertInvalid(String variable, String value, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(variable, value)))
                .as("%s=%s", variable, value)
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable)
                .hasMessageContaining(message);
    }
}
