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
        assertInvalid("POLITY_BASE_URL", "ftp://x.example", "http(s) URL");
        assertInvalid("POLITY_BASE_URL", "https://x.example/polity", "without a path");
        assertInvalid("POLITY_ALLOW_PRIVATE_ADDRESSES", "maybe", "true or false");
        assertInvalid("POLITY_DB_URL", "jdbc:mysql://db/polity", "PostgreSQL");
        assertInvalid("POLITY_SIGNUP_EMAIL_DOMAINS", "*.gov.au, not a domain", "not a domain");
        assertInvalid("POLITY_INSTANCE_NAME", " ", "must not be empty");
        assertInvalid("POLITY_MAX_BODY_BYTES", "10", "out of range");
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
