package org.polity.server.challenges;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.polity.federation.vocab.ApReader;
import org.polity.server.casestudies.CaseStudyTerms;
import org.polity.server.text.Html;
import org.polity.server.translations.Languages;

/**
 * A received {@code ["Article","Challenge"]} to its fields, leniently: what is missing or not a known value is
 * left empty (the issuing server decided what to publish), texts are cut to the limits, HTML is sanitised, and a
 * question or category keeps its id only when it lives under the challenge's own id (nobody names another's).
 */
public final class ApToChallenge {
    private ApToChallenge() {}

    public static Challenge from(JsonNode doc) {
        String id = ApReader.idOf(doc.get("id"));
        String prefix = id == null ? "\u0000" : id + "/";
        String country = text(doc, "country", 2).toUpperCase(Locale.ROOT);
        if (!country.matches("[A-Z]{2}")) {
            country = "";
        }
        List<Challenge.Question> questions = new ArrayList<>();
        for (JsonNode q : list(field(doc, "subQuestions"))) {
            String qid = ApReader.idOf(q.get("id"));
            String name = q.isObject() ? clip(q.path("name").asText(""), ChallengeChecks.MAX_SUMMARY) : "";
            if (qid != null && qid.startsWith(prefix) && !name.isEmpty()
                    && questions.size() < ChallengeChecks.MAX_QUESTIONS) {
                questions.add(new Challenge.Question(qid, name));
            }
        }
        List<Challenge.Category> categories = new ArrayList<>();
        for (JsonNode k : list(field(doc, "responseCategories"))) {
            String kid = ApReader.idOf(k.get("id"));
            String name = k.isObject() ? clip(k.path("name").asText(""), ChallengeChecks.MAX_SHORT) : "";
            if (kid != null && kid.startsWith(prefix) && !name.isEmpty()
                    && categories.size() < ChallengeChecks.MAX_CATEGORIES) {
                categories.add(new Challenge.Category(kid, name));
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
            if ("Hashtag".equals(t.path("type").asText()) && name.length() > 1 && tags.size() < ChallengeChecks.MAX_TAGS) {
                tags.add(name.startsWith("#") ? name.substring(1) : name);
            }
        }
        List<String> languages = new ArrayList<>();
        for (JsonNode l : list(field(doc, "languages"))) {
            Languages.normalise(l.asText("")).filter(x -> !languages.contains(x) && languages.size() < 20)
                    .ifPresent(languages::add);
        }
        String sector = text(doc, "sector", 64);
        ChallengeStatus status = ChallengeStatus.ofKey(text(doc, "challengeStatus", 16))
                .filter(ChallengeStatus::federated).orElse(ChallengeStatus.OPEN);
        String summary = doc.path("summary").isTextual()
                ? Html.toPlainText(doc.path("summary").asText(), ChallengeChecks.MAX_SUMMARY) : "";
        String description = html(doc, "description");
        if (description.isEmpty() && field(doc, "description") == null) {
            description = html(doc, "content"); // a server that sends only the Article's content
        }
        return new Challenge(text(doc, "name", ChallengeChecks.MAX_TITLE), summary, description, country,
                text(doc, "organisation", ChallengeChecks.MAX_SHORT), questions, categories,
                CaseStudyTerms.SECTORS.contains(sector) ? sector : "", tags, new ArrayList<>(sdgs),
                instant(text(doc, "deadline", 64)), languages, text(doc, "contact", ChallengeChecks.MAX_SHORT), status,
                status == ChallengeStatus.CLOSED ? html(doc, "outcome") : "", true);
    }

    /** The response ids a challenge's document lists under {@code term} ({@code shortlisted}, {@code featuredResponses}). */
    public static List<String> iris(JsonNode doc, String term) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list(field(doc, term))) {
            String iri = ApReader.idOf(n);
            if (iri != null && iri.length() <= 2048 && !out.contains(iri)) {
                out.add(iri);
            }
        }
        return out;
    }

    static Instant instant(String s) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** A term as Polity writes it ({@code country}), or prefixed ({@code polity:country}). */
    static JsonNode field(JsonNode doc, String term) {
        JsonNode v = doc.get(term);
        return v != null ? v : doc.get("polity:" + term);
    }

    static Iterable<JsonNode> list(JsonNode node) {
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

    static String text(JsonNode doc, String term, int max) {
        JsonNode v = field(doc, term);
        return v == null || !v.isTextual() ? "" : clip(v.asText(), max);
    }

    static String html(JsonNode doc, String term) {
        String v = text(doc, term, ChallengeChecks.MAX_TEXT * 2);
        return v.isEmpty() ? "" : Html.sanitize(v);
    }

    static String clip(String s, int max) {
        String t = s == null ? "" : s.strip();
        return t.length() <= max ? t : t.substring(0, max);
    }
}
