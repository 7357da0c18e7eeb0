package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A reply form's way back is a path on this site, never a redirect elsewhere. */
class ReturnToTest {
    @Test
    void onlyPathsOnThisSiteAreFollowed() {
        assertThat(FeedRoutes.returnTo("/challenges/3#response-7")).isEqualTo("/challenges/3#response-7");
        assertThat(FeedRoutes.returnTo(null)).isEqualTo("/home");
        assertThat(FeedRoutes.returnTo("")).isEqualTo("/home");
        assertThat(FeedRoutes.returnTo("https://evil.example/")).isEqualTo("/home");
        assertThat(FeedRoutes.returnTo("//evil.example/")).isEqualTo("/home");
        assertThat(FeedRoutes.returnTo("/\\evil.example/")).isEqualTo("/home");
        assertThat(FeedRoutes.returnTo("/a\r\nSet-Cookie: x=1")).isEqualTo("/home");
        assertThat(FeedRoutes.returnTo("/a b")).isEqualTo("/home");
    }
}
