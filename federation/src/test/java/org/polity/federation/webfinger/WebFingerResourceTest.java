package org.polity.federation.webfinger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebFingerResourceTest {
    @Test
    void acctWithoutPort() {
        WebFingerResource.Acct acct = WebFingerResource.parseAcct("acct:alice@gov.example");
        assertThat(acct.user()).isEqualTo("alice");
        assertThat(acct.host()).isEqualTo("gov.example");
        assertThat(acct.port()).isEqualTo(-1);
        assertThat(acct.authority()).isEqualTo("gov.example");
        assertThat(acct.uri()).isEqualTo("acct:alice@gov.example");
    }

    @Test
    void acctWithPort() {
        WebFingerResource.Acct acct = WebFingerResource.parseAcct("acct:alice@localhost:8080");
        assertThat(acct.host()).isEqualTo("localhost");
        assertThat(acct.port()).isEqualTo(8080);
        assertThat(acct.authority()).isEqualTo("localhost:8080");
        assertThat(acct.uri()).isEqualTo("acct:alice@localhost:8080");
    }

    @ParameterizedTest
    @CsvSource({
        "@alice@gov.example,alice,gov.example",
        "alice@gov.example,alice,gov.example",
        "@alice@gov.example:8443,alice,gov.example:8443",
        "ACCT:alice@gov.example,alice,gov.example",
        "acct:Alice@GOV.Example,Alice,gov.example",
        "acct:alice@127.0.0.1:9000,alice,127.0.0.1:9000",
        "acct:alice@[::1]:9000,alice,[::1]:9000",
        "acct:al%69ce@gov.example,alice,gov.example",
        "acct:j%C3%BCrgen@gov.example,jürgen,gov.example",
        "acct:first.last@gov.example,first.last,gov.example",
    })
    void lenientForms(String resource, String user, String authority) {
        WebFingerResource.Acct acct = WebFingerResource.parseAcct(resource);
        assertThat(acct.user()).isEqualTo(user);
        assertThat(acct.authority()).isEqualTo(authority);
    }

    @Test
    void percentEncodedAtSignInUserPartIsOneUser() {
        WebFingerResource.Acct acct = WebFingerResource.parseAcct("acct:bob%40agency.gov@gov.example");
        assertThat(acct.user()).isEqualTo("bob@agency.gov");
        assertThat(acct.uri()).isEqualTo("acct:bob%40agency.gov@gov.example");
    }

    @Test
    void urls() {
        WebFingerResource r = WebFingerResource.parse("https://gov.example:8443/users/alice");
        assertThat(r).isInstanceOf(WebFingerResource.Url.class);
        assertThat(((WebFingerResource.Url) r).uri().getPort()).isEqualTo(8443);
        assertThatThrownBy(() -> WebFingerResource.parseAcct("https://gov.example/users/alice"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a URL");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acct:|expected an account",
        "acct:@gov.example|no user part",
        "acct:alice@|no host",
        "acct:alice|expected an account",
        "alice|expected an account",
        "acct:alice@gov.example:0|port",
        "acct:alice@gov.example:65536|port",
        "acct:alice@gov.example:http|port",
        "acct:alice@gov.example:|port",
        "acct:alice@gov_example.com|not a valid host",
        "acct:alice@-gov.example|not a valid host",
        "acct:al<ice@gov.example|must be percent-encoded",
        "acct:al/ice@gov.example|must be percent-encoded",
        "acct:a%ZZ@gov.example|broken percent-encoding",
        "acct:a%4@gov.example|broken percent-encoding",
        "acct:a%FF@gov.example|not UTF-8",
        "acct:a%00@gov.example|control characters",
        "mailto:alice@gov.example|unsupported resource scheme",
        "acct:@alice@gov.example|must be percent-encoded",
        "https://|not a valid URL",
        "http:///users/alice|absolute http(s) URL",
    })
    void garbageIsRefusedWithAReason(String resource, String reason) {
        assertThatThrownBy(() -> WebFingerResource.parse(resource))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "acct:alice @gov.example", "acct:alice@gov.example\n"})
    void blankAndWhitespaceAreRefused(String resource) {
        assertThatThrownBy(() -> WebFingerResource.parse(resource)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullAndOverlongAreRefused() {
        assertThatThrownBy(() -> WebFingerResource.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> WebFingerResource.parse("acct:" + "a".repeat(2000) + "@gov.example"))
                .hasMessageContaining("longer than");
    }
}
