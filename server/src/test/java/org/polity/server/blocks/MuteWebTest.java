package org.polity.server.blocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Notification;
import org.polity.server.testing.TestInstance;

/**
 * Mutes on one instance, through the pages: the muted member's posts leave the home feed and threads, their
 * notifications stop when asked, the follow stays and nothing is sent; the settings page lists and undoes them;
 * bad requests get a clear 4xx and change nothing.
 */
class MuteWebTest {
    @TempDir
    static Path dir;
    static TestInstance au;

    @BeforeAll
    static void start() {
        au = TestInstance.start(dir);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au);
    }

    @Test
    void aMuteHidesPostsAndNotificationsKeepsTheFollowAndIsUndone() throws Exception {
        Actor erin = au.member("erin");
        Actor finn = au.member("finn");
        TestInstance.Browser browser = au.loggedIn("erin");
        TestInstance.Browser finnBrowser = au.loggedIn("finn");
        assertThat(browser.submit("/profiles/" + finn.id(), "/follows", Map.of()).statusCode()).isEqualTo(303);
        String before = BlockFederationTest.post(au, finn, "Before the mute: open budgets", null, null);
        assertThat(browser.page("/home").text()).contains("Before the mute: open budgets");

        HttpResponse<String> muted = browser.submit("/profiles/" + finn.id(), "/mutes",
                Map.of("duration", "86400", "notifications", "on"));
        assertThat(muted.statusCode()).isEqualTo(303);
        assertThat(browser.page("/profiles/" + finn.id()).select("#muting").text()).contains("You mute this account until");
        assertThat(browser.page("/home").text()).doesNotContain("Before the mute: open budgets");
        assertThat(au.server().polity().storage().stores().follows().findFollow(erin.id(), finn.id())).isPresent();
        // Nothing left the server: the mute is private (the only activity erin sent is her Follow).
        assertThat(au.server().polity().storage().stores().activities().findByActor(erin.id(),
                java.util.List.of(org.polity.server.model.Visibility.values()), Long.MAX_VALUE, 10)).extracting(a -> a.type()).containsOnly("Follow");

        String erinsPost = BlockFederationTest.post(au, erin, "Erin asks about procurement", null, null);
        BlockFederationTest.post(au, finn, "Finn answers while muted", erinsPost, erin);
        assertThat(au.server().polity().storage().stores().notifications().findNotifications(erin.id(),
                Long.MAX_VALUE, 20)).filteredOn(n -> n.kind() == Notification.Kind.REPLY).isEmpty();
        String path = java.net.URI.create(erinsPost).getPath();
        assertThat(browser.page(path).text()).doesNotContain("Finn answers while muted");
        assertThat(finnBrowser.page(path).text()).contains("Finn answers while muted"); // finn sees his own reply

        Document settings = browser.page("/settings/blocks");
        assertThat(settings.select("#muted").text()).contains("finn");
        assertThat(settings.select("#no-blocks")).hasSize(1);
        HttpResponse<String> unmuted = browser.submit("/settings/blocks", "/mutes/delete", Map.of());
        assertThat(unmuted.statusCode()).isEqualTo(303);
        assertThat(unmuted.headers().firstValue("Location")).contains("/settings/blocks");
        assertThat(browser.page("/home").text()).contains("Before the mute: open budgets");
        assertThat(browser.page(path).text()).contains("Finn answers while muted");
        BlockFederationTest.post(au, finn, "Finn answers unmuted", erinsPost, erin);
        assertThat(au.server().polity().storage().stores().notifications().findNotifications(erin.id(),
                Long.MAX_VALUE, 20)).filteredOn(n -> n.kind() == Notification.Kind.REPLY).hasSize(1);
        assertThat(before).isNotNull();
    }

    @Test
    void badRequestsGetAClearAnswerAndChangeNothing() {
        Actor gus = au.member("gus");
        Actor hal = au.member("hal");
        TestInstance.Browser browser = au.loggedIn("gus");
        String csrf = browser.csrf("/settings/blocks");
        // Oneself, a duration not offered, an unknown or malformed account, nothing to undo.
        HttpResponse<String> self = browser.post("/blocks", Map.of("_csrf", csrf, "target", String.valueOf(gus.id())));
        assertThat(self.statusCode()).isBetween(400, 422);
        assertThat(TestInstance.html(self).text()).contains("You cannot block or mute yourself.");
        HttpResponse<String> duration = browser.post("/mutes", Map.of("_csrf", csrf, "target", String.valueOf(hal.id()),
                "duration", "12345"));
        assertThat(duration.statusCode()).isBetween(400, 422);
        assertThat(TestInstance.html(duration).text()).contains("Choose one of the durations offered.");
        assertThat(browser.post("/blocks", Map.of("_csrf", csrf, "target", "999999")).statusCode()).isEqualTo(404);
        assertThat(browser.post("/blocks", Map.of("_csrf", csrf, "target", "x' OR 1=1")).statusCode()).isEqualTo(404);
        assertThat(browser.post("/mutes", Map.of("_csrf", csrf, "target", String.valueOf(hal.id()),
                "duration", "99999999999999999999")).statusCode()).isBetween(400, 422);
        HttpResponse<String> notBlocked = browser.post("/blocks/delete", Map.of("_csrf", csrf,
                "target", String.valueOf(hal.id())));
        assertThat(notBlocked.statusCode()).isEqualTo(404);
        assertThat(TestInstance.html(notBlocked).text()).contains("You do not block");
        // Without the CSRF token, and logged out.
        assertThat(browser.post("/blocks", Map.of("target", String.valueOf(hal.id()))).statusCode()).isEqualTo(403);
        assertThat(au.browser().post("/blocks", Map.of("target", String.valueOf(hal.id()))).statusCode())
                .isIn(303, 403);
        assertThat(au.browser().get("/settings/blocks").statusCode()).isEqualTo(303);
        assertThat(au.server().polity().storage().stores().blocks().findByActor(gus.id(), Block.Kind.BLOCK,
                Long.MAX_VALUE, 10)).isEmpty();
        assertThat(au.server().polity().storage().stores().blocks().findByActor(gus.id(), Block.Kind.MUTE,
                Long.MAX_VALUE, 10)).isEmpty();
        // Another member's profile offers the buttons; one's own does not.
        assertThat(browser.page("/profiles/" + hal.id()).select("#block-form")).hasSize(1);
        assertThat(browser.page("/profiles/" + gus.id()).select("#block-controls")).isEmpty();
    }
}
