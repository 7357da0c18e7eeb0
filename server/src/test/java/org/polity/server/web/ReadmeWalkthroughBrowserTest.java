package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.GroupInfo;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;

/**
 * The README's "question asked across three countries", step by step in real headless Chromium, as a newcomer
 * would click it: Australia hosts the open {@code @energy} group; France's Camille finds it with search, joins
 * and asks a question; Chile's Mateo joins only afterwards, finds the question there (the join backfills the
 * group's recent threads) and answers it; Camille accepts the answer, and all three servers show the same
 * thread with the same accepted answer; Mateo is notified.
 */
@Tag("browser")
class ReadmeWalkthroughBrowserTest {
    static final String QUESTION = "Publishing energy contracts as open data?";

    @TempDir
    static Path dirAu;
    @TempDir
    static Path dirFr;
    @TempDir
    static Path dirCl;
    static TestInstance au;
    static TestInstance fr;
    static TestInstance cl;
    static Chrome camille;
    static Chrome mateo;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        au = TestInstance.federating(dirAu, Map.of("POLITY_COUNTRY", "AU"));
        fr = TestInstance.federating(dirFr, Map.of("POLITY_COUNTRY", "FR"));
        cl = TestInstance.federating(dirCl, Map.of("POLITY_COUNTRY", "CL"));
        au.account("olivia", "Olivia Nguyen", "ACTIVE", profile("Digital Transformation Agency", "AU"));
        fr.account("camille", "Camille Martin", "ACTIVE", profile("DITP", "FR"));
        cl.account("mateo", "Mateo Rojas", "ACTIVE", profile("Laboratorio de Gobierno", "CL"));
        Actor olivia = au.localActor("olivia");
        au.server().polity().federation().groups().setup().create(olivia, "energy", "Transparency in the energy sector",
                "Open data and accountability in energy.", GroupInfo.Membership.OPEN, false);
        camille = Chrome.start(1280, 900);
        camille.logIn(base(fr), "camille", PASSWORD);
        mateo = Chrome.start(1280, 900);
        mateo.logIn(base(cl), "mateo", PASSWORD);
    }

    static Account.Profile profile(String organisation, String country) {
        return new Account.Profile(organisation, "Innovation coordinator", country, "", List.of());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {camille, mateo, au, fr, cl}) {
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
    void aQuestionAskedAcrossThreeCountriesWithALateJoiner() throws Exception {
        // 1. France: search for @energy@<Australia>, open the group and join it (it is open).
        String groupOnFr = findAndJoin(camille, fr);

        // 2. Still in France: start a thread, a question with a title and some Markdown.
        camille.get(groupOnFr);
        camille.fill("name", QUESTION);
        camille.fill("kind", "question");
        camille.fill("content", "Which formats have *worked* for you?");
        camille.find("form#start-thread button[type=submit]").click();
        camille.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/threads/"));
        String threadOnFr = camille.driver.getCurrentUrl();
        TestInstance.Browser anonymousAu = au.browser();
        TestInstance.eventually("the question reaches Australia's group page", () -> anonymousAu
                .page("/groups/energy").text().contains(QUESTION));

        // 3. Chile: join the same group after the question was asked; the question is there; reply to it.
        String groupOnCl = findAndJoin(mateo, cl);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            mateo.get(groupOnCl);
        } while (!mateo.find("main").getText().contains(QUESTION) && System.nanoTime() < deadline && pause());
        assertThat(mateo.find("main").getText()).as("the late joiner sees the question asked before").contains(QUESTION);
        mateo.driver.findElement(By.linkText(QUESTION)).click();
        mateo.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/threads/"));
        assertThat(mateo.find("h1").getText()).isEqualTo(QUESTION);
        WebElement reply = mateo.find("details.reply:not(.edit)");
        reply.findElement(By.tagName("summary")).click();
        reply.findElement(By.cssSelector("textarea[name=content]")).sendKeys("We publish them as OCDS every week.");
        reply.findElement(By.cssSelector("button[type=submit]")).click();
        mateo.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.tagName("main")).getText()
                .contains("We publish them as OCDS every week."));

        // 4. France: open the question and accept the answer; all three show the same accepted answer.
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            camille.get(threadOnFr);
        } while (camille.findAll("button.accept-answer").isEmpty() && System.nanoTime() < deadline && pause());
        assertThat(camille.findAll("button.accept-answer")).as("Mateo's answer reached France").hasSize(1);
        camille.find("button.accept-answer").click();
        camille.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#accepted-answer")).isEmpty());

        String threadPath = URIPath.of(anonymousAu.page("/groups/energy").select("a").stream()
                .filter(a -> a.text().equals(QUESTION)).findFirst().orElseThrow().attr("href"));
        TestInstance.eventually("Australia shows the accepted answer", () -> accepted(anonymousAu.page(threadPath)));
        TestInstance.eventually("Chile shows the accepted answer", () -> {
            mateo.get(mateo.driver.getCurrentUrl());
            return !mateo.findAll("#accepted-answer").isEmpty();
        });
        TestInstance.eventually("France shows the accepted answer", () -> {
            camille.get(threadOnFr);
            return !camille.findAll("#accepted-answer").isEmpty();
        });
        for (Chrome c : List.of(camille, mateo)) {
            assertThat(c.find("#accepted-answer").getText()).contains("We publish them as OCDS every week.");
        }
        // Mateo is notified.
        TestInstance.eventually("Mateo is notified", () -> {
            mateo.get(base(cl) + "/notifications");
            return !mateo.findAll("li.notification[data-kind=ANSWER_ACCEPTED]").isEmpty();
        });
        assertThat(mateo.find("li.notification[data-kind=ANSWER_ACCEPTED]").getText())
                .contains("Camille Martin").contains("accepted your answer");
    }

    /** Searches for the group's handle on {@code home}, opens its page there, joins, and returns that page. */
    private static String findAndJoin(Chrome chrome, TestInstance home) throws InterruptedException {
        chrome.get(base(home) + "/search");
        chrome.fill("q", "@energy@" + au.authority());
        chrome.find("main form[action='/search'] button[type=submit]").click();
        chrome.waitUpTo(Duration.ofSeconds(20)).until(d -> !d.findElements(By.id("group-page-link")).isEmpty());
        chrome.find("#group-page-link").click();
        chrome.waitUpTo(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/remote-groups/"));
        String groupPage = chrome.driver.getCurrentUrl();
        chrome.find("#join-form button[type=submit]").click();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            chrome.get(groupPage);
        } while (chrome.findAll("form#start-thread").isEmpty() && System.nanoTime() < deadline && pause());
        assertThat(chrome.findAll("form#start-thread")).as("the thread form once a member").isNotEmpty();
        return groupPage;
    }

    private static boolean accepted(Document thread) {
        return thread.select("#accepted-answer").text().contains("We publish them as OCDS every week.");
    }

    private static String base(TestInstance instance) {
        return instance.uri("").toString();
    }

    private static boolean pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** The path (and query) of a link, whatever host it names, for the plain-HTTP client. */
    private static final class URIPath {
        static String of(String href) {
            java.net.URI u = java.net.URI.create(href);
            return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }
    }
}
