package org.polity.server.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.polity.server.casestudies.CaseStudyStore;
import org.polity.server.challenges.Challenge;
import org.polity.server.challenges.ChallengeStatus;
import org.polity.server.challenges.ChallengeStore;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.storage.Stores;
import org.polity.server.testing.Chrome;
import org.polity.server.testing.TestInstance;
import org.polity.server.web.Messages;

/**
 * A hub's figures in a real browser, on a 360 px phone and a desktop, in English, French and Spanish: what six
 * member countries sent it over a year (stored as the inbox stores received objects), drawn as the by-country
 * bars, the timeline and the answering matrix. Each page passes axe (no serious or critical violation), fits the
 * screen, is in the reader's language, and is saved as a screenshot ({@code target/screenshots/figures-*.png}).
 */
@Tag("browser")
class FiguresBrowserTest {
    @TempDir
    static Path dir;
    static TestInstance hub;
    static Chrome phone;
    static Chrome desktop;
    static Account ana;
    static int serial;

    @BeforeAll
    static void start() {
        Chrome.assumeAvailable();
        hub = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "FR", "POLITY_MODE", "hub"));
        ana = hub.create("ana", Account.Role.ADMIN, Account.Status.ACTIVE);
        hub.server().polity().storage().transaction(tx -> {
            Instant now = Instant.now();
            StoredObject energy = challenge(tx, "MX", "Transparency in the energy sector", monthsAgo(now, 14));
            StoredObject water = challenge(tx, "MX", "Water for every village", monthsAgo(now, 5));
            challenge(tx, "MX", "Open procurement", monthsAgo(now, 1));
            StoredObject mining = challenge(tx, "AU", "Data for remote mining towns", monthsAgo(now, 9));
            challenge(tx, "AU", "Bushfire recovery", monthsAgo(now, 0));
            StoredObject roads = challenge(tx, "BA", "Safer mountain roads", monthsAgo(now, 3));
            for (int i = 0; i < 4; i++) {
                response(tx, "AU", energy, monthsAgo(now, 13 - i));
            }
            response(tx, "CL", energy, monthsAgo(now, 12));
            response(tx, "CL", water, monthsAgo(now, 4));
            response(tx, "MX", mining, monthsAgo(now, 8));
            response(tx, "EE", mining, monthsAgo(now, 7));
            response(tx, "EE", mining, monthsAgo(now, 2));
            response(tx, "BA", water, monthsAgo(now, 3));
            response(tx, "FR", roads, monthsAgo(now, 1));
            response(tx, "KE", roads, monthsAgo(now, 0));
            for (String country : List.of("EE", "EE", "EE", "FR", "FR", "MX", "KE")) {
                caseStudy(tx, country, now);
            }
            return null;
        });
        phone = Chrome.start(360, 740);
        phone.viewport(360, 740, true);
        phone.logIn(hub.uri("").toString(), "ana", PASSWORD);
        desktop = Chrome.start(1280, 900);
        desktop.logIn(hub.uri("").toString(), "ana", PASSWORD);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(phone, desktop, hub);
    }

    private static Instant monthsAgo(Instant now, int months) {
        return now.atZone(ZoneOffset.UTC).minusMonths(months).withDayOfMonth(10).toInstant();
    }

    /** An actor of a member instance in {@code country} (one per country, as a ministry's account). */
    private static Actor author(Stores tx, String country) {
        String domain = country.toLowerCase() + ".example";
        String uri = "https://" + domain + "/users/ministry";
        return tx.actors().findActorByUri(uri).orElseGet(() -> tx.actors().insert(new Actor(0, uri, ActorType.Person,
                "ministry", domain, false, "Ministry " + country, "", uri + "/inbox", "https://" + domain + "/inbox",
                uri + "/outbox", uri + "/followers", uri + "/following", uri, uri + "#main-key",
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", false, Instant.now(), Instant.now())));
    }

    private static StoredObject object(Stores tx, String country, ObjectKind kind, String name, Instant at,
            String inReplyTo) {
        Actor author = author(tx, country);
        String uri = "https://" + author.domain() + "/objects/" + (++serial);
        return tx.objects().insert(new StoredObject(0, uri, "Article", author.id(), false, name, "<p>" + name + "</p>",
                inReplyTo, null, null, Visibility.PUBLIC, at, null, null, "{}", kind));
    }

    private static StoredObject challenge(Stores tx, String country, String title, Instant at) {
        StoredObject o = object(tx, country, ObjectKind.CHALLENGE, title, at, null);
        tx.challenges().insert(new ChallengeStore.Entry(0, o.uri(), false, o.attributedToId(), new Challenge(title,
                "Summary", "Description", country, "Ministry", List.of(), List.of(), "energy", List.of(), List.of(7),
                null, List.of("en"), "", ChallengeStatus.OPEN, "", true), 1, at, at), "");
        return o;
    }

    private static void response(Stores tx, String country, StoredObject challenge, Instant at) {
        StoredObject o = object(tx, country, ObjectKind.RESPONSE, "Response from " + country, at, challenge.uri());
        tx.challenges().insertResponse(new ChallengeStore.Response(o.uri(), challenge.uri(), o.attributedToId(),
                country, null, null, false, false, at));
    }

    private static void caseStudy(Stores tx, String country, Instant at) {
        StoredObject o = object(tx, country, ObjectKind.CASE_STUDY, "Case study of " + country, at, null);
        tx.caseStudies().insert(new CaseStudyStore.Entry(0, o.uri(), false, o.attributedToId(),
                org.polity.server.casestudies.CaseStudy.Status.PUBLISHED, FiguresWebTest.caseStudy(o.name(), country),
                1, at, at), "");
    }

    private static void check(Chrome chrome, String lang, String heading, String shot) throws Exception {
        chrome.get(hub.uri("/figures").toString());
        assertThat(chrome.find("html").getAttribute("lang")).isEqualTo(lang);
        assertThat(chrome.find("h1").getText()).isEqualTo(heading);
        chrome.assertNoSidewaysScroll("/figures in " + lang);
        // Open the month-by-month table too, so axe checks it.
        chrome.js("document.querySelectorAll('details.chart-data').forEach(d => d.open = true);");
        chrome.assertNoSeriousAxeViolation("/figures in " + lang);
        chrome.js("document.querySelectorAll('details.chart-data').forEach(d => d.open = false);");
        long height = ((Number) chrome.js("return document.documentElement.scrollHeight;")).longValue();
        long width = ((Number) chrome.js("return window.innerWidth;")).longValue();
        boolean mobile = chrome == phone;
        chrome.viewport((int) width, (int) Math.min(height, 6000), mobile);
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve("figures-" + shot + "-" + lang + ".png"), chrome.screenshot());
        chrome.viewport((int) width, mobile ? 740 : 900, mobile);
    }

    @ParameterizedTest(name = "figures in {0}")
    @ValueSource(strings = {"en", "fr", "es"})
    void theFiguresPassAxeOnAPhoneAndADesktopInEachLanguage(String lang) throws Exception {
        hub.accounts().setLocale(hub.reload(ana), lang);
        Messages m = Messages.of(lang);
        check(phone, lang, m.t("figures.title"), "phone");
        assertThat(phone.findAll("#by-country-table tbody tr")).hasSize(7);
        assertThat(phone.find("#answering-table").getText()).contains(m.t("figures.total"));
        assertThat(phone.findAll("svg[role=img]")).hasSize(2);
        check(desktop, lang, m.t("figures.title"), "desktop");
        assertThat(desktop.find("nav a[href='/figures']").getAttribute("aria-current")).isEqualTo("page");
    }
}
