package org.polity.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.polity.federation.testing.SharedInterop;
import org.polity.federation.vocab.ApReader;

/** The Flags real servers send, read into one shape (docs/vocabulary.md, "Reports"). */
class ApToReportTest {
    static final ApReader READER = new ApReader();

    static JsonNode fixture(String path) throws Exception {
        Path fixtures = SharedInterop.require("fixtures");
        return READER.parse(Files.readAllBytes(fixtures.resolve(path)));
    }

    @Test
    void mastodonNamesTheAccountAndItsPostsWithTheCommentAsContent() throws Exception {
        ApToReport.Flag flag = ApToReport.flag(fixture("lemmy/mastodon/activities/flag.json"));
        assertThat(flag.id()).isEqualTo("https://mastodon.example/ccb4f39a-506a-490e-9a8c-71831c7713a4");
        assertThat(flag.actorUri()).isEqualTo("https://mastodon.example/actor");
        assertThat(flag.objectUris()).containsExactly("https://example.com/users/1",
                "https://example.com/posts/380590", "https://example.com/posts/380591");
        assertThat(flag.comment()).isEqualTo("Please take a look at this user and their posts");
        assertThat(flag.groupUris()).containsExactly("https://example.com/users/1");
    }

    @Test
    void lemmyNamesThePostAndTheCommunityWithTheReasonAsSummary() throws Exception {
        ApToReport.Flag flag = ApToReport.flag(fixture("lemmy/lemmy/activities/community/report_page.json"));
        assertThat(flag.objectUris()).containsExactly("http://enterprise.lemmy.ml/post/7");
        assertThat(flag.comment()).isEqualTo("report this post");
        assertThat(flag.groupUris()).containsExactly("http://enterprise.lemmy.ml/u/main",
                "http://enterprise.lemmy.ml/c/main");
    }

    @Test
    void mbinSendsBothFormsAtOnce() throws Exception {
        ApToReport.Flag flag = ApToReport.flag(fixture("lemmy/mbin/activities/flag.json"));
        assertThat(flag.objectUris()).containsExactly("https://lemmy-test/post/4", "https://lemmy-test/u/BentiGorlich");
        assertThat(flag.comment()).isEqualTo("dikjhgasdpas dsaü");
        assertThat(flag.groupUris()).containsExactly("https://lemmy-test/c/test_mag");
    }

    @Test
    void pleromaEmbedsThePostsAndMarkupIsTakenOut() throws Exception {
        // Pleroma and Akkoma embed each reported post as an object (their ActivityPub.Utils.make_flag_data).
        JsonNode flag = READER.parse(("{\"id\":\"https://pl.example/activities/1\",\"type\":\"Flag\","
                + "\"actor\":\"https://pl.example/internal/fetch\",\"content\":\"<p>spam &amp; scam</p><p>again</p>\","
                + "\"object\":[\"https://au.example/users/ana\",{\"id\":\"https://au.example/objects/1\",\"type\":"
                + "\"Note\",\"content\":\"buy\"},{\"type\":\"Note\"},\"not a url\"],"
                + "\"to\":[\"https://au.example/users/ana\"]}").getBytes());
        ApToReport.Flag read = ApToReport.flag(flag);
        assertThat(read.objectUris()).containsExactly("https://au.example/users/ana", "https://au.example/objects/1");
        assertThat(read.comment()).isEqualTo("spam & scam\nagain");
    }

    @Test
    void aMisskeyFlagWithNoCommentAndAHugeListIsCut() throws Exception {
        StringBuilder objects = new StringBuilder("[\"https://au.example/users/ana\"");
        for (int i = 0; i < 200; i++) {
            objects.append(",\"https://au.example/objects/").append(i).append('"');
        }
        objects.append(']');
        ApToReport.Flag read = ApToReport.flag(READER.parse(("{\"id\":\"https://mk.example/x\",\"type\":\"Flag\","
                + "\"actor\":\"https://mk.example/users/9\",\"object\":" + objects + "}").getBytes()));
        assertThat(read.objectUris()).hasSize(ApToReport.MAX_OBJECTS).startsWith("https://au.example/users/ana");
        assertThat(read.comment()).isEmpty();
        assertThat(read.groupUris()).isEmpty();
    }
}
