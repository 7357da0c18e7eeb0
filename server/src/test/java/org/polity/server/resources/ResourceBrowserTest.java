package org.polity.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;
import org.polity.server.web.Web;

/**
 * The upload form, a refusal, the library and a resource posted in a group (chosen in the form's "where"
 * choice, shown on its thread page and in the group's list) in a real headless Chromium at 360 CSS pixels, in
 * English, French and Spanish: a file chosen in the browser is uploaded, the page fits the phone's width and axe
 * finds no serious or critical violation (WCAG 2.2 AA rules).
 */
class ResourceBrowserTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;
    static TestInstance instance;
    static Chrome phone;
    static org.polity.server.model.Actor group;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        instance = TestInstance.start(dataDir, Map.of());
        instance.account("lea", "ACTIVE");
        group = instance.server().polity().federation().groups().setup().create(instance.localActor("lea"),
                "opendata", "Open data practitioners", "Sharing what works.",
                org.polity.server.model.GroupInfo.Membership.OPEN, false);
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
        phone.logIn(instance.uri("").toString(), "lea", TestInstance.PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(phone, instance);
    }

    private static void language(String lang) {
        phone.driver.manage().deleteCookieNamed(Web.LANGUAGE_COOKIE);
        phone.driver.manage().addCookie(new Cookie(Web.LANGUAGE_COOKIE, lang, "/"));
    }

    private static void checkPage(String what) {
        long scrollWidth = ((Number) phone.js("return document.documentElement.scrollWidth;")).longValue();
        long viewport = ((Number) phone.js("return window.innerWidth;")).longValue();
        assertThat(scrollWidth).as("page width of " + what + " at 360 px").isLessThanOrEqualTo(viewport);
        List<Chrome.Violation> all = phone.axe();
        String report = all.stream().map(v -> "  " + v).collect(Collectors.joining("\n"));
        assertThat(all.stream().filter(Chrome.Violation::seriousOrWorse).toList())
                .as("serious axe violations on " + what + ":\n" + report).isEmpty();
    }

    @Test
    void uploadingARefusalAndTheLibraryInThreeLanguages() throws Exception {
        Path pdf = Files.write(files.resolve("Guide des données ouvertes.pdf"), Fixtures.pdf());
        Path fake = Files.write(files.resolve("report.pdf"), Fixtures.exe());
        Map<String, String[]> words = Map.of(
                "en", new String[] {"Share a resource", "This file is a program", "Resources"},
                "fr", new String[] {"Partager une ressource", "Ce fichier est un programme", "Ressources"},
                "es", new String[] {"Compartir un recurso", "Este archivo es un programa", "Recursos"});
        for (String lang : List.of("en", "fr", "es")) {
            String[] w = words.get(lang);
            language(lang);
            phone.get(instance.uri("/resources/new").toString());
            assertThat(phone.find("html").getAttribute("lang")).isEqualTo(lang);
            assertThat(phone.find("h1").getText()).isEqualTo(w[0]);
            checkPage("/resources/new (" + lang + ")");

            // A program named .pdf: the form comes back with the message beside the file field.
            phone.find("input[type=file][name=file]").sendKeys(fake.toString());
            phone.fill("title", "Report " + lang);
            phone.find("#resource-publish").click();
            phone.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(
                    org.openqa.selenium.By.id("file-error")).isEmpty());
            assertThat(phone.find("#file-error").getText()).startsWith(w[1]);
            checkPage("a refused upload (" + lang + ")");

            // A real PDF is published and shown with its file.
            phone.find("input[type=file][name=file]").sendKeys(pdf.toString());
            phone.fill("title", "Guide " + lang);
            phone.fill("description", "For **everyone** #opendata");
            phone.find("#resource-publish").click();
            phone.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/objects/"));
            assertThat(phone.find("h1").getText()).isEqualTo("Guide " + lang);
            assertThat(phone.find(".resource-files a").getText()).isEqualTo("Guide des données ouvertes.pdf");
            checkPage("a resource's page (" + lang + ")");

            // The same file posted in a group: chosen in the form, it becomes a thread of the group.
            phone.get(instance.uri("/resources/new").toString());
            new org.openqa.selenium.support.ui.Select(phone.find("select#group")).selectByValue(group.uri());
            phone.find("input[type=file][name=file]").sendKeys(pdf.toString());
            phone.fill("title", "Charter " + lang);
            phone.find("#resource-publish").click();
            phone.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/threads/"));
            assertThat(phone.find("#thread-title").getText()).isEqualTo("Charter " + lang);
            assertThat(phone.find(".resource-files a").getText()).isEqualTo("Guide des données ouvertes.pdf");
            checkPage("a resource's thread in a group (" + lang + ")");
            phone.get(instance.uri("/groups/opendata").toString());
            assertThat(phone.find("#threads").getText()).contains("Charter " + lang);
            checkPage("the group listing the resource (" + lang + ")");

            phone.get(instance.uri("/resources").toString());
            assertThat(phone.find("h1").getText()).isEqualTo(w[2]);
            assertThat(phone.find("#entries").getText()).contains("Guide " + lang);
            checkPage("the library (" + lang + ")");
        }
    }
}
