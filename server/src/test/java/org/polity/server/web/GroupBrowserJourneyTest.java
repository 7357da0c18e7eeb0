package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * Two instances, a real headless Chromium: a member of B finds a group of A with B's search box, opens its page
 * (a remote group on B), asks to join with a message; A's moderator approves on A's members page; the member
 * asks a question from B's group page, and it shows on A's group page and thread page. Then, at 360 px in English,
 * French and Spanish, Ben starts threads with a German translation block (axe on the form and the thread page).
 */
@Tag("browser")
class GroupBrowserJourneyTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance a;
    static TestInstance b;
    static Chrome ben;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        a = TestInstance.federating(dirA, Map.of());
        b = TestInstance.federating(dirB, Map.of());
        Actor ann = a.member("ann");
        a.server().polity().federation().groups().setup().create(ann, "climate", "Climate adaptation",
                "Cities adapting to *heat*.", GroupInfo.Membership.APPROVAL, false);
        b.member("ben");
        ben = Chrome.start(1280, 900);
        ben.logIn(b.uri("").toString(), "ben", PASSWORD);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {ben, a, b}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        }
    }

    @Test
    void aMemberOfBJoinsAGroupOnAAndAsksAQuestionThere() throws Exception {
        String baseB = b.uri("").toString();
        // 1. Ben finds the group with B's search box and opens its page on B.
        ben.get(baseB + "/search");
        ben.fill("q", "climate@" + a.authority());
        ben.find("main form[action='/search'] button[type=submit]").click();
        ben.waitUpTo(Duration.ofSeconds(20)).until(d -> !d.findElements(By.id("group-page-link")).isEmpty());
        assertThat(ben.find("#actor-card").getText()).contains("Climate adaptation");
        ben.find("#group-page-link").click();
        ben.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/remote-groups/"));
        String groupPageB = ben.driver.getCurrentUrl();
        assertThat(ben.find("h1").getText()).isEqualTo("Climate adaptation");
        assertThat(ben.find(".group-facts .remote").getText()).isNotBlank();

        // 2. Ben asks to join, with a message.
        ben.fill("message", "I lead heat planning in Lyon.");
        ben.find("#join-form button[type=submit]").click();
        ben.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(".state.pending")).isEmpty());

        // 3. Ann, on A, sees the request with its message and approves it.
        TestInstance.Browser ann = a.loggedIn("ann");
        Element request = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (request == null && System.nanoTime() < deadline) {
            request = ann.page("/groups/climate/members").select("li.request").first();
            if (request == null) {
                Thread.sleep(200);
            }
        }
        assertThat(request).as("ben's request on A's members page").isNotNull();
        assertThat(request.select(".request-message").text()).isEqualTo("I lead heat planning in Lyon.");
        Element approve = request.select("form:has(input[name=decision][value=approve])").first();
        assertThat(ann.post(approve.attr("action"), Map.of("_csrf", approve.select("input[name=_csrf]").attr("value"),
                "follow", approve.select("input[name=follow]").attr("value"), "decision", "approve")).statusCode())
                .isEqualTo(303);

        // 4. B learns that Ben is a member: the group page on B offers the thread form.
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            ben.get(groupPageB);
        } while (ben.findAll("form#start-thread").isEmpty() && System.nanoTime() < deadline && sleep());
        assertThat(ben.findAll("form#start-thread")).as("the thread form once ben is a member").isNotEmpty();

        // 5. Ben asks a question; it shows on B's thread page, then on A's group page.
        ben.fill("name", "Cooling schools in heatwaves?");
        ben.fill("kind", "question");
        ben.fill("content", "What has worked for *you*?");
        ben.fill("tags", "heat");
        ben.find("form#start-thread button[type=submit]").click();
        ben.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/threads/"));
        assertThat(ben.find("h1").getText()).isEqualTo("Cooling schools in heatwaves?");
        assertThat(ben.find(".thread-badges .kind").getText()).isEqualTo("Question");

        TestInstance.Browser anonymousA = a.browser();
        TestInstance.eventually("the question shows on A's group page", () -> anonymousA.page("/groups/climate")
                .select("tr.thread-row a.thread-title").text().contains("Cooling schools in heatwaves?"));
        Document groupA = anonymousA.page("/groups/climate");
        Element row = groupA.select("tr.thread-row").first();
        assertThat(row.select(".badge.question")).hasSize(1);
        Document threadA = anonymousA.page(row.select("a.thread-title").attr("href"));
        assertThat(threadA.select(".thread-content em").text()).isEqualTo("you");
        assertThat(threadA.select("article.group-post .author .handle").first().text())
                .isEqualTo("@ben@" + b.authority());
        assertThat(anonymousA.page("/tags/heat").text()).contains("Cooling schools in heatwaves?");
        assertThat(List.of(a.server().polity().federation().groups().queries().isMember(
                a.server().polity().federation().groups().queries().group("climate"),
                a.server().polity().federation().actors().known(b.localActor("ben").uri()).orElseThrow())))
                .containsExactly(true);

        // 6. At 360 px, in each UI language, Ben starts a thread with a translation block; the form, the form with
        // a block, and the thread page pass axe and fit, and the thread's "Also in" switches to the translation.
        ben.viewport(360, 740, true);
        for (String lang : List.of("en", "fr", "es")) {
            ben.chooseLanguage(baseB, lang);
            ben.get(groupPageB);
            assertThat(ben.find("form#start-thread select#lang").getAttribute("value")).isEqualTo(lang);
            check("the group page with its thread form (" + lang + ")");
            String other = lang.equals("de") ? "en" : "de";
            ben.fill("name", "Shade in playgrounds " + lang);
            ben.fill("content", "Trees or sails, in **" + lang + "**?");
            // A script click: in the third round at 360 px, Selenium's native click on this button did not submit
            // the form (values valid, no exception; cause not found), a DOM click does.
            ben.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", ben.find("#add-translation"));
            ben.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("translation-0-lang")).isEmpty());
            assertThat(ben.find("[name=name]").getAttribute("value")).isEqualTo("Shade in playgrounds " + lang);
            check("the thread form with a translation block (" + lang + ")");
            ben.fill("translation-0-lang", other);
            ben.fill("translation-0-title", "Schatten auf Spielplätzen");
            ben.fill("translation-0-content", "Bäume oder Sonnensegel, auf **Deutsch**?");
            ben.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
                    ben.find("#start-thread-submit"));
            ben.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/threads/"));
            assertThat(ben.find("h1").getText()).isEqualTo("Shade in playgrounds " + lang);
            assertThat(ben.find("h1").getAttribute("lang")).isEqualTo(lang);
            check("a thread in two languages (" + lang + ")");
            ben.find("#thread-also-in a[hreflang=" + other + "]").click();
            ben.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("h1[lang=" + other + "]"))
                    .isEmpty());
            assertThat(ben.find("h1").getText()).isEqualTo("Schatten auf Spielplätzen");
            assertThat(ben.find(".thread-content strong").getText()).isEqualTo("Deutsch");
            check("the thread switched to " + other + " (" + lang + ")");
        }
    }

    /** No axe violations (WCAG 2.2 AA) and nothing wider than the viewport. */
    private static void check(String what) {
        assertThat(ben.axe()).as("axe on " + what).isEmpty();
        long scrollWidth = ((Number) ben.js("return document.documentElement.scrollWidth;")).longValue();
        long viewport = ((Number) ben.js("return window.innerWidth;")).longValue();
        assertThat(scrollWidth).as("width of " + what + " at 360 px").isLessThanOrEqualTo(viewport);
    }

    private static boolean sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
