package org.polity.server.blog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Account;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * The blog editor and a translated article in a real headless Chromium on a 360 px phone, in English, French and
 * Spanish: a translation added, refused while empty, previewed and published; the editor (with and without
 * errors), the preview, the article in both languages, its editor and the blog pass axe (WCAG 2.2 AA) and fit.
 */
@Tag("browser")
class BlogBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome phone;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir);
        instance.create("rita", Account.Role.ADMIN, Account.Status.ACTIVE);
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
        phone.logIn(instance.uri("").toString(), "rita", PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(phone, instance);
    }

    private void setLanguage(String lang) {
        phone.chooseLanguage(instance.uri("").toString(), lang);
    }

    /** Clicks {@code css} and waits for the next page to show {@code expected}. */
    private void click(String css, String expected) {
        phone.find(css).click();
        phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(
                org.openqa.selenium.By.cssSelector(expected)).isEmpty());
    }

    private void check(String what) {
        List<Chrome.Violation> violations = phone.axe();
        assertThat(violations).as("axe on " + what).isEmpty();
        phone.assertNoSidewaysScroll(what);
    }

    @Test
    void theEditorAndATranslatedArticlePassAxeInEveryLanguage() {
        for (String lang : List.of("en", "fr", "es")) {
            setLanguage(lang);
            phone.get(instance.uri("/blog/new").toString());
            assertThat(phone.find("html").getAttribute("lang")).isEqualTo(lang);
            assertThat(phone.find("select#lang").getAttribute("value")).isEqualTo(lang);
            check("the editor (" + lang + ")");
            phone.fill("title", "Title " + lang);
            phone.fill("content", "Body in **" + lang + "**.");
            click("#add-translation", "fieldset.translation");
            assertThat(phone.findAll("fieldset.translation")).hasSize(1);
            String other = lang.equals("en") ? "fr" : "en";
            phone.fill("translation-0-lang", other);
            phone.fill("translation-0-title", "Translated " + other);
            click("button[value=publish]", "#translation-0-content-error");
            assertThat(phone.find("#translation-0-content-error").getText()).isNotBlank();
            check("the editor with errors (" + lang + ")");
            phone.fill("translation-0-content", "Translated body in " + other + ".");
            click("button[value=preview]", "#preview");
            assertThat(phone.findAll("#preview article.post")).hasSize(2);
            check("the preview (" + lang + ")");
            click("button[value=publish]", "#object");
            assertThat(phone.driver.getCurrentUrl()).contains("/objects/");
            assertThat(phone.find("h1").getText()).isEqualTo("Title " + lang);
            check("a translated article (" + lang + ")");
            click(".also-in a[hreflang=" + other + "]", "h1[lang=" + other + "]");
            assertThat(phone.find("h1").getText()).isEqualTo("Translated " + other);
            assertThat(phone.find("h1").getAttribute("lang")).isEqualTo(other);
            check("the article switched to " + other + " (" + lang + ")");
            if (phone.findAll("a#edit-article").isEmpty()) {
                throw new AssertionError(phone.driver.getCurrentUrl() + "\n" + phone.find("main").getAttribute("outerHTML"));
            }
            click("a#edit-article", "fieldset.translation");
            assertThat(phone.findAll("fieldset.translation")).hasSize(1);
            check("the article's editor (" + lang + ")");
            phone.get(instance.uri("/blog").toString());
            check("the blog (" + lang + ")");
        }
    }
}
