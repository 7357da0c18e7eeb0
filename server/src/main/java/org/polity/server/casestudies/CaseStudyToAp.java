package org.polity.server.casestudies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.text.Html;
import org.polity.server.text.MessageCatalog;
import org.polity.server.translations.Languages;

/**
 * Our case study to its wire form, {@code ["Article","CaseStudy"]} (docs/vocabulary.md, "Case studies"): the
 * standard {@code name}, {@code summary} and {@code content} (the whole narrative as readable HTML, for servers
 * that show only an Article), and the Polity terms for the structured fields, defined inline in
 * {@code @context} as every Polity document does.
 */
public final class CaseStudyToAp {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The narrative terms, each with a language map ({@code problemMap}, …) beside it. */
    static final List<String> NARRATIVE = List.of("problem", "innovation", "results", "lessonsLearned");

    private CaseStudyToAp() {}

    /**
     * The headings of the narrative sections in {@code content}, in {@code lang} where the UI speaks it (its
     * primary language), else English: field to heading.
     */
    static Map<String, String> headings(String lang) {
        String ui = lang == null || lang.isEmpty() ? MessageCatalog.DEFAULT : Languages.primary(lang);
        if (!MessageCatalog.LANGUAGES.contains(ui)) {
            ui = MessageCatalog.DEFAULT;
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String field : List.of("problem", "innovation", "results", "lessonsLearned", "contact")) {
            out.put(field, MessageCatalog.get().format(ui, "casestudies.field." + field));
        }
        return out;
    }

    /**
     * The standard texts: {@code name}, {@code summary} and {@code content} in the default language, and, when
     * the case study says its language, {@code nameMap}, {@code summaryMap} and {@code contentMap} with every
     * language (docs/vocabulary.md, "Languages"); each language's {@code content} has its own headings.
     * {@code clearSummary} writes an empty summary when there is none (an Update removes the old one).
     */
    public static void texts(ObjectNode o, CaseStudy cs, boolean clearSummary) {
        o.put("name", cs.title());
        if (!cs.summary().isBlank()) {
            o.put("summary", summaryHtml(cs.summary()));
        } else if (clearSummary) {
            o.put("summary", "");
        }
        o.put("content", content(cs, headings(cs.lang())));
        if (cs.lang().isEmpty()) {
            return;
        }
        ObjectNode names = o.putObject("nameMap");
        ObjectNode summaries = F.objectNode();
        ObjectNode contents = o.putObject("contentMap");
        for (String lang : cs.languages()) {
            CaseStudy version = cs.in(lang);
            names.put(lang, version.title());
            if (!version.summary().isBlank()) {
                summaries.put(lang, summaryHtml(version.summary()));
            }
            contents.put(lang, content(version, headings(lang)));
        }
        if (!summaries.isEmpty()) {
            o.set("summaryMap", summaries);
        }
    }

    private static String summaryHtml(String summary) {
        return "<p>" + Html.escape(summary) + "</p>";
    }

    /** The Polity terms of a case study, as they ride inline in its {@code @context}. */
    public static ObjectNode contextTerms() {
        ObjectNode t = F.objectNode();
        t.put("polity", ActivityStreams.POLITY_NAMESPACE);
        t.put("CaseStudy", "polity:CaseStudy");
        t.put("country", "polity:country");
        t.put("organisation", "polity:organisation");
        t.put("levelOfGovernment", "polity:levelOfGovernment");
        t.put("sector", "polity:sector");
        t.put("launchYear", "polity:launchYear");
        t.put("problem", "polity:problem");
        t.put("innovation", "polity:innovation");
        t.put("lifecycleStage", "polity:lifecycleStage");
        t.putObject("innovationFacets").put("@id", "polity:innovationFacets").put("@container", "@set");
        t.put("results", "polity:results");
        t.put("lessonsLearned", "polity:lessonsLearned");
        t.putObject("sdgs").put("@id", "polity:sdgs").put("@container", "@set");
        t.put("contact", "polity:contact");
        t.putObject("adaptedFrom").put("@id", "polity:adaptedFrom").put("@type", "@id").put("@container", "@set");
        t.putObject("adoptedFrom").put("@id", "polity:adoptedFrom").put("@type", "@id").put("@container", "@set");
        t.put("caseStudyStatus", "polity:caseStudyStatus");
        // Language maps of the narrative terms, on the same IRIs (as ActivityStreams defines contentMap).
        for (String term : NARRATIVE) {
            t.putObject(term + "Map").put("@id", "polity:" + term).put("@container", "@language");
        }
        return t;
    }

    /** The HTML of a narrative field: ours are Markdown, received ones sanitised HTML already. */
    public static String narrative(CaseStudy cs, String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        return cs.html() ? Html.sanitize(text) : Html.markdownToHtml(text);
    }

    /**
     * The object for {@code ObjectService.create}: type, title, summary, readable content, addressing (public,
     * the author's followers and {@code extraCc}, the authors of the case studies it adapts, in cc), hashtags.
     */
    public static ObjectNode object(CaseStudy cs, String followersUri, List<String> extraCc, ArrayNode hashtags) {
        ObjectNode o = F.objectNode();
        ArrayNode type = o.putArray("type");
        type.add("Article").add("CaseStudy");
        texts(o, cs, false);
        o.putArray("to").add(ActivityStreams.PUBLIC);
        ArrayNode cc = o.putArray("cc").add(followersUri);
        extraCc.forEach(cc::add);
        if (hashtags != null && !hashtags.isEmpty()) {
            o.set("tag", hashtags);
        }
        return o;
    }

    /**
     * The Article's {@code content}: each narrative section under its heading ({@code headings}: field to
     * English heading), then the facts, so a Mastodon or Lemmy reader sees the whole case study.
     */
    public static String content(CaseStudy cs, Map<String, String> headings) {
        StringBuilder html = new StringBuilder();
        html.append("<p><strong>").append(Html.escape(cs.organisation())).append("</strong> (")
                .append(Html.escape(cs.country())).append(", ").append(cs.launchYear()).append(")</p>");
        section(html, headings.get("problem"), narrative(cs, cs.problem()));
        section(html, headings.get("innovation"), narrative(cs, cs.innovation()));
        section(html, headings.get("results"), narrative(cs, cs.results()));
        section(html, headings.get("lessonsLearned"), narrative(cs, cs.lessonsLearned()));
        if (!cs.contact().isBlank()) {
            section(html, headings.get("contact"), "<p>" + Html.escape(cs.contact()) + "</p>");
        }
        return html.toString();
    }

    private static void section(StringBuilder html, String heading, String body) {
        if (body.isBlank()) {
            return;
        }
        html.append("<h2>").append(Html.escape(heading)).append("</h2>").append(body);
    }

    /** Adds the linked resources' files ({@code Document}s with their media type) to the case study's attachments. */
    public static void attachFiles(ObjectNode extensions, List<com.fasterxml.jackson.databind.JsonNode> files) {
        if (files.isEmpty()) {
            return;
        }
        ArrayNode attachment = extensions.get("attachment") instanceof ArrayNode a ? a : extensions.putArray("attachment");
        files.forEach(f -> attachment.add(f.deepCopy()));
    }

    /**
     * The Polity terms, and {@code @context} and {@code url}: what {@code ObjectService} sets on the object as
     * given (an optional term left empty is a JSON null, which removes what an earlier version had). {@code cc}, when not null, replaces the object's (an Update adds the adapters' authors).
     */
    public static ObjectNode extensions(CaseStudy cs, String pageUrl, ArrayNode cc, ArrayNode hashtags) {
        ObjectNode x = F.objectNode();
        ArrayNode context = x.putArray("@context");
        context.add(ActivityStreams.CONTEXT);
        context.add(contextTerms());
        x.put("url", pageUrl);
        x.put("country", cs.country());
        x.put("organisation", cs.organisation());
        x.put("levelOfGovernment", cs.levelOfGovernment());
        x.put("sector", cs.sector());
        x.put("launchYear", cs.launchYear());
        x.put("problem", narrative(cs, cs.problem()));
        x.put("innovation", narrative(cs, cs.innovation()));
        x.put("lifecycleStage", cs.lifecycleStage());
        ArrayNode facets = x.putArray("innovationFacets");
        cs.innovationFacets().forEach(facets::add);
        putOrRemove(x, "results", narrative(cs, cs.results()));
        putOrRemove(x, "lessonsLearned", narrative(cs, cs.lessonsLearned()));
        if (!cs.lang().isEmpty()) {
            for (String term : NARRATIVE) {
                ObjectNode map = F.objectNode();
                for (String lang : cs.languages()) {
                    putIfAny(map, lang, narrative(cs, field(cs.in(lang), term)));
                }
                x.set(term + "Map", map.isEmpty() ? F.nullNode() : map);
            }
        } else {
            NARRATIVE.forEach(term -> x.set(term + "Map", F.nullNode()));
        }
        ArrayNode sdgs = x.putArray("sdgs");
        cs.sdgs().forEach(sdgs::add);
        putOrRemove(x, "contact", cs.contact());
        if (!cs.resources().isEmpty()) {
            ArrayNode attachment = x.putArray("attachment");
            for (String url : cs.resources()) {
                attachment.addObject().put("type", "Link").put("href", url);
            }
        }
        if (!cs.adaptedFrom().isEmpty()) {
            ArrayNode a = x.putArray("adaptedFrom");
            cs.adaptedFrom().forEach(a::add);
        } else {
            x.set("adaptedFrom", F.nullNode());
        }
        if (!cs.adoptedFrom().isEmpty()) {
            ArrayNode a = x.putArray("adoptedFrom");
            cs.adoptedFrom().forEach(a::add);
        } else {
            x.set("adoptedFrom", F.nullNode());
        }
        x.put("caseStudyStatus", "published");
        if (cc != null) {
            x.set("cc", cc);
        }
        if (hashtags != null) {
            x.set("tag", hashtags);
        }
        return x;
    }

    private static String field(CaseStudy cs, String term) {
        return switch (term) {
            case "problem" -> cs.problem();
            case "innovation" -> cs.innovation();
            case "results" -> cs.results();
            default -> cs.lessonsLearned();
        };
    }

    /** The term, or a JSON null that removes an older value of it on an Update ({@code ObjectService}). */
    private static void putOrRemove(ObjectNode x, String field, String value) {
        if (value != null && !value.isBlank()) {
            x.put(field, value);
        } else {
            x.set(field, F.nullNode());
        }
    }

    private static void putIfAny(ObjectNode x, String field, String value) {
        if (value != null && !value.isBlank()) {
            x.put(field, value);
        }
    }

    static boolean isText(JsonNode node) {
        return node != null && node.isTextual();
    }
}
