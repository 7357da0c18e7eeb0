package org.polity.server.knowledge;

import java.util.List;
import java.util.Optional;

/**
 * The example queries of the SPARQL page (and of docs/api.md): each a link that runs it. The first is issue 10's
 * done-criterion, responses per challenge by country; the tests run every one of them.
 */
public final class SparqlExamples {
    private SparqlExamples() {}

    /** One example: its id, the message key of its title, and the query. */
    public record Example(String id, String titleKey, String query) {}

    private static final String P_DCTERMS = "PREFIX dcterms: <" + KnowledgeTerms.DCTERMS + ">\n";
    private static final String P_POLITY = "PREFIX polity: <" + KnowledgeTerms.POLITY + ">\n";
    private static final String P_SKOS = "PREFIX skos: <" + KnowledgeTerms.SKOS + ">\n";
    private static final String P_ADMS = "PREFIX adms: <" + KnowledgeTerms.ADMS + ">\n";

    public static final Example RESPONSES_BY_COUNTRY = new Example("responses-by-country",
            "knowledge.example.responsesByCountry", P_DCTERMS + P_POLITY + """
            SELECT ?challenge ?title ?country (COUNT(?response) AS ?responses)
            WHERE {
              ?response a polity:ChallengeResponse ;
                        polity:respondsTo ?challenge ;
                        polity:country ?country .
              ?challenge a polity:Challenge ;
                         dcterms:title ?title .
            }
            GROUP BY ?challenge ?title ?country
            ORDER BY ?title ?country
            """);

    public static final Example CHALLENGES_BY_SDG = new Example("challenges-by-sdg",
            "knowledge.example.challengesBySdg", P_DCTERMS + P_POLITY + """
            SELECT ?goal (COUNT(DISTINCT ?challenge) AS ?challenges)
            WHERE {
              ?challenge a polity:Challenge ;
                         dcterms:subject ?goal .
              FILTER(STRSTARTS(STR(?goal), "http://metadata.un.org/sdg/"))
            }
            GROUP BY ?goal
            ORDER BY DESC(?challenges) ?goal
            """);

    public static final Example CASE_STUDIES_BY_COUNTRY = new Example("case-studies-by-country",
            "knowledge.example.caseStudiesByCountry", P_POLITY + P_ADMS + """
            SELECT ?country (COUNT(?study) AS ?caseStudies)
            WHERE {
              ?study a adms:Asset , polity:CaseStudy ;
                     polity:country ?country .
            }
            GROUP BY ?country
            ORDER BY DESC(?caseStudies) ?country
            """);

    public static final Example OPEN_CHALLENGES = new Example("open-challenges", "knowledge.example.openChallenges",
            P_DCTERMS + P_POLITY + P_SKOS + """
            SELECT ?challenge ?title ?country ?deadline
            WHERE {
              ?challenge a polity:Challenge ;
                         dcterms:title ?title ;
                         polity:challengeStatus ?status .
              ?status skos:notation "open" .
              OPTIONAL { ?challenge polity:country ?country }
              OPTIONAL { ?challenge polity:deadline ?deadline }
            }
            ORDER BY ?deadline ?title
            """);

    public static final List<Example> ALL = List.of(RESPONSES_BY_COUNTRY, CHALLENGES_BY_SDG, CASE_STUDIES_BY_COUNTRY,
            OPEN_CHALLENGES);

    public static Optional<Example> byId(String id) {
        return ALL.stream().filter(e -> e.id().equals(id)).findFirst();
    }
}
