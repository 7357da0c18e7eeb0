package org.polity.federation.jsonld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ResourceFactory;
import org.junit.jupiter.api.Test;

class JsonLdTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AS = "https://www.w3.org/ns/activitystreams#";

    @Test
    void expandsWithPreloadedContexts() throws Exception {
        JsonLd jsonLd = new JsonLd();
        JsonNode doc = JSON.readTree("""
                {"@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1",
                              "https://w3id.org/polity/v1"],
                 "id": "https://p.example/c/1", "type": ["Article", "Challenge"], "country": "FR",
                 "attributedTo": "https://p.example/u/alice"}
                """);
        ArrayNode expanded = jsonLd.expand(doc);
        JsonNode node = expanded.get(0);
        assertThat(node.get("@type")).extracting(JsonNode::asText)
                .containsExactly(AS + "Article", "https://w3id.org/polity/ns#Challenge");
        assertThat(node.get(AS + "attributedTo").get(0).get("@id").asText()).isEqualTo("https://p.example/u/alice");
        assertThat(node.get("https://w3id.org/polity/ns#country").get(0).get("@value").asText()).isEqualTo("FR");
        assertThat(jsonLd.contexts().refused()).isEmpty();
    }

    @Test
    void expandsACaseStudy() throws Exception {
        JsonLd jsonLd = new JsonLd();
        JsonNode doc = JSON.readTree("""
                {"@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/polity/v1"],
                 "id": "https://fr.example/objects/2", "type": ["Article", "CaseStudy"], "name": "Allocations",
                 "country": "FR", "organisation": "CNAF", "levelOfGovernment": "national", "sector": "social-services",
                 "launchYear": 2023, "problem": "<p>Non-recours</p>", "innovation": "<p>Versement automatique</p>",
                 "lifecycleStage": "implementing", "innovationFacets": ["adaptive"], "results": "<p>98 %</p>",
                 "lessonsLearned": "<p>Données</p>", "sdgs": [1, 10], "contact": "innovation@cnaf.example",
                 "adaptedFrom": ["https://ee.example/objects/1"], "caseStudyStatus": "published",
                 "attachment": [{"type": "Link", "href": "https://fr.example/r.pdf"}]}
                """);
        JsonNode node = jsonLd.expand(doc).get(0);
        String p = "https://w3id.org/polity/ns#";
        assertThat(node.get("@type")).extracting(JsonNode::asText).containsExactly(AS + "Article", p + "CaseStudy");
        for (String term : new String[] {"organisation", "levelOfGovernment", "sector", "problem", "innovation",
            "lifecycleStage", "results", "lessonsLearned", "contact", "caseStudyStatus"}) {
            assertThat(node.get(p + term)).as(term).isNotNull();
        }
        assertThat(node.get(p + "launchYear").get(0).get("@value").asInt()).isEqualTo(2023);
        assertThat(node.get(p + "sdgs")).extracting(n -> n.get("@value").asInt()).containsExactly(1, 10);
        assertThat(node.get(p + "innovationFacets").get(0).get("@value").asText()).isEqualTo("adaptive");
        assertThat(node.get(p + "adaptedFrom").get(0).get("@id").asText()).isEqualTo("https://ee.example/objects/1");
        assertThat(node.get(AS + "attachment").get(0).get(AS + "href").get(0).get("@id").asText())
                .isEqualTo("https://fr.example/r.pdf");
        assertThat(jsonLd.contexts().refused()).isEmpty();
    }

    @Test
    void expandsACaseStudysLanguageMapsOnThePlainTermsIris() throws Exception {
        // problemMap is to problem what contentMap is to content: the same IRI, each value with its language.
        JsonLd jsonLd = new JsonLd();
        JsonNode doc = JSON.readTree("""
                {"@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/polity/v1"],
                 "id": "https://ee.example/objects/1", "type": ["Article", "CaseStudy"], "name": "Benefits",
                 "nameMap": {"en": "Benefits", "fr": "Allocations"},
                 "contentMap": {"en": "<p>Paid</p>", "fr": "<p>Versées</p>"},
                 "problem": "<p>Nobody applied</p>",
                 "problemMap": {"en": "<p>Nobody applied</p>", "fr": "<p>Personne ne demandait</p>"},
                 "innovationMap": {"fr": "<p>Versement automatique</p>"},
                 "resultsMap": {"fr": "<p>98 %</p>"}, "lessonsLearnedMap": {"fr": "<p>Données</p>"}}
                """);
        JsonNode node = jsonLd.expand(doc).get(0);
        String p = "https://w3id.org/polity/ns#";
        JsonNode problems = node.get(p + "problem");
        assertThat(problems).hasSize(3);
        assertThat(problems).anySatisfy(v -> {
            assertThat(v.get("@value").asText()).isEqualTo("<p>Personne ne demandait</p>");
            assertThat(v.get("@language").asText()).isEqualTo("fr");
        });
        assertThat(problems).anySatisfy(v -> {
            assertThat(v.get("@value").asText()).isEqualTo("<p>Nobody applied</p>");
            assertThat(v.has("@language")).isFalse();
        });
        for (String term : new String[] {"innovation", "results", "lessonsLearned"}) {
            assertThat(node.get(p + term)).as(term).hasSize(1);
            assertThat(node.get(p + term).get(0).get("@language").asText()).as(term).isEqualTo("fr");
        }
        assertThat(node.get(AS + "content")).extracting(v -> v.get("@language").asText()).containsExactlyInAnyOrder(
                "en", "fr");
        assertThat(jsonLd.contexts().refused()).isEmpty();
    }

    @Test
    void documentWithoutContextIsReadAsActivityStreams() throws Exception {
        // ActivityStreams 2.0 Core, section 2.1; Lemmy sends documents like this.
        ArrayNode expanded = new JsonLd().expand(JSON.readTree(
                "{\"id\": \"https://l.example/activities/follow/1\", \"type\": \"Follow\","
                        + " \"actor\": \"https://l.example/u/bob\", \"object\": \"https://l.example/c/main\"}"));
        assertThat(expanded.get(0).get("@type").get(0).asText()).isEqualTo(AS + "Follow");
        assertThat(expanded.get(0).get(AS + "object").get(0).get("@id").asText()).isEqualTo("https://l.example/c/main");
    }

    @Test
    void refusesUnknownContextWithAClearError() throws Exception {
        JsonLd jsonLd = new JsonLd();
        JsonNode doc = JSON.readTree("""
                {"@context": ["https://www.w3.org/ns/activitystreams", "https://evil.example/context.jsonld"],
                 "id": "https://a.example/n/1", "type": "Note"}
                """);
        assertThatThrownBy(() -> jsonLd.expand(doc)).isInstanceOf(JsonLdException.class)
                .hasMessageContaining("https://evil.example/context.jsonld")
                .hasMessageContaining("never fetched")
                .satisfies(e -> assertThat(((JsonLdException) e).refusedContext())
                        .isEqualTo("https://evil.example/context.jsonld"));
        assertThatThrownBy(() -> jsonLd.toModel(doc)).isInstanceOf(JsonLdException.class)
                .hasMessageContaining("https://evil.example/context.jsonld");
        assertThat(jsonLd.contexts().refused()).containsOnly("https://evil.example/context.jsonld");
    }

    @Test
    void loaderRefusesAnythingNotPreloaded() {
        PreloadedContexts loader = new PreloadedContexts();
        assertThatThrownBy(() -> loader.loadDocument(URI.create("https://example.org/ctx"), null))
                .hasMessageContaining("https://example.org/ctx").hasMessageContaining("not preloaded");
        assertThat(PreloadedContexts.canonical("http://www.w3.org/ns/activitystreams"))
                .isEqualTo("https://www.w3.org/ns/activitystreams");
        assertThat(PreloadedContexts.canonical("https://pleroma.example/schemas/litepub-0.1.jsonld"))
                .isEqualTo("https://litepub.social/litepub/context.jsonld");
        assertThat(PreloadedContexts.canonical("https://pleroma.example/x/schemas/litepub-0.1.jsonld")).isNull();
        assertThat(PreloadedContexts.canonical("https://w3id.org/security/v2")).isNull();
    }

    @Test
    void everyPreloadedContextLoads() throws Exception {
        PreloadedContexts loader = new PreloadedContexts();
        for (String url : PreloadedContexts.FILES.keySet()) {
            assertThat(loader.loadDocument(URI.create(url), null).getJsonContent()).as(url).isPresent();
        }
    }

    @Test
    void convertsToRdf() throws Exception {
        Model model = new JsonLd().toModel(JSON.readTree("""
                {"@context": "https://www.w3.org/ns/activitystreams", "id": "https://a.example/n/1",
                 "type": "Note", "content": "Hello", "to": "https://www.w3.org/ns/activitystreams#Public"}
                """));
        var note = ResourceFactory.createResource("https://a.example/n/1");
        assertThat(model.contains(note, ResourceFactory.createProperty(AS, "to"),
                ResourceFactory.createResource(AS + "Public"))).isTrue();
        assertThat(model.contains(note, ResourceFactory.createProperty(AS, "content"))).isTrue();
    }
}
