package org.polity.server.knowledge;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.polity.federation.vocab.ActivityStreams;

/**
 * The vocabularies the knowledge base speaks (docs/vocabulary.md, "Knowledge base"): DCAT 3, Dublin Core Terms,
 * FOAF, W3C ORG, ADMS, SKOS, the UN SDG KOS, the EU Publications Office authority tables (countries, languages),
 * and Polity's own namespace for what none of them covers.
 */
public final class KnowledgeTerms {
    private KnowledgeTerms() {}

    public static final String DCAT = "http://www.w3.org/ns/dcat#";
    public static final String DCTERMS = "http://purl.org/dc/terms/";
    public static final String FOAF = "http://xmlns.com/foaf/0.1/";
    public static final String ORG = "http://www.w3.org/ns/org#";
    public static final String ADMS = "http://www.w3.org/ns/adms#";
    public static final String SKOS = "http://www.w3.org/2004/02/skos/core#";
    public static final String SDGO = "http://metadata.un.org/sdg/ontology#";
    public static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    public static final String POLITY = ActivityStreams.POLITY_NAMESPACE;
    /** The EU Publications Office country authority table: {@code …/country/FRA}. */
    public static final String EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/";
    /** The EU Publications Office language authority table: {@code …/language/FRA}. */
    public static final String EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/";

    /** Prefixes the dumps and the SPARQL page declare. */
    public static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry("dcat", DCAT), Map.entry("dcterms", DCTERMS), Map.entry("foaf", FOAF), Map.entry("org", ORG),
            Map.entry("adms", ADMS), Map.entry("skos", SKOS), Map.entry("sdgo", SDGO), Map.entry("xsd", XSD),
            Map.entry("polity", POLITY), Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
            Map.entry("rdfs", "http://www.w3.org/2000/01/rdf-schema#"));

    static Property dct(String local) {
        return ResourceFactory.createProperty(DCTERMS, local);
    }

    static Property dcat(String local) {
        return ResourceFactory.createProperty(DCAT, local);
    }

    static Property polity(String local) {
        return ResourceFactory.createProperty(POLITY, local);
    }

    static Property skos(String local) {
        return ResourceFactory.createProperty(SKOS, local);
    }

    static Resource type(String namespace, String local) {
        return ResourceFactory.createResource(namespace + local);
    }

    /** The SPARQL {@code PREFIX} lines of {@link #PREFIXES}, sorted. */
    public static String sparqlPrefixes() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(PREFIXES).forEach((p, ns) -> b.append("PREFIX ").append(p).append(": <").append(ns)
                .append(">\n"));
        return b.toString();
    }

    private static final Map<String, String> ISO3 = iso3();

    private static Map<String, String> iso3() {
        Map<String, String> map = new TreeMap<>();
        for (String code : Locale.getISOCountries()) {
            try {
                map.put(code, new Locale("", code).getISO3Country());
            } catch (java.util.MissingResourceException e) {
                // no alpha-3 code known to the JDK: the country gets its literal only
            }
        }
        return Map.copyOf(map);
    }

    /** ISO 3166-1 alpha-3 of an alpha-2 code ({@code FR} → {@code FRA}), or null when unknown. */
    public static String alpha3(String alpha2) {
        return alpha2 == null ? null : ISO3.get(alpha2.toUpperCase(Locale.ROOT));
    }

    /** The EU authority IRI of a country given as ISO 3166-1 alpha-2, or null when it is none. */
    public static String countryIri(String alpha2) {
        String a3 = alpha3(alpha2);
        return a3 == null || a3.isEmpty() ? null : EU_COUNTRY + a3;
    }

    /** The EU authority IRI of a language given as a BCP 47 tag ({@code fr}, {@code fr-CA} → {@code …/FRA}). */
    public static String languageIri(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        try {
            String a3 = Locale.forLanguageTag(tag.strip()).getISO3Language();
            return a3.isEmpty() ? null : EU_LANGUAGE + a3.toUpperCase(Locale.ROOT);
        } catch (java.util.MissingResourceException e) {
            return null;
        }
    }
}
