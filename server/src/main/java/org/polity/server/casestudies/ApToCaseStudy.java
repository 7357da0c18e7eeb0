package org.polity.server.casestudies;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.polity.federation.vocab.ApReader;
import org.polity.server.text.Html;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.Languages;

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
                text(doc, "contact", 500), iris(doc, "adaptedFrom"), iris(doc, "adoptedFrom"), true, "", List.of())
                .withLanguages(languages(doc));
    }

    /**
     * Every language of the document: the default one ({@code ApToTranslations}: the {@code contentMap} key
     * holding the plain {@code content}, …; else the narrative maps' key holding the plain {@code problem}), and a
     * translation for every other key of {@code nameMap}, {@code summaryMap} or the narrative maps
     * ({@code problemMap}, {@code innovationMap}, {@code resultsMap}, {@code lessonsLearnedMap}), its HTML
     * sanitised and its texts cut as the default language's. A {@code contentMap} key alone gives no translation
     * of the fields (its words are still found by search, from the stored document).
     */
    static java.util.Map.Entry<String, List<CaseStudyTranslation>> languages(JsonNode doc) {
        Map<String, Map<String, String>> maps = new java.util.LinkedHashMap<>();
        maps.put("name", ApToTranslations.map(doc.get("nameMap")));
        maps.put("summary", ApToTranslations.map(doc.get("summaryMap")));
        for (String term : CaseStudyToAp.NARRATIVE) {
            maps.put(term, ApToTranslations.map(field(doc, term + "Map")));
        }
        String lang = ApToTranslations.read(doc).defaultLang();
        if (lang == null) {
            String problem = text(doc, "problem", CaseStudyService.MAX_NARRATIVE * 2);
            lang = maps.get("problem").entrySet().stream().filter(e -> e.getValue().strip().equals(problem))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
        }
        List<String> others = new ArrayList<>();
        for (Map<String, String> m : maps.values()) {
            for (String l : m.keySet()) {
                if (!l.equals(lang) && !others.contains(l) && others.size() < Languages.MAX_LANGUAGES - 1) {
                    others.add(l);
                }
            }
        }
        List<CaseStudyTranslation> translations = new ArrayList<>();
        for (String l : others) {
            translations.add(new CaseStudyTranslation(l, clip(maps.get("name").get(l), 500),
                    maps.get("summary").containsKey(l) ? Html.toPlainText(maps.get("summary").get(l), 1000) : "",
                    sanitised(maps.get("problem").get(l)), sanitised(maps.get("innovation").get(l)),
                    sanitised(maps.get("results").get(l)), sanitised(maps.get("lessonsLearned").get(l))));
        }
        return java.util.Map.entry(lang == null ? "" : lang, translations);
    }

    private static String clip(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.strip();
        return t.length() <= max ? t : t.substring(0, max);
    }

    private static String sanitised(String html) {
        return html == null || html.isBlank() ? "" : Html.sanitize(clip(html, CaseStudyService.MAX_NARRATIVE * 2));
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
