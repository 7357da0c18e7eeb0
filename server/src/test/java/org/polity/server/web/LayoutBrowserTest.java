package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * Phone layout in a real headless Chromium at 360 CSS pixels: a 4,900-character word (profile), 2,000 to 3,500 in posts, and a long URL in a
 * thread, a reply, a post and a profile never make a page wider than the screen, and the header stays
 * compact (one row and a Menu disclosure).
 */
@Tag("browser")
class LayoutBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String WORD = "Antidisestablishmentarianism".repeat(175); // 4,900 characters, no break
    static final String URL = "https://data.example.gov/" + "very-long-path-segment/".repeat(40) + "?q=" + "x".repeat(300);

    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome phone;
    static long threadId;
    static Actor ann;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir);
        instance.account("ann", "Ann " + "Longname".repeat(5), "ACTIVE", new Account.Profile(
                "Ministry" + "ofverylongnames".repeat(12), "Analyst", "CL", "Bio " + WORD.substring(0, 3000) + " " + URL, List.of()));
        instance.create("rita", Account.Role.ADMIN, Account.Status.ACTIVE);
        ann = instance.localActor("ann");
        var groups = instance.server().polity().federation().groups();
        Actor group = groups.setup().create(ann, "longwords", "Long words", "About " + WORD, GroupInfo.Membership.OPEN, false);
        String body = WORD.substring(0, 2000) + "\n\n" + URL + "\n\n```\n" + WORD.substring(0, 1000) + "\n```\n\n| a | b |\n|---|---|\n| "
                + WORD.substring(0, 500) + " | x |";
        var thread = groups.posting().startThread(ann, group, "Title" + WORD.substring(0, 400), body, GroupThread.Kind.DISCUSSION,
                List.of());
        String threadUri = thread.objectUri();
        groups.posting().reply(ann, threadUri, "Reply " + WORD.substring(0, 3500) + " " + URL);
        StoredObject t = instance.server().polity().storage().stores().objects().findObjectByUri(threadUri).orElseThrow();
        threadId = t.id();
        ObjectNode note = JSON.createObjectNode();
        note.put("type", "Note");
        note.put("content", "<p>Note " + WORD.substring(0, 2000) + " <a href=\"" + URL + "\">" + URL + "</a></p>");
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        instance.server().polity().federation().objects().create(ann, note, null);
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
        phone.logIn(instance.uri("").toString(), "rita", PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(phone, instance);
    }

    private void assertFits(String path) {
        phone.get(instance.uri(path).toString());
        phone.assertNoSidewaysScroll(path);
    }

    @Test
    void longWordsAndUrlsWrapOnEveryPage() {
        assertFits("/threads/" + threadId);
        assertFits("/home");
        assertFits("/profiles/" + ann.id());
        assertFits("/users/ann");
        assertFits("/search?q=Antidisestablishmentarianism");
        assertFits("/groups/longwords");
        assertFits("/groups");
    }

    /** Rendered and not hidden (Selenium's isDisplayed takes every child of a closed details as hidden). */
    private boolean visible(String css) {
        return (Boolean) phone.js("const e = document.querySelector(arguments[0]); const r = e.getBoundingClientRect();"
                + " return e.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true}) && r.width > 0;", css);
    }

    @Test
    void theHeaderIsCompactOnAPhoneAndItsMenuOpensWithTheKeyboard() {
        phone.get(instance.uri("/groups").toString());
        long height = ((Number) phone.js("return document.querySelector('.site-header').getBoundingClientRect().height;"))
                .longValue();
        assertThat(height).as("header height at 360 px").isLessThanOrEqualTo(80);
        // The links are in a disclosure: a real <summary> the keyboard reaches, opened with Enter.
        var summary = phone.find(".site-header details.nav-menu > summary");
        assertThat(summary.getText()).isEqualTo("Menu");
        assertThat(visible(".site-header a[href='/challenges']")).isFalse();
        summary.sendKeys(org.openqa.selenium.Keys.ENTER);
        assertThat(visible(".site-header a[href='/challenges']")).isTrue();
        // On a desktop the links show without opening anything.
        phone.viewport(1280, 900, false);
        phone.get(instance.uri("/groups").toString());
        assertThat(visible(".site-header a[href='/challenges']")).isTrue();
        assertThat(visible(".site-header details.nav-menu > summary")).isFalse();
        long desktopHeight = ((Number) phone.js(
                "return document.querySelector('.site-header').getBoundingClientRect().height;")).longValue();
        assertThat(desktopHeight).as("header height at 1280 px").isLessThanOrEqualTo(80);
        phone.viewport(360, 740, true);
    }

    @Test
    void adminSettingsCheckboxesSitBesideTheirLabels() {
        for (int width : new int[] {360, 1280}) {
            phone.viewport(width, 900, width < 400);
            phone.get(instance.uri("/admin/settings").toString());
            for (String id : new String[] {"approval", "memberGroups"}) {
                @SuppressWarnings("unchecked")
                java.util.Map<String, Number> r = (java.util.Map<String, Number>) phone.js("""
                        const box = document.getElementById(arguments[0]).getBoundingClientRect();
                        const label = document.querySelector('label[for=' + arguments[0] + ']').getBoundingClientRect();
                        return {boxRight: box.right, boxTop: box.top, boxWidth: box.width, labelLeft: label.left,
                            labelTop: label.top};""", id);
                assertThat(r.get("boxWidth").doubleValue()).as(id + " checkbox width at " + width).isLessThan(40);
                assertThat(r.get("boxRight").doubleValue()).as(id + " box left of its label").isLessThanOrEqualTo(
                        r.get("labelLeft").doubleValue());
                assertThat(Math.abs(r.get("boxTop").doubleValue() - r.get("labelTop").doubleValue()))
                        .as(id + " box on its label's line at " + width).isLessThan(16);
            }
        }
        phone.viewport(360, 740, true);
    }
}
