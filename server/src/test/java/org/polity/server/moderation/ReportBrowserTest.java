package org.polity.server.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * The report form and the moderation queue in a real headless Chromium, at desktop and phone width: a member
 * follows the Report link on a post, a bad submission comes back with the error, a good one is thanked; a
 * moderator opens it in the queue and resolves it. Every page passes axe and does not scroll sideways; screenshots
 * go to target/screenshots.
 */
@Tag("browser")
class ReportBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static StoredObject post;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir);
        instance.create("rb_mod", Account.Role.MODERATOR, Account.Status.ACTIVE);
        Actor sam = instance.member("rb_sam");
        instance.member("rb_ana");
        instance.loggedIn("rb_sam").submit("/home", "/home/posts", Map.of("content",
                "Limited offer: cheap certificates for every tender, no questions asked."));
        post = instance.server().polity().storage().stores().objects().findObjectsByAuthor(sam.id(), Long.MAX_VALUE, 1)
                .get(0);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(instance);
    }

    static void shot(Chrome chrome, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve("moderation-" + name + ".png"), chrome.screenshot());
    }

    static void check(Chrome chrome, String what) {
        chrome.assertNoSidewaysScroll(what);
        assertThat(chrome.axe()).as("axe on " + what).isEmpty();
    }

    static void clickAndWait(Chrome chrome, String css, String expected) {
        chrome.find(css).click();
        chrome.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(expected)).isEmpty());
    }

    @Test
    void aMemberReportsAPostAndAModeratorResolvesItOnDesktopAndPhone() throws Exception {
        int round = 0;
        for (int[] size : List.of(new int[] {1280, 900}, new int[] {360, 740})) {
            round++;
            String label = size[0] + "px";
            try (Chrome chrome = Chrome.start(size[0], size[1])) {
                chrome.viewport(size[0], size[1], size[0] < 500);
                String base = instance.uri("").toString();
                chrome.logIn(base, "rb_ana", PASSWORD);
                chrome.get(base + "/profiles/" + post.attributedToId());
                // The profile offers a report of the account, and the post a report of itself.
                assertThat(chrome.findAll("#report-actor")).hasSize(1);
                chrome.get(base + "/report?object=" + URLEncoder.encode(post.uri(), StandardCharsets.UTF_8));
                assertThat(chrome.find("h1").getText()).isEqualTo("Report to the moderators");
                check(chrome, "the report form at " + label);
                shot(chrome, "form-" + label);
                // Nothing chosen: the form comes back with the problem, linked to its field.
                clickAndWait(chrome, "#report-form button[type=submit]", "#error-summary");
                assertThat(chrome.find("#error-summary").getText()).contains("Choose what is wrong.");
                check(chrome, "the report form with an error at " + label);
                shot(chrome, "form-error-" + label);
                chrome.find("label[for=category-spam]").click();
                chrome.fill("comment", "Selling fake certificates, round " + round + ".");
                clickAndWait(chrome, "#report-form button[type=submit]", "#report-sent");
                check(chrome, "the thank-you page at " + label);

                chrome.logIn(base, "rb_mod", PASSWORD);
                chrome.get(base + "/admin/reports");
                assertThat(chrome.find("h1").getText()).isEqualTo("Reports");
                check(chrome, "the queue at " + label);
                shot(chrome, "queue-" + label);
                chrome.find("#reports-table tbody tr a").click();
                chrome.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("report-facts")).isEmpty());
                assertThat(chrome.find("#report-comment").getText()).isEqualTo("Selling fake certificates, round "
                        + round + ".");
                assertThat(chrome.find("#report-reporter").getText()).startsWith("rb_ana@");
                check(chrome, "a report at " + label);
                shot(chrome, "detail-" + label);
                chrome.fill("note", "Warned the member.");
                clickAndWait(chrome, "#resolve", "#report-note");
                assertThat(chrome.find("#report-status").getText()).isEqualTo("Resolved");
                check(chrome, "a resolved report at " + label);
            }
        }
        assertThat(instance.server().polity().storage().stores().moderation()
                .countReports(Report.Status.RESOLVED)).isEqualTo(2);
    }
}
