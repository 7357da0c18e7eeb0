package org.polity.server.challenges;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.text.Html;
import org.polity.server.text.MessageCatalog;

/**
 * A response to its wire form, {@code ["Article","ChallengeResponse"]} (docs/vocabulary.md, "Challenge
 * responses"), and back: {@code content} is the description, then what was done and the results as {@code <h2>}
 * sections, so any server that shows an Article shows the whole response.
 */
public final class ResponseToAp {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ResponseToAp() {}

    /** The object for {@code ObjectService.createNamed}: to the public and the issuer, cc the responder's followers. */
    static ObjectNode object(ChallengeResponse r, String challengeUri, String issuerUri, String followersUri) {
        ObjectNode o = F.objectNode();
        o.putArray("type").add("Article").add("ChallengeResponse");
        o.put("name", r.title());
        o.put("content", content(r));
        o.put("inReplyTo", challengeUri);
        o.putArray("to").add(ActivityStreams.PUBLIC).add(issuerUri);
        o.putArray("cc").add(followersUri);
        return o;
    }

    static String content(ChallengeResponse r) {
        MessageCatalog m = MessageCatalog.get();
        StringBuilder html = new StringBuilder();
        html.append("<p><strong>").append(Html.escape(r.organisation())).append("</strong> (")
                .append(Html.escape(r.country())).append(")</p>");
        html.append(Html.markdownToHtml(r.description()));
        html.append("<h2>").append(Html.escape(m.format(MessageCatalog.DEFAULT, "challenges.field.approach")))
                .append("</h2>").append(Html.markdownToHtml(r.approach()));
        if (!r.results().isBlank()) {
            html.append("<h2>").append(Html.escape(m.format(MessageCatalog.DEFAULT, "challenges.field.results")))
                    .append("</h2>").append(Html.markdownToHtml(r.results()));
        }
        return html.toString();
    }

    /** The Polity terms, {@code @context} and the thread's {@code context}. */
    static ObjectNode extensions(ChallengeResponse r, String context) {
        ObjectNode x = F.objectNode();
        ArrayNode ctx = x.putArray("@context");
        ctx.add(ActivityStreams.CONTEXT);
        ctx.add(ChallengeToAp.contextTerms());
        x.put("context", context);
        x.put("country", r.country());
        x.put("organisation", r.organisation());
        if (!r.description().isBlank()) {
            x.put("description", Html.markdownToHtml(r.description()));
        }
        x.put("approach", Html.markdownToHtml(r.approach()));
        if (!r.results().isBlank()) {
            x.put("results", Html.markdownToHtml(r.results()));
        }
        if (!r.questionId().isEmpty()) {
            x.put("answersQuestion", r.questionId());
        }
        if (!r.categoryId().isEmpty()) {
            x.put("responseCategory", r.categoryId());
        }
        if (!r.links().isEmpty()) {
            ArrayNode attachment = x.putArray("attachment");
            r.links().forEach(url -> attachment.addObject().put("type", "Link").put("href", url));
        }
        return x;
    }

    /** What a page shows of a response, ours or received (HTML sanitised, texts cut). */
    public record View(String title, String country, String organisation, String descriptionHtml, String approachHtml,
            String resultsHtml, List<String> links, String questionId, String categoryId) {}

    public static View view(JsonNode doc) {
        List<String> links = new ArrayList<>();
        for (JsonNode a : ApToChallenge.list(doc.get("attachment"))) {
            String href = a.isTextual() ? a.asText() : a.hasNonNull("href") ? a.path("href").asText() : ApReader.idOf(a);
            if (href != null && (href.startsWith("https://") || href.startsWith("http://")) && href.length() <= 2048
                    && links.size() < ChallengeChecks.MAX_LINKS) {
                links.add(href);
            }
        }
        String country = ApToChallenge.text(doc, "country", 2).toUpperCase(java.util.Locale.ROOT);
        String approach = ApToChallenge.html(doc, "approach");
        return new View(ApToChallenge.text(doc, "name", ChallengeChecks.MAX_TITLE),
                country.matches("[A-Z]{2}") ? country : "", ApToChallenge.text(doc, "organisation", ChallengeChecks.MAX_SHORT),
                ApToChallenge.html(doc, "description"),
                approach.isEmpty() && ApToChallenge.field(doc, "approach") == null ? ApToChallenge.html(doc, "content") : approach,
                ApToChallenge.html(doc, "results"), links,
                iri(ApToChallenge.field(doc, "answersQuestion")), iri(ApToChallenge.field(doc, "responseCategory")));
    }

    private static String iri(JsonNode n) {
        String s = n == null ? null : ApReader.idOf(n);
        return s == null || s.length() > 2048 ? "" : s;
    }
}
