package org.polity.server.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.Test;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;

/** The mapping of stored challenges, responses and case studies to DCAT, Dublin Core, ADMS, SKOS and the SDG KOS. */
class ObjectToRdfTest {
    static final String BASE = "https://hub.example";
    static final ObjectMapper JSON = new ObjectMapper();
    final ConceptSchemes schemes = new ConceptSchemes(BASE);
    final ObjectToRdf toRdf = new ObjectToRdf(BASE, schemes);

    static StoredObject stored(String uri, ObjectKind kind, String payload) {
        return new StoredObject(1, uri, "Article", 1, false, "", "", null, null, null, Visibility.PUBLIC,
                Instant.parse("2026-11-01T10:00:00Z"), null, null, payload, kind);
    }

    Model map(String uri, ObjectKind kind, String json) throws Exception {
        Model m = ModelFactory.createDefaultModel();
        JsonNode doc = JSON.readTree(json);
        toRdf.add(m, stored(uri, kind, json), doc);
        return m;
    }

    static Property p(String ns, String local) {
        return ModelFactory.createDefaultModel().createProperty(ns, local);
    }

    static List<String> objects(Model m, String subject, String ns, String local) {
        return m.listObjectsOfProperty(m.createResource(subject), p(ns, local)).toList().stream()
                .map(n -> n.isLiteral() ? n.asLiteral().getLexicalForm() : n.asResource().getURI()).sorted().toList();
    }

    @Test
    void aChallengeBecomesADcatResourceWithSdgConceptsSectorCountryAndStatus() throws Exception {
        String id = "https://mx.example/objects/7";
        Model m = map(id, ObjectKind.CHALLENGE, """
                {"id":"https://mx.example/objects/7","type":["Article","Challenge"],
                 "name":"Transparency in the energy sector","summary":"<p>Open <b>data</b></p>",
                 "attributedTo":"https://mx.example/users/ana","url":"https://mx.example/challenges/3",
                 "published":"2026-11-02T09:00:00Z","country":"mx","organisation":"Secretaría de Energía",
                 "sector":"energy","sdgs":[7,"16","http://metadata.un.org/sdg/9",18,0,"seven"],
                 "challengeStatus":"open","deadline":"2099-03-31T23:59:59Z","languages":["es","en","not a tag!"],
                 "subQuestions":[{"id":"https://mx.example/objects/7/questions/1","type":"ChallengeQuestion",
                   "name":"How to open data?"},{"id":"javascript:alert(1)","name":"bad"}],
                 "tag":[{"type":"Hashtag","name":"#energy"}]}
                """);
        Resource s = m.createResource(id);
        assertThat(m.contains(s, RDF.type, m.createResource(KnowledgeTerms.DCAT + "Resource"))).isTrue();
        assertThat(m.contains(s, RDF.type, m.createResource(KnowledgeTerms.POLITY + "Challenge"))).isTrue();
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "title")).containsExactly("Transparency in the energy sector");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "description")).containsExactly("Open data");
        // SDGs: the UN's own IRIs; 18, 0 and "seven" are no goals and are left out.
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "subject")).containsExactlyInAnyOrder(
                BASE + "/knowledge/schemes/sectors/energy", "http://metadata.un.org/sdg/16",
                "http://metadata.un.org/sdg/7", "http://metadata.un.org/sdg/9");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "country")).containsExactly("MX");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "spatial"))
                .containsExactly("http://publications.europa.eu/resource/authority/country/MEX");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "challengeStatus"))
                .containsExactly(BASE + "/knowledge/schemes/challenge-statuses/open");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "language")).containsExactly(
                "http://publications.europa.eu/resource/authority/language/ENG",
                "http://publications.europa.eu/resource/authority/language/SPA");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "creator")).containsExactly("https://mx.example/users/ana");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "source")).containsExactly("https://mx.example/");
        assertThat(objects(m, id, KnowledgeTerms.DCAT, "landingPage")).containsExactly("https://mx.example/challenges/3");
        assertThat(objects(m, id, KnowledgeTerms.DCAT, "keyword")).containsExactly("energy");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "subQuestions"))
                .containsExactly("https://mx.example/objects/7/questions/1");
        Literal deadline = m.getProperty(s, p(KnowledgeTerms.POLITY, "deadline")).getLiteral();
        assertThat(deadline.getDatatypeURI()).isEqualTo(KnowledgeTerms.XSD + "dateTime");
        assertThat(deadline.getLexicalForm()).isEqualTo("2099-03-31T23:59:59Z");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "issued")).containsExactly("2026-11-02T09:00:00Z");
        RDFNode publisher = m.getProperty(s, p(KnowledgeTerms.DCTERMS, "publisher")).getObject();
        assertThat(objects(m, publisher.asResource().getURI(), KnowledgeTerms.FOAF, "name"))
                .containsExactly("Secretaría de Energía");
        assertThat(m.contains(m.createResource(BASE + "/knowledge"), p(KnowledgeTerms.DCAT, "resource"), s)).isTrue();
    }

    @Test
    void badValuesAreLeftOutNeverGuessed() throws Exception {
        String id = "https://x.example/objects/1";
        Model m = map(id, ObjectKind.CHALLENGE, """
                {"type":["Article","Challenge"],"name":"  ","country":"Mexico","sector":"wizardry",
                 "challengeStatus":"draft","deadline":"next tuesday","sdgs":"nineteen",
                 "attributedTo":"ftp://x.example/u","url":"https://x.example/a b"}
                """);
        for (String local : List.of("title", "subject", "spatial", "creator")) {
            assertThat(objects(m, id, KnowledgeTerms.DCTERMS, local)).as(local).isEmpty();
        }
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "country")).isEmpty();
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "challengeStatus")).isEmpty();
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "deadline")).isEmpty();
        assertThat(objects(m, id, KnowledgeTerms.DCAT, "landingPage")).isEmpty();
        // The stored instant stands in for a missing or unreadable published date.
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "issued")).containsExactly("2026-11-01T10:00:00Z");
    }

    @Test
    void aResponseRespondsToItsChallengeFromItsCountry() throws Exception {
        String id = "https://au.example/objects/9";
        Model m = map(id, ObjectKind.RESPONSE, """
                {"type":["Article","ChallengeResponse"],"name":"Minerals portal","content":"<p>We built it</p>",
                 "inReplyTo":"https://mx.example/objects/7","country":"AU","organisation":"DISR",
                 "answersQuestion":"https://mx.example/objects/7/questions/2",
                 "responseCategory":{"id":"https://mx.example/objects/7/categories/1"}}
                """);
        Resource s = m.createResource(id);
        assertThat(m.contains(s, RDF.type, m.createResource(KnowledgeTerms.POLITY + "ChallengeResponse"))).isTrue();
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "respondsTo")).containsExactly("https://mx.example/objects/7");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "answersQuestion"))
                .containsExactly("https://mx.example/objects/7/questions/2");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "responseCategory"))
                .containsExactly("https://mx.example/objects/7/categories/1");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "country")).containsExactly("AU");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "spatial"))
                .containsExactly("http://publications.europa.eu/resource/authority/country/AUS");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "description")).containsExactly("We built it");
    }

    @Test
    void aCaseStudyIsAnAdmsAssetWithItsStageFacetsYearAndLanguages() throws Exception {
        String id = "https://fr.example/objects/3";
        Model m = map(id, ObjectKind.CASE_STUDY, """
                {"type":["Article","CaseStudy"],"name":"Budget participatif",
                 "nameMap":{"fr":"Budget participatif","en":"Participatory budget"},
                 "polity:country":"FR","sector":"public-administration","lifecycleStage":"implementing",
                 "innovationFacets":["mission-oriented","nonsense"],"levelOfGovernment":"local","launchYear":2014,
                 "sdgs":[11],"adaptedFrom":["https://pt.example/objects/1","not an iri"]}
                """);
        Resource s = m.createResource(id);
        assertThat(m.contains(s, RDF.type, m.createResource(KnowledgeTerms.ADMS + "Asset"))).isTrue();
        assertThat(m.contains(s, RDF.type, m.createResource(KnowledgeTerms.POLITY + "CaseStudy"))).isTrue();
        assertThat(objects(m, id, KnowledgeTerms.ADMS, "status"))
                .containsExactly(BASE + "/knowledge/schemes/lifecycle-stages/implementing");
        assertThat(objects(m, id, KnowledgeTerms.DCTERMS, "subject")).containsExactlyInAnyOrder(
                BASE + "/knowledge/schemes/facets/mission-oriented",
                BASE + "/knowledge/schemes/sectors/public-administration", "http://metadata.un.org/sdg/11");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "country")).as("polity:-prefixed field").containsExactly("FR");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "levelOfGovernment")).containsExactly("local");
        Literal year = m.getProperty(s, p(KnowledgeTerms.POLITY, "launchYear")).getLiteral();
        assertThat(year.getDatatypeURI()).isEqualTo(KnowledgeTerms.XSD + "gYear");
        assertThat(objects(m, id, KnowledgeTerms.POLITY, "adaptedFrom")).containsExactly("https://pt.example/objects/1");
        assertThat(m.listObjectsOfProperty(s, p(KnowledgeTerms.DCTERMS, "title")).toList().stream()
                .map(n -> n.asLiteral().getLanguage() + ":" + n.asLiteral().getLexicalForm()).sorted())
                .containsExactly("en:Participatory budget", "fr:Budget participatif");
    }

    @Test
    void countriesAndLanguagesUseTheEuAuthorityTables() {
        assertThat(KnowledgeTerms.countryIri("mx")).isEqualTo(KnowledgeTerms.EU_COUNTRY + "MEX");
        assertThat(KnowledgeTerms.countryIri("ZZ")).isNull();
        assertThat(KnowledgeTerms.countryIri(null)).isNull();
        assertThat(KnowledgeTerms.languageIri("fr-CA")).isEqualTo(KnowledgeTerms.EU_LANGUAGE + "FRA");
        assertThat(KnowledgeTerms.languageIri(" ")).isNull();
        assertThat(KnowledgeTerms.sparqlPrefixes()).contains("PREFIX dcat: <http://www.w3.org/ns/dcat#>");
    }

    @Test
    void conceptSchemesAreSkosWithLabelsInEveryLanguage() {
        Model m = schemes.model(ConceptSchemes.SECTORS);
        Resource scheme = m.createResource(BASE + "/knowledge/schemes/sectors");
        assertThat(m.contains(scheme, RDF.type, m.createResource(KnowledgeTerms.SKOS + "ConceptScheme"))).isTrue();
        Resource energy = m.createResource(BASE + "/knowledge/schemes/sectors/energy");
        assertThat(m.contains(energy, RDF.type, m.createResource(KnowledgeTerms.SKOS + "Concept"))).isTrue();
        assertThat(m.contains(energy, p(KnowledgeTerms.SKOS, "inScheme"), scheme)).isTrue();
        assertThat(m.listObjectsOfProperty(energy, p(KnowledgeTerms.SKOS, "prefLabel")).toList().stream()
                .map(n -> n.asLiteral().getLanguage())).containsExactlyInAnyOrder("en", "fr", "es");
        assertThat(m.listObjectsOfProperty(energy, p(KnowledgeTerms.SKOS, "prefLabel")).toList().stream()
                .map(n -> n.asLiteral().getLexicalForm())).doesNotContain("casestudies.sector.energy");
        assertThat(m.listObjectsOfProperty(scheme, p(KnowledgeTerms.SKOS, "prefLabel")).toList().stream()
                .map(n -> n.asLiteral().getLexicalForm())).contains("Sectors", "Secteurs", "Sectores");
        assertThat(m.listSubjectsWithProperty(p(KnowledgeTerms.SKOS, "inScheme")).toList())
                .hasSize(ConceptSchemes.SECTORS.keys().size());
        assertThat(schemes.conceptIri(ConceptSchemes.STAGES, "dreaming")).isNull();
        Model statuses = schemes.model(ConceptSchemes.STATUSES);
        assertThat(statuses.listObjectsOfProperty(statuses.createResource(BASE
                + "/knowledge/schemes/challenge-statuses/open"), p(KnowledgeTerms.SKOS, "prefLabel")).toList()
                .stream().map(n -> n.asLiteral().getLexicalForm())).contains("Open");
    }
}
