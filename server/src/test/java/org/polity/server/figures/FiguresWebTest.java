package org.polity.server.figures;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.activitypub.Publisher;
import org.polity.server.casestudies.CaseStudy;
import org.polity.server.casestudies.CaseStudyService;
import org.polity.server.challenges.ChallengeForms;
import org.polity.server.challenges.ChallengeStore;
import org.polity.server.model.Account;
import org.polity.server.testing.AtomValidation;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * Mexico's instance: challenges issued and answered over HTTP (by members writing for Australia and France) and
 * case studies of Estonia and Mexico, counted on {@code /figures} as JSON and in the page's tables; the responses
 * feed and the per-country feeds, valid Atom; and a hub, whose navigation and home page lead to its figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FiguresWebTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path hubDir;
    static TestInstance mx;
    static TestInstance hub;
    static long energy;
    static long water;
    static Account adelaAccount;
    static Account ines;

    @BeforeAll
    static void start() {
        mx = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "MX"));
        hub = TestInstance.start(hubDir, Map.of("POLITY_COUNTRY", "FR", "POLITY_MODE", "hub"));
        adelaAccount = mx.create("adela", Account.Role.ADMIN, Account.Status.ACTIVE);
        mx.account("ana", "ACTIVE");
        mx.account("carla", "ACTIVE");
        mx.account("sam", "ACTIVE");
        ines = mx.account("ines", "ACTIVE");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(mx, hub);
    }

    private static JsonNode json(TestInstance instance) throws Exception {
        HttpResponse<String> r = instance.get("/figures", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return Publisher.JSON.readTree(r.body());
    }

    private static List<String> cells(Element row) {
        return row.select("th, td").eachText();
    }

    private static Document feed(String path, int entries) {
        HttpResponse<byte[]> r = bytes(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("application/atom+xml");
        AtomValidation.assertValid(r.body(), path);
        Document doc = Jsoup.parse(new String(r.body(), StandardCharsets.UTF_8), "", org.jsoup.parser.Parser.xmlParser());
        assertThat(doc.select("entry")).as(path).hasSize(entries);
        return doc;
    }

    private static HttpResponse<byte[]> bytes(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(mx.uri(path))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(1)
    void nothingSharedYetSaysSoInsteadOfDrawingEmptyCharts() throws Exception {
        JsonNode figures = json(mx);
        assertThat(figures.path("totals").toString()).isEqualTo("{\"challenges\":0,\"responses\":0,\"caseStudies\":0}");
        assertThat(figures.path("countries")).isEmpty();
        assertThat(figures.path("months")).hasSize(Figures.MONTHS);
        assertThat(figures.path("months").get(Figures.MONTHS - 1).path("month").asText())
                .isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
        Document page = mx.browser().page("/figures");
        assertThat(page.select("svg")).isEmpty();
        assertThat(page.select("#chart-by-country").hasClass("chart-empty")).isTrue();
        assertThat(page.select("#chart-timeline").hasClass("chart-empty")).isTrue();
        assertThat(page.select("#answering .chart-empty").text()).isNotEmpty();
        assertThat(page.select("#by-country-table, #answering-table")).isEmpty();
        feed("/challenges/responses/feed.atom", 0);
    }

    @Test
    @Order(2)
    void challengesResponsesAndCaseStudiesAreCountedByCountryMonthAndWhoAnswersWhom() throws Exception {
        Browser adela = mx.loggedIn("adela");
        ChallengeForms.authorise(adela, "ana");
        Browser ana = mx.loggedIn("ana");
        energy = ChallengeForms.idFrom(ChallengeForms.post(ana, "/challenges/new", ChallengeForms.mexico(),
                List.of("7")));
        ChallengeForms.advance(ana, energy, "open", "");
        Map<String, String> second = ChallengeForms.mexico();
        second.put("title", "Water for every village");
        water = ChallengeForms.idFrom(ChallengeForms.post(ana, "/challenges/new", second, List.of("6")));
        ChallengeForms.advance(ana, water, "open", "");
        // A draft is no challenge issued yet.
        ChallengeForms.post(ana, "/challenges/new", ChallengeForms.mexico(), List.of("7"));

        respond("carla", energy, "Minerals data portal", "AU");
        respond("sam", water, "Bores for remote communities", "AU");
        respond("carla", energy, "Open energy contracts", "FR");

        CaseStudyService caseStudies = new CaseStudyService(mx.server().polity());
        Account admin = mx.reload(adelaAccount);
        caseStudies.setEditor(admin, ines, true);
        for (String country : List.of("EE", "MX")) {
            long id = caseStudies.createDraft(ines, caseStudy("Proactive benefits in " + country, country)).id();
            caseStudies.submitForReview(ines, id);
            caseStudies.publish(admin, id, "");
        }

        JsonNode figures = json(mx);
        assertThat(figures.path("totals").toString()).isEqualTo("{\"challenges\":2,\"responses\":3,\"caseStudies\":2}");
        assertThat(figures.path("countries").toString()).isEqualTo("["
                + "{\"country\":\"AU\",\"challenges\":0,\"responses\":2,\"caseStudies\":0},"
                + "{\"country\":\"EE\",\"challenges\":0,\"responses\":0,\"caseStudies\":1},"
                + "{\"country\":\"FR\",\"challenges\":0,\"responses\":1,\"caseStudies\":0},"
                + "{\"country\":\"MX\",\"challenges\":2,\"responses\":0,\"caseStudies\":1}]");
        JsonNode thisMonth = figures.path("months").get(Figures.MONTHS - 1);
        assertThat(thisMonth.path("challenges").asLong()).isEqualTo(2);
        assertThat(thisMonth.path("responses").asLong()).isEqualTo(3);
        assertThat(figures.path("months").get(0).path("challenges").asLong()).isZero();
        assertThat(figures.path("answering").toString()).isEqualTo(
                "[{\"from\":\"AU\",\"to\":\"MX\",\"responses\":2},{\"from\":\"FR\",\"to\":\"MX\",\"responses\":1}]");
        assertThat(figures.path("feeds").path("responses").asText())
                .isEqualTo(mx.server().polity().uris().url("/challenges/responses/feed.atom"));

        // The page: the busiest country first, then by name; the tables carry the same numbers.
        Document page = mx.browser().page("/figures");
        assertThat(page.select("#total-challenges").text()).isEqualTo("2");
        assertThat(page.select("#total-responses").text()).isEqualTo("3");
        assertThat(page.select("#total-case-studies").text()).isEqualTo("2");
        assertThat(page.select("#by-country-table tbody tr").stream().map(FiguresWebTest::cells).toList())
                .containsExactly(List.of("Mexico", "2", "0", "1"), List.of("Australia", "0", "2", "0"),
                        List.of("Estonia", "0", "0", "1"), List.of("France", "0", "1", "0"));
        Element chart = page.selectFirst("svg#chart-by-country");
        assertThat(chart.attr("role")).isEqualTo("img");
        assertThat(page.select("#chart-by-country-title").text()).isEqualTo("By country");
        assertThat(page.select("#chart-by-country-desc").text()).contains("4 countries");
        assertThat(chart.select("rect")).hasSize(12);
        assertThat(page.select("svg#chart-timeline rect")).hasSize(2 * Figures.MONTHS);
        assertThat(cells(page.select("#timeline-table tbody tr").last())).containsExactly(
                new FiguresView(new Figures(mx.server().polity()).snapshot(), org.polity.server.web.Messages.of("en"))
                        .months().get(Figures.MONTHS - 1).label(), "2", "3");
        assertThat(cells(page.selectFirst("#answering-table thead tr"))).containsExactly("From ↓ to →", "Mexico",
                "Total");
        assertThat(page.select("#answering-table tbody tr").stream().map(FiguresWebTest::cells).toList())
                .containsExactly(List.of("Australia", "2", "2"), List.of("France", "1", "1"));
        assertThat(cells(page.selectFirst("#answering-table tfoot tr"))).containsExactly("Responses received", "3",
                "3");
        assertThat(page.select("#answering-table tbody td.heat").eachAttr("class"))
                .containsExactly("num heat heat-4", "num heat heat-2");
        assertThat(page.select("link[rel=alternate][type=application/atom+xml]").eachAttr("href")).containsExactly(
                "/challenges/feed.atom", "/challenges/responses/feed.atom", "/case-studies/feed.atom");
        assertThat(page.select("#country-feeds li[data-country=AU] a").eachAttr("href")).containsExactly(
                "/challenges/feed.atom?country=AU", "/challenges/responses/feed.atom?country=AU",
                "/case-studies/feed.atom?country=AU");
        assertThat(page.select("nav a[href=/figures]")).as("a national instance's nav").isEmpty();
        assertThat(mx.browser().page("/").select("footer a[href=/figures]")).as("but its footer").hasSize(1);

        // In French: the words and the country names.
        Document fr = mx.browser().acceptLanguage("fr").page("/figures");
        assertThat(fr.select("h1").text()).isEqualTo("Chiffres");
        assertThat(fr.select("#by-country-table tbody th").eachText()).containsExactly("Mexique", "Australie",
                "Estonie", "France");

        // A withdrawn response no longer counts.
        ChallengeStore store = mx.server().polity().storage().stores().challenges();
        String frUri = store.findResponses(mx.server().polity().storage().stores().challenges().findById(energy)
                .orElseThrow().objectUri(), 0, 10).stream().filter(r -> r.country().equals("FR")).findFirst()
                .orElseThrow().responseUri();
        mx.server().polity().storage().stores().objects().markDeleted(frUri, java.time.Instant.now());
        assertThat(json(mx).path("totals").path("responses").asLong()).isEqualTo(2);
        assertThat(json(mx).path("answering")).hasSize(1);
    }

    private static void respond(String member, long challenge, String title, String country) {
        HttpResponse<String> sent = ChallengeForms.post(mx.loggedIn(member), "/challenges/" + challenge + "/respond",
                ChallengeForms.response(title, country), List.of());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    }

    static CaseStudy caseStudy(String title, String country) {
        return new CaseStudy(title, "Families get benefits without applying.", country, "Ministry of Social Affairs",
                "national", "social-services", 2021, "Eligible families did not apply.", "Paid from registry data.",
                "implementing", List.of("adaptive"), "Take-up rose.", "Start with the data you hold.", List.of(16),
                List.of("benefits"), List.of("https://example.org/report.pdf"), "innovation@example.gov", List.of(),
                List.of(), false, "en", List.of());
    }

    @Test
    @Order(3)
    void theFeedsOfResponsesAndOfOneCountryAreValidAtom() {
        Document responses = feed("/challenges/responses/feed.atom", 2);
        assertThat(responses.select("feed > title").text()).isEqualTo("Responses to challenges · "
                + mx.server().polity().config().instanceName());
        assertThat(responses.select("entry > title").eachText()).containsExactly("Bores for remote communities",
                "Minerals data portal");
        Document australia = feed("/challenges/responses/feed.atom?country=au", 2);
        assertThat(australia.select("feed > title").text()).endsWith(" · Australia");
        assertThat(australia.select("feed > link[rel=self]").attr("href"))
                .isEqualTo(mx.server().polity().uris().url("/challenges/responses/feed.atom?country=AU"));
        feed("/challenges/responses/feed.atom?country=FR", 0); // withdrawn
        Document mexico = feed("/challenges/feed.atom?country=MX", 2);
        assertThat(mexico.select("feed > link[rel=alternate]").attr("href"))
                .isEqualTo(mx.server().polity().uris().url("/challenges?country=MX"));
        feed("/challenges/feed.atom?country=AU", 0);
        feed("/challenges/feed.atom", 2);
        assertThat(feed("/case-studies/feed.atom?country=EE", 1).select("entry > title").text())
                .isEqualTo("Proactive benefits in EE");
        assertThat(bytes("/case-studies/feed.atom?country=ZZ").statusCode()).isEqualTo(422);
        assertThat(bytes("/resources/feed.atom?country=MX").statusCode()).as("resources state no country")
                .isEqualTo(422);
        // The challenge pages are still theirs.
        assertThat(mx.browser().get("/challenges/" + energy).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(4)
    void aHubLeadsToItsFiguresFromItsNavigationAndHomePage() throws Exception {
        Document home = hub.browser().page("/");
        assertThat(home.select("nav a[href=/figures]")).hasSize(1);
        assertThat(home.select("#home-figures").attr("href")).isEqualTo("/figures");
        assertThat(home.select("footer a[href=/figures]")).as("already in the nav").isEmpty();
        Document page = hub.browser().page("/figures");
        assertThat(page.select("nav a[href=/figures]").attr("aria-current")).isEqualTo("page");
        assertThat(page.select(".lead").text()).contains("member countries of this hub");
        assertThat(json(hub).path("countries")).isEmpty();
    }
}
