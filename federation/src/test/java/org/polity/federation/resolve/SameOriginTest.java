package org.polity.federation.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The origin rule every trust check rests on ("the object lives on its actor's host"), against hosts spoofed by
 * normalisation: case and the default port are the same origin; a trailing dot, a Unicode (IDN) spelling of a
 * punycode host, user info and another port are not, so none of them lets one server speak for another.
 */
class SameOriginTest {
    static boolean same(String a, String b) {
        return ObjectFetcher.sameOrigin(URI.create(a), URI.create(b));
    }

    @Test
    void caseAndTheDefaultPortDoNotMakeAnotherOrigin() {
        assertThat(same("https://Gov.Example/users/a", "https://gov.example/notes/1")).isTrue();
        assertThat(same("https://gov.example:443/users/a", "https://gov.example/notes/1")).isTrue();
        assertThat(same("HTTPS://gov.example/users/a", "https://gov.example/notes/1")).isTrue();
        assertThat(same("http://gov.example:80/a", "http://gov.example/b")).isTrue();
    }

    @Test
    void spelledDifferentlyIsAnotherOrigin() {
        assertThat(same("https://gov.example./users/a", "https://gov.example/notes/1")).as("trailing dot").isFalse();
        assertThat(same("https://gov.example:8443/users/a", "https://gov.example/notes/1")).as("port").isFalse();
        assertThat(same("http://gov.example/users/a", "https://gov.example/notes/1")).as("scheme").isFalse();
        assertThat(same("https://gov.example@evil.example/users/a", "https://gov.example/notes/1"))
                .as("user info names no host").isFalse();
        assertThat(same("https://evil.example/gov.example/a", "https://gov.example/notes/1")).isFalse();
        assertThat(same("https://gov.example.evil.example/a", "https://gov.example/notes/1")).isFalse();
    }

    @Test
    void aUnicodeHostIsNeverTheSameAsItsPunycodeNorTrustedAtAll() {
        // java.net.URI gives no host for a non-ASCII authority, so the rule cannot be satisfied by one.
        assertThat(same("https://bücher.example/users/a", "https://xn--bcher-kva.example/notes/1")).isFalse();
        assertThat(same("https://bücher.example/users/a", "https://bücher.example/notes/1")).isFalse();
        assertThat(same("https://xn--bcher-kva.example/users/a", "https://XN--BCHER-KVA.example/n")).isTrue();
    }
}
