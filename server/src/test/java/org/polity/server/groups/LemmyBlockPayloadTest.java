package org.polity.server.groups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.polity.server.activitypub.Publisher;

/**
 * Real payloads from ../shared/interop: Lemmy's ban ({@code Block} with a target) is read as a group ban, with its
 * reason, removeData and end; Mastodon's person-to-person {@code Block} (via Pleroma's fixtures) is not a ban.
 */
class LemmyBlockPayloadTest {
    /** A payload, or the test skipped with a visible message when ../shared/interop is absent. */
    static JsonNode fixture(String path) throws Exception {
        Path file = org.polity.federation.testing.SharedInterop.require("fixtures").resolve(path);
        Assumptions.assumeTrue(Files.isRegularFile(file), "interop payload absent: " + file);
        return Publisher.JSON.readTree(Files.readString(file));
    }

    @Test
    void lemmysBlockUserIsABanInItsCommunity() throws Exception {
        JsonNode block = fixture("lemmy/lemmy/activities/block/block_user.json");
        GroupBans.Ban ban = GroupBans.parse(block).orElseThrow();
        assertThat(ban.actorUri()).isEqualTo("http://enterprise.lemmy.ml/u/lemmy_beta");
        assertThat(ban.personUri()).isEqualTo("http://ds9.lemmy.ml/u/lemmy_alpha");
        assertThat(ban.groupUri()).isEqualTo("http://enterprise.lemmy.ml/c/main");
        assertThat(ban.reason()).isEqualTo("spam post");
        assertThat(ban.removeData()).isTrue();
        assertThat(ban.expires()).isEqualTo(Instant.parse("2021-11-01T12:23:50.151874Z"));
    }

    @Test
    void mastodonsBlockOfAPersonIsNotABan() throws Exception {
        JsonNode block = fixture("pleroma-rebased/test/fixtures/mastodon-block-activity.json");
        assertThat(block.path("type").asText()).isEqualTo("Block");
        assertThat(GroupBans.parse(block)).isEmpty();
    }
}
