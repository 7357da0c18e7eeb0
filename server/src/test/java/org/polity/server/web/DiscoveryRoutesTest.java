package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.server.model.Account;
import org.w3c.dom.Element;
import org.polity.server.testing.TestInstance;

/** Discovery over real HTTP: WebFinger, actor documents and pages, the instance actor, NodeInfo, host-meta. */
class DiscoveryRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AS = "application/activity+json";
    private static final String LD = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String HOSTILE = "<script>alert(1)</script>";

    @TempDir
    static Path dataDir;
    static TestInstance polity;
    static String authority;
    static String base;

    @BeforeAll
    static void start() {
        polity = TestInstance.start(dataDir);
        authority = polity.authority();
        base = polity.server().baseUrl().toString();
        polity.account("alice", "Alice Example", "ACTIVE", new Account.Profile("Digital Transformation Agency",
                "Service designer", "AU", "Working on **open data**.", List.of("open data", "service design")));
        polity.account("mallory", HOSTILE, "ACTIVE", new Account.Profile("<b>Org</b>", "\"Role\" & co", "FR",
                "<img src=x onerror=alert(2)>", List.of("security")));
        polity.account("pete", "Pete Pending", "PENDING",
                new Account.Profile("", "", "", "", List.of()));
        polity.account("rita", "REJECTED");
        polity.account("eloise", "Éloïse Ñúñez", "ACTIVE", new Account.Profile("Ministère de l’Économie",
                "Cheffe de projet", "FR", "Données ouvertes — énergie", List.of("énergie")));
    }

    /** A bug found by the browser journey: JSON was sent as ISO-8859-1, so other servers failed on accents. */
    @Test
    void jsonDocumentsAreUtf8() throws Exception {
        for (String accept : List.of("application/activity+json", "application/ld+json")) {
            HttpResponse<String> r = polity.get("/users/eloise", accept);
            JsonNode actor = new ObjectMapper().readTree(r.body());
            assertThat(actor.get("name").asText()).isEqualTo("Éloïse Ñúñez");
            assertThat(actor.get("organisation").asText()).isEqualTo("Ministère de l’Économie");
        }
        HttpResponse<String> jrd = polity.get("/.well-known/webfinger?resource=acct:eloise@" + authority, null);
        assertThat(jrd.statusCode()).isEqualTo(200);
        HttpResponse<String> problem = polity.get("/users/nobody-%C3%A9", "application/json");
        assertThat(problem.body()).doesNotContain("\uFFFD");
    }

    @AfterAll
    static void stop() {
        polity.close();
    }

    private static HttpResponse<String> webfinger(String query) {
        return polity.get("/.well-known/webfinger?" + query, "application/jrd+json");
    }

    private static String resource(String value) {
        return "resource=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static List<String> rels(JsonNode jrd) {
        List<String> rels = new ArrayList<>();
        jrd.path("links").forEach(l -> rels.add(l.get("rel").asText()));
        return rels;
    }

    // --- WebFinger

    @Test
    void webfingerFindsAnActiveMemberByAcctWithPort() throws Exception {
        assertThat(authority).matches("localhost:\\d+");
        HttpResponse<String> response = webfinger(resource("acct:alice@" + authority));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith("application/jrd+json");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode jrd = json(response);
        assertThat(jrd.get("subject").asText()).isEqualTo("acct:alice@" + authority);
        assertThat(jrd.get("aliases")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(base + "/users/alice", base + "/@alice");
        JsonNode self = null;
        JsonNode page = null;
        for (JsonNode link : jrd.get("links")) {
            if (link.get("rel").asText().equals("self")) {
                self = link;
            } else if (link.get("rel").asText().equals("http://webfinger.net/rel/profile-page")) {
                page = link;
            }
        }
        assertThat(self).isNotNull();
        assertThat(self.get("type").asText()).isEqualTo(AS);
        assertThat(self.get("href").asText()).isEqualTo(base + "/users/alice");
        assertThat(page).isNotNull();
        assertThat(page.get("type").asText()).isEqualTo("text/html");
        assertThat(page.get("href").asText()).isEqualTo(base + "/@alice");
    }

    @Test
    void webfingerIgnoresCaseAndTakesHandlesWithoutScheme() throws Exception {
        for (String r : List.of("acct:ALICE@" + authority.toUpperCase(), "@alice@" + authority,
                "Alice@" + authority, base + "/users/alice", base + "/@alice")) {
            HttpResponse<String> response = webfinger(resource(r));
            assertThat(response.statusCode()).as(r).isEqualTo(200);
            assertThat(json(response).get("subject").asText()).as(r).isEqualTo("acct:alice@" + authority);
        }
    }

    @Test
    void webfingerHonoursRelFilters() throws Exception {
        String acct = resource("acct:alice@" + authority);
        assertThat(rels(json(webfinger(acct + "&rel=self")))).containsExactly("self");
        assertThat(rels(json(webfinger(acct + "&rel=self&rel="
                + URLEncoder.encode("http://webfinger.net/rel/profile-page", StandardCharsets.UTF_8)))))
                .containsExactlyInAnyOrder("self", "http://webfinger.net/rel/profile-page");
        JsonNode none = json(webfinger(acct + "&rel=http%3A%2F%2Fexample.com%2Fnothing"));
        assertThat(rels(none)).isEmpty();
        assertThat(none.get("subject").asText()).isEqualTo("acct:alice@" + authority);
    }

    @Test
    void webfingerWithoutOrWithBadResourceIs400() throws Exception {
        for (String query : List.of("", "resource=", resource("acct:"), resource("acct:alice@" + "localhost:99999"),
                resource("mailto:alice@gov.example"), resource("acct:al<ice@" + authority))) {
            HttpResponse<String> response = webfinger(query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(contentType(response)).as(query).startsWith("application/problem+json");
            assertThat(json(response).get("status").asInt()).isEqualTo(400);
            assertThat(json(response).get("detail").asText()).isNotBlank();
        }
    }

    @Test
    void webfingerAnswers404ForOtherHostsUnknownAndUndecidedAccounts() {
        String port = authority.substring(authority.indexOf(':') + 1);
        int otherPort = Integer.parseInt(port) == 1 ? 2 : 1;
        for (String r : List.of("acct:alice@other.example", "acct:alice@localhost", "acct:alice@localhost:" + otherPort,
                "acct:nobody@" + authority, "acct:pete@" + authority, "acct:rita@" + authority,
                base + "/users/pete", base + "/users/nobody", "https://other.example/users/alice",
                base + "/users/alice/inbox")) {
            HttpResponse<String> response = webfinger(resource(r));
            assertThat(response.statusCode()).as(r).isEqualTo(404);
            assertThat(contentType(response)).as(r).startsWith("application/problem+json");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        }
    }

    @Test
    void webfingerFindsTheInstanceActor() throws Exception {
        for (String r : List.of("acct:instance@" + authority, base + "/actor", base, base + "/")) {
            JsonNode jrd = json(webfinger(resource(r)));
            assertThat(jrd.get("subject").asText()).isEqualTo("acct:instance@" + authority);
            assertThat(jrd.get("aliases")).extracting(JsonNode::asText).containsExactly(base + "/actor");
            assertThat(json(webfinger(resource(r) + "&rel=self")).at("/links/0/href").asText())
                    .isEqualTo(base + "/actor");
        }
    }

    // --- Actor documents

    @Test
    void actorAsActivityJson() throws Exception {
        HttpResponse<String> response = polity.get("/users/alice", AS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith(AS);
        assertThat(response.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept"));
        JsonNode actor = json(response);
        String id = base + "/users/alice";
        assertThat(actor.get("@context").get(0).asText()).isEqualTo("https://www.w3.org/ns/activitystreams");
        assertThat(actor.get("@context").get(1).asText()).isEqualTo("https://w3id.org/security/v1");
        assertThat(actor.get("@context").get(2).get("expertise").get("@id").asText()).isEqualTo("polity:expertise");
        assertThat(actor.get("@context").toString()).as("no context URL others would have to fetch")
                .doesNotContain("https://w3id.org/polity/v1");
        assertThat(actor.at("/@context/3/manuallyApprovesFollowers").asText())
                .isEqualTo("as:manuallyApprovesFollowers");
        assertThat(actor.get("id").asText()).isEqualTo(id);
        assertThat(actor.get("type").asText()).isEqualTo("Person");
        assertThat(actor.get("preferredUsername").asText()).isEqualTo("alice");
        assertThat(actor.get("name").asText()).isEqualTo("Alice Example");
        assertThat(actor.get("summary").asText()).contains("<strong>open data</strong>");
        assertThat(actor.get("url").asText()).isEqualTo(base + "/@alice");
        assertThat(actor.get("inbox").asText()).isEqualTo(id + "/inbox");
        assertThat(actor.get("outbox").asText()).isEqualTo(id + "/outbox");
        assertThat(actor.get("followers").asText()).isEqualTo(id + "/followers");
        assertThat(actor.get("following").asText()).isEqualTo(id + "/following");
        assertThat(actor.at("/endpoints/sharedInbox").asText()).isEqualTo(base + "/inbox");
        assertThat(actor.get("manuallyApprovesFollowers").asBoolean()).isFalse();
        assertThat(actor.get("published").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(actor.at("/publicKey/id").asText()).isEqualTo(id + "#main-key");
        assertThat(actor.at("/publicKey/owner").asText()).isEqualTo(id);
        assertThatCode(() -> RsaKeys.parsePublicKeyPem(actor.at("/publicKey/publicKeyPem").asText()))
                .doesNotThrowAnyException();
        assertThat(actor.get("organisation").asText()).isEqualTo("Digital Transformation Agency");
        assertThat(actor.get("jobTitle").asText()).isEqualTo("Service designer");
        assertThat(actor.get("country").asText()).isEqualTo("AU");
        assertThat(actor.get("expertise")).extracting(JsonNode::asText)
                .containsExactly("open data", "service design");
        assertThat(actor.at("/attachment/0/type").asText()).isEqualTo("PropertyValue");
        assertThat(actor.at("/attachment/0/name").asText()).isEqualTo("Organisation");
        assertThat(actor.at("/attachment/0/value").asText()).isEqualTo("Digital Transformation Agency");
        assertThat(actor.at("/attachment/1/name").asText()).isEqualTo("Role");
    }

    @Test
    void actorAsJsonLdAnswersWithTheProfileMediaType() throws Exception {
        for (String accept : List.of(LD, "application/ld+json")) {
            HttpResponse<String> response = polity.get("/users/alice", accept);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(contentType(response)).as(accept).startsWith("application/ld+json")
                    .contains("profile=\"https://www.w3.org/ns/activitystreams\"");
            assertThat(json(response).get("type").asText()).isEqualTo("Person");
        }
    }

    @Test
    void profileFieldsAreEscapedInPropertyValues() throws Exception {
        JsonNode actor = json(polity.get("/users/mallory", AS));
        assertThat(actor.get("name").asText()).isEqualTo(HOSTILE);
        assertThat(actor.at("/attachment/0/value").asText()).isEqualTo("&lt;b&gt;Org&lt;/b&gt;");
        assertThat(actor.at("/attachment/1/value").asText()).isEqualTo("&quot;Role&quot; &amp; co");
        assertThat(actor.get("summary").asText()).doesNotContain("<img").contains("&lt;img");
    }

    @Test
    void browsersGetTheProfilePage() {
        HttpResponse<String> response = polity.get("/users/alice", BROWSER);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith("text/html");
        assertThat(response.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept"));
        Document page = Jsoup.parse(response.body());
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(page.title()).contains("Alice Example");
        assertThat(page.selectFirst("h1").text()).isEqualTo("Alice Example");
        assertThat(page.selectFirst(".handle").text()).isEqualTo("@alice@" + authority);
        assertThat(page.selectFirst(".p-org").text()).isEqualTo("Digital Transformation Agency");
        assertThat(page.selectFirst(".p-job-title").text()).isEqualTo("Service designer");
        assertThat(page.selectFirst(".p-country-name").text()).isEqualTo("Australia");
        assertThat(page.selectFirst(".bio strong").text()).isEqualTo("open data");
        assertThat(page.select(".tags li").eachText()).containsExactly("open data", "service design");
    }

    @Test
    void theProfilePageEscapesHostileNames() {
        HttpResponse<String> response = polity.get("/users/mallory", BROWSER);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(HOSTILE).doesNotContain("<b>Org</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Document page = Jsoup.parse(response.body());
        assertThat(page.select("script:not([src=/static/polity.js])")).isEmpty();
        assertThat(page.select("img")).isEmpty();
        assertThat(page.selectFirst("h1").text()).isEqualTo(HOSTILE);
        assertThat(page.selectFirst("html").hasAttr("lang")).isTrue();
    }

    @Test
    void pendingRejectedAndUnknownActorsAre404() throws Exception {
        for (String name : List.of("pete", "rita", "nobody", "instance", "Not-A-Name")) {
            HttpResponse<String> asJson = polity.get("/users/" + name, AS);
            assertThat(asJson.statusCode()).as(name).isEqualTo(404);
            assertThat(contentType(asJson)).as(name).startsWith("application/problem+json");
            assertThat(json(asJson).get("status").asInt()).isEqualTo(404);
            HttpResponse<String> asHtml = polity.get("/users/" + name, BROWSER);
            assertThat(asHtml.statusCode()).as(name).isEqualTo(404);
            assertThat(contentType(asHtml)).as(name).startsWith("text/html");
            assertThat(asHtml.body()).doesNotContain("Pete Pending");
        }
    }

    @Test
    void otherSpellingsOfAUsernameMoveToTheActorId() {
        HttpResponse<String> response = polity.get("/users/ALICE", AS);
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue(base + "/users/alice");
    }

    @Test
    void atProfileUrlsRedirectToTheActor() {
        for (String accept : List.of(BROWSER, AS)) {
            HttpResponse<String> response = polity.get("/@alice", accept);
            assertThat(response.statusCode()).as(accept).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).hasValue(base + "/users/alice");
        }
        assertThat(polity.get("/@pete", BROWSER).statusCode()).isEqualTo(404);
        assertThat(polity.get("/@nobody", AS).statusCode()).isEqualTo(404);
    }

    // --- Instance actor

    @Test
    void theInstanceActorHasItsOwnKey() throws Exception {
        for (String accept : List.of(AS, BROWSER)) {
            HttpResponse<String> response = polity.get("/actor", accept);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(contentType(response)).startsWith(AS);
            JsonNode actor = json(response);
            assertThat(actor.get("id").asText()).isEqualTo(base + "/actor");
            assertThat(actor.get("type").asText()).isEqualTo("Application");
            assertThat(actor.get("preferredUsername").asText()).isEqualTo("instance");
            assertThat(actor.get("inbox").asText()).isEqualTo(base + "/actor/inbox");
            assertThat(actor.get("outbox").asText()).isEqualTo(base + "/actor/outbox");
            assertThat(actor.get("manuallyApprovesFollowers").asBoolean()).isTrue();
            assertThat(actor.get("url").asText()).isEqualTo(base);
            assertThat(actor.at("/publicKey/id").asText()).isEqualTo(base + "/actor#main-key");
            assertThat(actor.at("/publicKey/owner").asText()).isEqualTo(base + "/actor");
            String pem = actor.at("/publicKey/publicKeyPem").asText();
            assertThatCode(() -> RsaKeys.parsePublicKeyPem(pem)).doesNotThrowAnyException();
            assertThat(pem).isNotEqualTo(json(polity.get("/users/alice", AS)).at("/publicKey/publicKeyPem").asText());
            assertThat(actor.has("followers")).isFalse();
        }
        assertThat(contentType(polity.get("/actor", LD))).startsWith("application/ld+json");
    }

    // --- NodeInfo

    @Test
    void nodeInfoIsDiscoverableAndCountsActiveMembers() throws Exception {
        HttpResponse<String> links = polity.get("/.well-known/nodeinfo", "application/json");
        assertThat(links.statusCode()).isEqualTo(200);
        assertThat(contentType(links)).startsWith("application/json");
        String href = null;
        String application = null;
        for (JsonNode link : json(links).get("links")) {
            if (link.get("rel").asText().equals("http://nodeinfo.diaspora.software/ns/schema/2.1")) {
                href = link.get("href").asText();
            }
            if (link.get("rel").asText().equals("https://www.w3.org/ns/activitystreams#Application")) {
                application = link.get("href").asText();
            }
        }
        assertThat(href).isEqualTo(base + "/nodeinfo/2.1");
        assertThat(application).isEqualTo(base + "/actor");

        HttpResponse<String> response = polity.get(href.substring(base.length()), "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response))
                .isEqualTo("application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"");
        JsonNode info = json(response);
        assertThat(info.get("version").asText()).isEqualTo("2.1");
        assertThat(info.at("/software/name").asText()).isEqualTo("polity");
        assertThat(info.at("/software/version").asText()).isNotBlank();
        assertThat(info.get("protocols")).extracting(JsonNode::asText).containsExactly("activitypub");
        assertThat(info.at("/services/inbound").isArray()).isTrue();
        assertThat(info.at("/services/outbound").isArray()).isTrue();
        assertThat(info.get("openRegistrations").asBoolean()).isTrue();
        long active = polity.server().polity().storage().stores().accounts().countByStatus(Account.Status.ACTIVE);
        assertThat(active).isGreaterThanOrEqualTo(2);
        assertThat(info.at("/usage/users/total").asLong()).isEqualTo(active);
        long monthBefore = info.at("/usage/users/activeMonth").asLong();
        assertThat(info.at("/usage/localPosts").asLong()).isZero();
        assertThat(info.at("/metadata/nodeName").asText()).isEqualTo("Polity");
        assertThat(info.at("/metadata/country").asText()).isEqualTo("AU");
        assertThat(info.at("/metadata/mode").asText()).isEqualTo("national");

        Account alice = polity.server().polity().accounts().findByUsername("alice").orElseThrow();
        polity.server().polity().sessions().start(alice, "test");
        JsonNode after = json(polity.get("/nodeinfo/2.1", "application/json"));
        assertThat(after.at("/usage/users/activeMonth").asLong()).isEqualTo(monthBefore + 1);
        assertThat(after.at("/usage/users/activeHalfyear").asLong())
                .isGreaterThanOrEqualTo(after.at("/usage/users/activeMonth").asLong());
    }

    // --- host-meta and the context

    @Test
    void hostMetaPointsAtWebFinger() throws Exception {
        HttpResponse<String> xml = polity.get("/.well-known/host-meta", "application/xrd+xml");
        assertThat(xml.statusCode()).isEqualTo(200);
        assertThat(contentType(xml)).startsWith("application/xrd+xml");
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var doc = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("XRD");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://docs.oasis-open.org/ns/xri/xrd-1.0");
        Element link = (Element) doc.getElementsByTagNameNS("*", "Link").item(0);
        assertThat(link.getAttribute("rel")).isEqualTo("lrdd");
        assertThat(link.getAttribute("template")).isEqualTo(base + "/.well-known/webfinger?resource={uri}");

        HttpResponse<String> jrd = polity.get("/.well-known/host-meta.json", "application/json");
        assertThat(jrd.statusCode()).isEqualTo(200);
        assertThat(contentType(jrd)).startsWith("application/json");
        assertThat(json(jrd).at("/links/0/rel").asText()).isEqualTo("lrdd");
        assertThat(json(jrd).at("/links/0/template").asText())
                .isEqualTo(base + "/.well-known/webfinger?resource={uri}");
    }

    @Test
    void thePolityContextIsServed() throws Exception {
        HttpResponse<String> response = polity.get("/ns/polity/v1", "application/ld+json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contentType(response)).startsWith("application/ld+json");
        JsonNode context = json(response).get("@context");
        assertThat(context.get("polity").asText()).isEqualTo("https://w3id.org/polity/ns#");
        assertThat(context.get("organisation").asText()).isEqualTo("polity:organisation");
        assertThat(context.get("Challenge").asText()).isEqualTo("polity:Challenge");
    }
}
