package org.polity.server.challenges;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.text.Html;
import org.polity.server.text.MessageCatalog;

/**
 * Our challenge to its wire form, {@code ["Article","Challenge"]} (docs/vocabulary.md, "Challenges"): the standard
 * {@code name}, {@code summary} and {@code content} (the description, then the sub-questions and categories as
 * lists, readable on any server that shows an Article), and the Polity terms, defined inline in {@code @context}
 * as every Polity document does.
 */
public final class ChallengeToAp {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ChallengeToAp() {}

    /** The Polity terms of challenges and responses, as they ride inline in {@code @context}. */
    public static ObjectNode contextTerms() {
        ObjectNode t = F.objectNode();
        t.put("polity", ActivityStreams.POLITY_NAMESPACE);
        t.put("Challenge", "polity:Challenge");
        t.put("ChallengeResponse", "polity:ChallengeResponse");
        t.put("ChallengeQuestion", "polity:ChallengeQuestion");
        t.put("ResponseCategory", "polity:ResponseCategory");
        t.put("country", "polity:country");
        t.put("organisation", "polity:organisation");
        t.put("description", "polity:description");
        t.putObject("subQuestions").put("@id", "polity:subQuestions").put("@container", "@list");
        t.putObject("responseCategories").put("@id", "polity:responseCategories").put("@container", "@list");
        t.put("sector", "polity:sector");
        t.putObject("sdgs").put("@id", "polity:sdgs").put("@container", "@set");
        t.putObject("deadline").put("@id", "polity:deadline").put("@type", "xsd:dateTime");
        t.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        t.putObject("languages").put("@id", "polity:languages").put("@container", "@set");
        t.put("contact", "polity:contact");
        t.put("challengeStatus", "polity:challengeStatus");
        t.put("outcome", "polity:outcome");
        t.putObject("shortlisted").put("@id", "polity:shortlisted").put("@type", "@id").put("@container", "@set");
        t.putObject("featuredResponses").put("@id", "polity:featuredResponses").put("@type", "@id")
                .put("@container", "@set");
        t.put("approach", "polity:approach");
        t.put("results", "polity:results");
        t.putObject("answersQuestion").put("@id", "polity:answersQuestion").put("@type", "@id");
        t.putObject("responseCategory").put("@id", "polity:responseCategory").put("@type", "@id");
        return t;
    }

    /** The description's HTML: ours is Markdown, a received one sanitised HTML already. */
    public static String html(Challenge c, String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        return c.html() ? Html.sanitize(text) : Html.markdownToHtml(text);
    }

    /** The Article's {@code content}: the description, the questions and the categories, headed in English. */
    public static String content(Challenge c) {
        MessageCatalog m = MessageCatalog.get();
        StringBuilder html = new StringBuilder();
        html.append("<p><strong>").append(Html.escape(c.organisation())).append("</strong> (")
                .append(Html.escape(c.country())).append(")</p>");
        html.append(html(c, c.description()));
        html.append("<h2>").append(Html.escape(m.format(MessageCatalog.DEFAULT, "challenges.field.questions")))
                .append("</h2><ol>");
        c.questions().forEach(q -> html.append("<li>").append(Html.escape(q.name())).append("</li>"));
        html.append("</ol>");
        if (!c.categories().isEmpty()) {
            html.append("<h2>").append(Html.escape(m.format(MessageCatalog.DEFAULT, "challenges.field.categories")))
                    .append("</h2><ul>");
            c.categories().forEach(k -> html.append("<li>").append(Html.escape(k.name())).append("</li>"));
            html.append("</ul>");
        }
        if (c.status() == ChallengeStatus.CLOSED && !c.outcome().isBlank()) {
            html.append("<h2>").append(Html.escape(m.format(MessageCatalog.DEFAULT, "challenges.field.outcome")))
                    .append("</h2>").append(html(c, c.outcome()));
        }
        return html.toString();
    }

    /** The object for {@code ObjectService.createNamed}: type, texts, public addressing, hashtags. */
    public static ObjectNode object(Challenge c, String followersUri, ArrayNode hashtags) {
        ObjectNode o = F.objectNode();
        o.putArray("type").add("Article").add("Challenge");
        texts(o, c);
        o.putArray("to").add(ActivityStreams.PUBLIC);
        o.putArray("cc").add(followersUri);
        if (hashtags != null && !hashtags.isEmpty()) {
            o.set("tag", hashtags);
        }
        return o;
    }

    /** The standard texts, for a Create or an Update ({@code summary} empty when there is none). */
    public static void texts(ObjectNode o, Challenge c) {
        o.put("name", c.title());
        o.put("summary", c.summary().isBlank() ? "" : "<p>" + Html.escape(c.summary()) + "</p>");
        o.put("content", content(c));
    }

    /**
     * The Polity terms, {@code @context}, {@code url} and {@code context} of challenge {@code id} (its fields
     * already carry the ids of their questions and categories); {@code shortlisted} and {@code featured} are
     * response ids. An optional term left empty is a JSON null, which removes what an earlier version had.
     */
    public static ObjectNode extensions(String id, Challenge c, String pageUrl, List<String> shortlisted,
            List<String> featured, ArrayNode cc, ArrayNode hashtags) {
        ObjectNode x = F.objectNode();
        ArrayNode context = x.putArray("@context");
        context.add(ActivityStreams.CONTEXT);
        context.add(contextTerms());
        x.put("url", pageUrl);
        x.put("context", id + "/context");
        x.put("country", c.country());
        x.put("organisation", c.organisation());
        putOrRemove(x, "description", html(c, c.description()));
        ArrayNode questions = x.putArray("subQuestions");
        for (Challenge.Question q : c.questions()) {
            questions.addObject().put("id", q.id()).put("type", "ChallengeQuestion").put("name", q.name());
        }
        ArrayNode categories = x.putArray("responseCategories");
        for (Challenge.Category k : c.categories()) {
            categories.addObject().put("id", k.id()).put("type", "ResponseCategory").put("name", k.name());
        }
        putOrRemove(x, "sector", c.sector());
        ArrayNode sdgs = x.putArray("sdgs");
        c.sdgs().forEach(sdgs::add);
        putOrRemove(x, "deadline", c.deadline() == null ? null : c.deadline().toString());
        ArrayNode languages = x.putArray("languages");
        c.languages().forEach(languages::add);
        putOrRemove(x, "contact", c.contact());
        x.put("challengeStatus", c.status().key());
        putOrRemove(x, "outcome", c.status() == ChallengeStatus.CLOSED ? html(c, c.outcome()) : null);
        ArrayNode s = x.putArray("shortlisted");
        shortlisted.forEach(s::add);
        ArrayNode f = x.putArray("featuredResponses");
        featured.forEach(f::add);
        if (cc != null) {
            x.set("cc", cc);
        }
        if (hashtags != null) {
            x.set("tag", hashtags);
        }
        return x;
    }

    private static void putOrRemove(ObjectNode x, String field, String value) {
        if (value != null && !value.isBlank()) {
            x.put(field, value);
        } else {
            x.set(field, F.nullNode());
        }
    }
}
