package org.polity.server.casestudies;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.polity.federation.vocab.ApReader;
import org.polity.server.text.Html;

/**
 * A received {@code ["Article","CaseStudy"]} to its fields, leniently: what is missing or not one of the
 * controlled values is left empty (another server's editor decided what to publish), text is cut to the limits,
 * narrative HTML is sanitised, and links are kept only as http(s) IRIs.
 */
public final class ApToCaseStudy {
    private ApToCaseStudy() {}

    public static CaseStudy from(JsonNode doc) {
        String country = text(doc, "country", 2).toUpperCase(Locale.ROOT);
        if (!country.matches("[A-Z]{2}")) {
            country = "";
        }
        JsonNode year = field(doc, "launchYear");
        int launchYear = year == null ? 0 : year.isNumber() ? year.asInt() : parse(year.asText(""));
        List<String> facets = new ArrayList<>();
        for (JsonNode f : list(field(doc, "innovationFacets"))) {
            if (f.isTextual() && CaseStudyTerms.FACETS.contains(f.asText()) && !facets.contains(f.asText())) {
                facets.add(f.asText());
            }
        }
        Set<Integer> sdgs = new LinkedHashSet<>();
        for (JsonNode s : list(field(doc, "sdgs"))) {
            int n = s.isNumber() ? s.asInt() : CaseStudyTerms.sdg(ApReader.idOf(s));
            if (n >= 1 && n <= CaseStudyTerms.SDG_COUNT) {
                sdgs.add(n);
            }
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode t : list(doc.get("tag"))) {
            String name = t.path("name").asText("");
            if ("Hashtag".equals(t.path("type").asText()) && name.length() > 1 && tags.size() < 50) {
                tags.add(name.startsWith("#") ? name.substring(1) : name);
            }
        }
        List<String> resources = new ArrayList<>();
        for (JsonNode a : list(doc.get("attachment"))) {
            String href = a.isTextual() ? a.asText() : a.hasNonNull("href") ? a.path("href").asText()
                    : ApReader.idOf(a.get("url")) != null ? ApReader.idOf(a.get("url")) : ApReader.idOf(a);
            if (isHttp(href) && resources.size() < CaseStudyService.MAX_RESOURCES) {
                resources.add(href);
            }
        }
        String summary = doc.path("summary").isTextual() ? Html.toPlainText(doc.path("summary").asText(), 1000) : "";
        return new CaseStudy(text(doc, "name", 500), summary, country, text(doc, "organisation", 500),
                known(doc, "levelOfGovernment", CaseStudyTerms.LEVELS), known(doc, "sector", CaseStudyTerms.SECTORS),
                launchYear >= 1900 && launchYear <= 2200 ? launchYear : 0, html(doc, "problem"),
                html(doc, "innovation"), known(doc, "lifecycleStage", CaseStudyTerms.STAGES), facets,
                html(doc, "results"), html(doc, "lessonsLearned"), new ArrayList<>(sdgs), tags, resources,
                text(doc, "contact", 500), iris(doc, "adaptedFrom"), iris(doc, "adoptedFrom"), true);
    }

    /** A term as Polity writes it ({@code problem}), or prefixed ({@code polity:problem}). */
    static JsonNode field(JsonNode doc, String term) {
        JsonNode v = doc.get(term);
        return v != null ? v : doc.get("polity:" + term);
    }

    private static Iterable<JsonNode> list(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<JsonNode> out = new ArrayList<>();
            node.forEach(n -> {
                if (out.size() < 100) {
                    out.add(n);
                }
            });
            return out;
        }
        return List.of(node);
    }

    private static String text(JsonNode doc, String term, int max) {
        JsonNode v = field(doc, term);
        if (v == null || !v.isTextual()) {
            return "";
        }
        String s = v.asText().strip();
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String known(JsonNode doc, String term, List<String> values) {
        String v = text(doc, term, 64);
        return values.contains(v) ? v : "";
    }

    private static String html(JsonNode doc, String term) {
        String v = text(doc, term, CaseStudyService.MAX_NARRATIVE * 2);
        return v.isEmpty() ? "" : Html.sanitize(v);
    }

    private static List<String> iris(JsonNode doc, String term) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list(field(doc, term))) {
            String iri = ApReader.idOf(n);
            if (isHttp(iri) && !out.contains(iri) && out.size() < CaseStudyService.MAX_LINKS) {
                out.add(iri);
            }
        }
        return out;
    }

    static boolean isHttp(String s) {
        return s != null && s.length() <= 2048 && (s.startsWith("https://") || s.startsWith("http://"));
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
