package org.polity.server.blocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * Blocking and muting in a real headless Chromium, on a desktop and on a 360 px phone: the profile's mute and
 * block forms open, submit and show the state; the settings page lists both and undoes them. Every page passes
 * axe (WCAG 2.2 AA) and fits without sideways scrolling; screenshots go to target/screenshots.
 */
@Tag("browser")
class BlockBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome desktop;
    static Chrome phone;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir);
        instance.create("ivy", Account.Role.MEMBER, Account.Status.ACTIVE);
        instance.create("jon", Account.Role.MEMBER, Account.Status.ACTIVE);
        instance.create("kim", Account.Role.MEMBER, Account.Status.ACTIVE);
        desktop = Chrome.start(1280, 900);
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
        desktop.logIn(instance.uri("").toString(), "ivy", PASSWORD);
        phone.logIn(instance.uri("").toString(), "jon", PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(desktop, phone, instance);
    }

    private static void submitAndWait(Chrome chrome, String button, String expected) {
        chrome.find(button).click();
        chrome.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(expected)).isEmpty());
    }

    private static void check(Chrome chrome, String what, String shot) throws Exception {
        chrome.js("document.querySelectorAll('details.mute-details, details.block-details').forEach(d => d.open = true);");
        chrome.assertNoSeriousAxeViolation(what);
        chrome.assertNoSidewaysScroll(what);
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve("blocks-" + shot + ".png"), chrome.screenshot());
    }

    @Test
    void muteAndBlockFromAProfileAndUndoThemFromTheSettings() throws Exception {
        Actor kim = instance.localActor("kim");
        for (Chrome chrome : new Chrome[] {desktop, phone}) {
            String size = chrome == phone ? "phone" : "desktop";
            chrome.get(instance.uri("/profiles/" + kim.id()).toString());
            check(chrome, "a profile with its block and mute forms (" + size + ")", "profile-" + size);
            chrome.find("#mute-duration").sendKeys("One week");
            submitAndWait(chrome, "#mute-form button[type=submit]", "#muting");
            assertThat(chrome.find("#muting").getText()).contains("You mute this account until");
            check(chrome, "a muted profile (" + size + ")", "muted-" + size);
            submitAndWait(chrome, "#block-form button[type=submit]", "#blocking");
            assertThat(chrome.findAll("#profile-empty")).hasSize(1);
            assertThat(chrome.findAll(".follow-form")).isEmpty(); // no Follow button that could only be refused
            check(chrome, "a blocked profile (" + size + ")", "blocked-" + size);

            chrome.get(instance.uri("/settings/blocks").toString());
            assertThat(chrome.find("#blocked").getText()).contains("kim");
            assertThat(chrome.find("#muted").getText()).contains("kim");
            check(chrome, "the blocks and mutes settings (" + size + ")", "settings-" + size);
            submitAndWait(chrome, "#blocked button[type=submit]", "#no-blocks");
            submitAndWait(chrome, "#muted button[type=submit]", "#no-mutes");
            chrome.get(instance.uri("/profiles/" + kim.id()).toString());
            assertThat(chrome.findAll("#blocking")).isEmpty();
            assertThat(chrome.findAll("#muting")).isEmpty();
        }
    }
}
