package org.polity.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * The search page in a real headless Chromium at 360 CSS pixels, in English, French and Spanish: it fits the
 * phone, passes axe (WCAG 2.2 AA), and its filter form narrows the results and clears again; an invalid filter
 * shows its sentence beside the field.
 */
class SearchBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance instance;
    static Chrome phone;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dir);
        instance.account("sofia", "ACTIVE");
        Actor sofia = instance.localActor("sofia");
        var objects = instance.server().polity().storage().stores().objects();
        Instant t = Instant.parse("2026-01-10T09:00:00Z");
        objects.insert(new StoredObject(0, instance.uri("/objects/b1").toString(), "Page", sofia.id(), true,
                "Wetlands restoration", "<p>A plan for wetlands</p>", null, null, null, Visibility.PUBLIC, t, null,
                null, "{\"type\":\"Page\"}", null));
        objects.insert(new StoredObject(0, instance.uri("/objects/b2").toString(), "Note", sofia.id(), true, null,
                "<p>We restored wetlands too</p>", instance.uri("/objects/b1").toString(), null, null,
                Visibility.PUBLIC, t.plusSeconds(60), null, null, "{\"type\":\"Note\"}", null));
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (phone != null) {
            phone.close();
        }
        if (instance != null) {
            instance.close();
        }
    }

    private void open(String lang, String path) {
        phone.get(instance.uri("/healthz").toString());
        phone.js("document.cookie = 'polity_lang=" + lang + "; path=/';");
        phone.get(instance.uri(path).toString());
    }

    private void assertFitsAndPassesAxe(String what) {
        long scrollWidth = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
        long viewport = ((Number) phone.js("return window.innerWidth;")).longValue();
        assertThat(scrollWidth).as(what + " width at 360 px").isLessThanOrEqualTo(viewport);
        List<Chrome.Violation> violations = phone.axe();
        assertThat(violations).as(what).isEmpty();
    }

    @Test
    void theSearchPageWithFiltersFitsAPhoneAndPassesAxeInThreeLanguages() {
        for (String lang : List.of("en", "fr", "es")) {
            open(lang, "/search?q=wetlands");
            assertThat(phone.find("html").getAttribute("lang")).isEqualTo(lang);
            assertThat(phone.findAll("#posts .entry-title")).hasSize(2);
            assertFitsAndPassesAxe("search results in " + lang);
            // filter by type in the form
            new Select(phone.find("#type")).selectByValue("comment");
            phone.find("form[role=search] button[type=submit]").click();
            phone.waitUpTo(java.time.Duration.ofSeconds(5)).until(d -> d.getCurrentUrl().contains("type=comment"));
            assertThat(phone.findAll("#posts .entry-title")).hasSize(1);
            assertThat(phone.find("#search-count").getText()).contains("1");
            assertThat(phone.find("#type").getAttribute("value")).isEqualTo("comment");
            assertFitsAndPassesAxe("filtered results in " + lang);
            phone.find("#clear-filters").click();
            phone.waitUpTo(java.time.Duration.ofSeconds(5)).until(d -> !d.getCurrentUrl().contains("type="));
            assertThat(phone.findAll("#clear-filters")).isEmpty();
            // an invalid filter: the sentence beside its field, in the reader's language
            open(lang, "/search?q=wetlands&country=France&from=tomorrow");
            assertThat(phone.find("#country-error").getText()).isNotBlank();
            assertThat(phone.find("#from-error").getText()).isNotBlank();
            assertThat(phone.findAll("#error-summary li")).hasSize(2);
            assertFitsAndPassesAxe("invalid filters in " + lang);
        }
        assertThat(phone.driver.findElements(By.cssSelector("#posts"))).isEmpty();
    }
}
