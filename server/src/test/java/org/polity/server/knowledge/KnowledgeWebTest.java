package org.polity.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.vocabulary.RDF;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.challenges.ChallengeForms;
import org.polity.server.model.Account;
import org.polity.server.testing.TestInstance;
import org.polity.server.testing.TestInstance.Browser;

/**
 * One instance with two challenges and responses from members of three countries: issue 10's done-criterion (a
 * SPARQL query that counts responses per challenge by country) over HTTP in JSON and CSV, by GET and both POSTs;
 * the dumps parse back; every bad request gets its clear 4xx (or 503 for the runaway query) and changes nothing.
 */
class KnowledgeWebTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_ROWS = 50;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String PROBLEM = "application/problem+json";

    @TempDir
    static Path dir;
    static TestInstance mx;
    static String energy;
    static String water;
    static long energyId;

    @BeforeAll
    static void start() throws Exception {
        mx = TestInstance.start(dir, Map.of("POLITY_COUNTRY", "MX", "POLITY_SPARQL_TIMEOUT_MS", "1500",
                "POLITY_SPARQL_MAX_ROWS", String.valueOf(MAX_ROWS)));
        mx.create("adela", Account.Role.ADMIN, Account.Status.ACTIVE);
        mx.account("ana", "ACTIVE");
        for (String member : List.of("bruce", "diego", "claire")) {
            mx.account(member, "ACTIVE");
        }
        ChallengeForms.authorise(mx.loggedIn("adela"), "ana");
        Browser ana = mx.loggedIn("ana");
        energyId = issue(ana, "Transparency in the energy sector");
        energy = uriOf(energyId);
        long waterId = issue(ana, "Water for every village");
        water = uriOf(waterId);
        respond("bruce", energyId, "Minerals portal", "AU");
        respond("claire", energyId, "Open energy data", "FR");
        respond("claire", waterId, "Village wells census", "FR");
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(mx);
    }

    static long issue(Browser issuer, String title) {
        Map<String, String> fields = ChallengeForms.mexico();
        fields.put("title", title);
        HttpResponse<String> saved = ChallengeForms.post(issuer, "/challenges/new", fields, List.of("7", "6"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        long id = ChallengeForms.idFrom(saved);
        assertThat(ChallengeForms.advance(issuer, id, "open", "").statusCode()).isEqualTo(303);
        return id;
    }

    static String uriOf(long id) throws Exception {
        return JSON.readTree(mx.get("/challenges/" + id, "application/activity+json").body()).path("id").asText();
    }

    static void respond(String member, long challengeId, String title, String country) {
        HttpResponse<String> sent = ChallengeForms.post(mx.loggedIn(member), "/challenges/" + challengeId + "/respond",
                ChallengeForms.response(title, country), List.of());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    }

    static HttpResponse<String> get(String query, String accept) {
        return mx.get("/sparql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8), accept);
    }

    static HttpResponse<String> post(String contentType, String body, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(mx.uri("/sparql")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** (challenge, country) → responses, from a SPARQL JSON answer to the done-criterion's query. */
    static Map<String, Integer> counts(String json) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode b : JSON.readTree(json).path("results").path("bindings")) {
            assertThat(b.path("responses").path("datatype").asText())
                    .isEqualTo("http://www.w3.org/2001/XMLSchema#integer");
            counts.put(b.path("challenge").path("value").asText() + " " + b.path("country").path("value").asText(),
                    b.path("responses").path("value").asInt());
        }
        return counts;
    }

    @Test
    void responsesPerChallengeByCountryInJsonAndCsvByGetAndBothPosts() throws Exception {
        String query = SparqlExamples.RESPONSES_BY_COUNTRY.query();
        HttpResponse<String> json = get(query, "application/sparql-results+json");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/sparql-results+json");
        assertThat(json.headers().firstValue(KnowledgeRoutes.TRUNCATED_HEADER)).contains("false");
        assertThat(JSON.readTree(json.body()).path("head").path("vars").toString())
                .isEqualTo("[\"challenge\",\"title\",\"country\",\"responses\"]");
        assertThat(counts(json.body())).containsExactlyInAnyOrderEntriesOf(Map.of(
                energy + " AU", 1, energy + " FR", 1, water + " FR", 1));

        // A new response is in the next answer: the knowledge base is rebuilt when the objects change.
        respond("diego", energyId, "Mining royalties dashboard", "AU");
        Map<String, Integer> after = Map.of(energy + " AU", 2, energy + " FR", 1, water + " FR", 1);
        assertThat(counts(get(query, null).body())).as("JSON without Accept").containsExactlyInAnyOrderEntriesOf(after);
        assertThat(counts(post("application/sparql-query", query, "application/sparql-results+json").body()))
                .as("SPARQL 1.1 Protocol 2.1.3").containsExactlyInAnyOrderEntriesOf(after);
        HttpResponse<String> form = post("application/x-www-form-urlencoded",
                "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8), "application/json");
        assertThat(form.statusCode()).as("no CSRF token needed: read-only").isEqualTo(200);
        assertThat(counts(form.body())).as("SPARQL 1.1 Protocol 2.1.2").containsExactlyInAnyOrderEntriesOf(after);

        HttpResponse<String> csv = get(query, "text/csv");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("challenge,title,country,responses");
        assertThat(lines).contains(energy + ",Transparency in the energy sector,AU,2",
                energy + ",Transparency in the energy sector,FR,1", water + ",Water for every village,FR,1");
        assertThat(mx.get("/sparql?format=csv&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8), "text/html")
                .body()).as("format= wins over Accept").isEqualTo(csv.body());
    }

    @Test
    void theExamplesAnswerAndTheRowLimitCutsAndSaysSo() throws Exception {
        for (SparqlExamples.Example x : SparqlExamples.ALL) {
            assertThat(get(x.query(), "application/sparql-results+json").statusCode()).as(x.id()).isEqualTo(200);
        }
        JsonNode sdgs = JSON.readTree(get(SparqlExamples.CHALLENGES_BY_SDG.query(), null).body());
        assertThat(sdgs.path("results").path("bindings").toString()).contains("http://metadata.un.org/sdg/7")
                .contains("http://metadata.un.org/sdg/6");
        HttpResponse<String> all = get("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json");
        assertThat(all.headers().firstValue(KnowledgeRoutes.TRUNCATED_HEADER)).contains("true");
        assertThat(JSON.readTree(all.body()).path("results").path("bindings")).hasSize(MAX_ROWS);
        HttpResponse<String> ask = get("PREFIX polity: <" + KnowledgeTerms.POLITY + ">\nASK { <" + energy
                + "> a polity:Challenge }", "application/sparql-results+json");
        assertThat(JSON.readTree(ask.body()).path("boolean").asBoolean()).isTrue();
        HttpResponse<String> construct = get("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <" + energy
                + ">) }", "text/turtle");
        assertThat(construct.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/turtle");
        assertThat(parse(construct.body(), Lang.TURTLE).contains(null, RDF.type,
                ModelFactory.createDefaultModel().createResource(KnowledgeTerms.POLITY + "Challenge"))).isTrue();
        assertThat(mx.get("/sparql?format=csv&query=" + URLEncoder.encode("DESCRIBE <" + energy + ">",
                StandardCharsets.UTF_8), null).statusCode()).as("a graph is no table").isEqualTo(406);
    }

    static Model parse(String body, Lang lang) {
        Model m = ModelFactory.createDefaultModel();
        RDFParser.source(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).lang(lang).parse(m);
        return m;
    }

    @Test
    void theDumpsParseBackAndHoldTheChallenges() {
        HttpResponse<String> ttl = mx.get("/knowledge.ttl", null);
        assertThat(ttl.statusCode()).isEqualTo(200);
        assertThat(ttl.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/turtle");
        Model turtle = parse(ttl.body(), Lang.TURTLE);
        var challenge = turtle.createResource(KnowledgeTerms.POLITY + "Challenge");
        assertThat(turtle.contains(turtle.createResource(energy), RDF.type, challenge)).isTrue();
        assertThat(turtle.contains(turtle.createResource(water), RDF.type, challenge)).isTrue();
        assertThat(ttl.body()).contains("PREFIX dcat:").contains("skos:ConceptScheme");

        HttpResponse<String> jsonld = mx.get("/knowledge.jsonld", null);
        assertThat(jsonld.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/ld+json");
        Model fromJsonLd = parse(jsonld.body(), Lang.JSONLD);
        assertThat(fromJsonLd.contains(fromJsonLd.createResource(energy), RDF.type, challenge)).isTrue();
        assertThat(fromJsonLd.isIsomorphicWith(turtle)).as("the same graph both ways").isTrue();

        String etag = ttl.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(HttpRequest.newBuilder(mx.uri("/knowledge.ttl")).header("If-None-Match", etag)
                .GET().build());
        assertThat(again.statusCode()).isEqualTo(304);
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(mx.uri("/sparql"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("Content-Type");
        assertThat(mx.get("/knowledge", "text/turtle").body()).isEqualTo(ttl.body());
        assertThat(mx.get("/knowledge", "text/html").statusCode()).isEqualTo(303);
        HttpResponse<String> scheme = mx.get("/knowledge/schemes/sectors", "text/turtle");
        assertThat(scheme.body()).contains("skos:ConceptScheme").contains("\"Energy\"@en");
        assertThat(mx.get("/knowledge/schemes/sectors/energy", null).statusCode()).isEqualTo(303);
        assertThat(mx.get("/knowledge/schemes/sorcery", null).statusCode()).isEqualTo(404);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void assertProblem(HttpResponse<String> r, int status, String detail) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith(PROBLEM);
        assertThat(JSON.readTree(r.body()).path("detail").asText()).contains(detail);
    }

    @Test
    void updatesAreRefusedEveryWayAndChangeNothing() throws Exception {
        String insert = "PREFIX polity: <" + KnowledgeTerms.POLITY + ">\nINSERT DATA { <https://evil.example/x> a"
                + " polity:Challenge }";
        String ttlBefore = mx.get("/knowledge.ttl", null).body();
        assertProblem(get(insert, null), 400, "read-only");
        assertProblem(mx.get("/sparql?update=" + URLEncoder.encode(insert, StandardCharsets.UTF_8), null), 400,
                "read-only");
        assertProblem(post("application/sparql-update", insert, null), 400, "read-only");
        assertProblem(post("application/x-www-form-urlencoded", "update=" + URLEncoder.encode(insert,
                StandardCharsets.UTF_8), null), 400, "read-only");
        assertProblem(post("application/sparql-query", "DROP ALL", null), 400, "nothing was changed");
        assertThat(JSON.readTree(get("ASK { <https://evil.example/x> ?p ?o }", null).body()).path("boolean")
                .asBoolean()).isFalse();
        assertThat(mx.get("/knowledge.ttl", null).body()).isEqualTo(ttlBefore);
    }

    @Test
    void badQueriesGetClearErrors() throws Exception {
        assertProblem(get("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", null), 400,
                "SERVICE");
        HttpResponse<String> syntax = get("SELECT ?s WHERE {\n  ?s ?p\n}", null);
        assertProblem(syntax, 400, "line 3, column 1");
        assertThat(JSON.readTree(syntax.body()).path("title").asText()).isEqualTo("Query syntax error");
        assertProblem(post("application/sparql-query", "SELECT * WHERE { ?s ?p ?o } #" + "x".repeat(11_000), null),
                413, "10 KiB");
        assertProblem(get("SELECT * FROM <http://169.254.169.254/> WHERE { ?s ?p ?o }", null), 400, "FROM");
        assertProblem(mx.get("/sparql", "application/json"), 400, "Write a SPARQL query");
        assertProblem(mx.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", null), 400, "one query");
        assertProblem(post("text/plain", "ASK {}", null), 415, "application/sparql-query");
        assertProblem(mx.get("/sparql?format=pdf&query=ASK%7B%7D", null), 400, "pdf");

        long t0 = System.nanoTime();
        HttpResponse<String> runaway = get("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l ."
                + " ?m ?n2 ?o }", null);
        assertProblem(runaway, 503, "The query ran longer than 1,500 ms and was stopped.");
        assertThat(runaway.headers().firstValue("Retry-After")).isPresent();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        assertThat(get("ASK { ?s ?p ?o }", null).statusCode()).as("still answering").isEqualTo(200);
    }

    @Test
    void theGraphIsKeptUntilTheObjectsChangeAndCannotBeWritten() {
        KnowledgeBase knowledge = new KnowledgeBase(mx.server().polity());
        KnowledgeBase.Snapshot first = knowledge.snapshot();
        assertThat(knowledge.snapshot()).as("nothing changed: the same graph").isSameAs(first);
        assertThat(first.objects()).as("two challenges and their responses").isGreaterThanOrEqualTo(5);
        Model m = first.model();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.add(m.createResource("https://evil.example/x"),
                RDF.type, m.createResource(KnowledgeTerms.POLITY + "Challenge")))
                .isInstanceOf(org.apache.jena.shared.AddDeniedException.class);
    }

    @Test
    void thePageRunsTheExamplesAndSpeaksTheReadersLanguage() {
        Document empty = mx.browser().page("/sparql");
        assertThat(empty.select("textarea#query").text()).contains("polity:respondsTo");
        assertThat(empty.select("#results")).isEmpty();
        assertThat(empty.select("#examples a")).hasSize(SparqlExamples.ALL.size());
        assertThat(empty.select("#dump-ttl").attr("href")).isEqualTo("/knowledge.ttl");

        String example = empty.select("#example-responses-by-country").attr("href");
        Document results = mx.browser().page(example);
        assertThat(results.select("#results-table thead th").eachText())
                .containsExactly("?challenge", "?title", "?country", "?responses");
        assertThat(results.select("#results-table tbody tr")).hasSize(3);
        assertThat(results.select("#results-table").text()).contains("Transparency in the energy sector");
        assertThat(results.select("#download-csv").attr("href")).contains("format=csv");
        assertThat(results.select("#results-table a[href=" + energy + "]")).isNotEmpty();

        HttpResponse<String> refused = mx.browser().get("/sparql?query=" + URLEncoder.encode("CLEAR ALL",
                StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(400);
        Document page = TestInstance.html(refused);
        assertThat(page.select("#sparql-error").text()).contains("read-only");
        assertThat(page.select("textarea#query").text()).isEqualTo("CLEAR ALL");

        Document fr = mx.browser().acceptLanguage("fr").page("/sparql");
        assertThat(fr.select("h1").text()).isEqualTo("Base de connaissances : SPARQL");
        Document es = TestInstance.html(mx.browser().acceptLanguage("es").get("/sparql?query="
                + URLEncoder.encode("DROP ALL", StandardCharsets.UTF_8)));
        assertThat(es.select("#sparql-error").text()).contains("solo lectura");
        assertThat(mx.browser().page("/challenges").select("a[href=/sparql]")).isNotEmpty();
    }
}
