package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import org.polity.server.Polity;
import org.polity.server.groups.Hashtags;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.text.Html;
import org.polity.server.translations.ApToTranslations;
import org.polity.server.translations.TranslationsInput;

/**
 * What a post of ours may say, for a Create and an Update alike: its content (Markdown source or sanitised
 * HTML), name, summary and sensitive flag within their limits, its translations ({@link TranslationsInput}),
 * its Mention and Hashtag tags, and the links from its #tags to their tag pages.
 */
public final class ContentRules {
    /**
     * Characters of content (Markdown source, or HTML) one post of ours may have: threads, replies, posts on a
     * profile or the home page, from the web, C2S and the CLI alike. The forms state it ("Up to 5,000
     * characters"); {@link #TOO_LONG} is what every path answers.
     */
    public static final int MAX_CONTENT = 5_000;
    /** The one sentence for a post over {@link #MAX_CONTENT} (translated as {@code svc.content.long}). */
    public static final String TOO_LONG = "Posts can have at most 5,000 characters.";
    /**
     * Characters of content an {@code Article} of ours outside a group may have: blog articles are long-form.
     * Notes, Pages and every post in a group keep {@link #MAX_CONTENT}; {@link #ARTICLE_TOO_LONG} is what every path answers (translated as
     * {@code svc.article.long}).
     */
    public static final int MAX_ARTICLE = 100_000;
    public static final String ARTICLE_TOO_LONG = "Articles can have at most 100,000 characters.";
    public static final int MAX_NAME = 500;
    public static final int MAX_SUMMARY = 5_000;
    /** Most tags one object may carry. */
    public static final int MAX_TAGS = 50;

    private final Polity polity;

    ContentRules(Polity polity) {
        this.polity = polity;
    }

    /**
     * Copies the editable properties from {@code input} onto {@code object}, checked and sanitised: content from
     * {@code source} (Markdown, ActivityPub 3.3) or {@code content} (HTML, sanitised), name (plain text),
     * summary (HTML, sanitised), sensitive. None is required; on update, what is absent stays. An Article's
     * content may be {@link #MAX_ARTICLE} characters long, any other object's {@link #MAX_CONTENT}.
     */
    static void applyContent(ObjectNode object, ObjectNode input, boolean article) {
        int limit = article ? MAX_ARTICLE : MAX_CONTENT;
        Message tooLong = article ? Message.of("blog.error.contentLong", MAX_ARTICLE)
                : Message.of("post.error.long", MAX_CONTENT);
        String previousLang = ApToTranslations.read(object).defaultLang();
        InvalidInput.Collector errors = new InvalidInput.Collector();
        JsonNode source = input.get("source");
        JsonNode content = input.get("content");
        if (source != null && !source.isNull()) {
            String mediaType = source.path("mediaType").asText("");
            JsonNode text = source.get("content");
            if (!source.isObject() || text == null || !text.isTextual()) {
                errors.add("source", Message.of("svc.source.shape"));
            } else if (!mediaType.equals("text/markdown")) {
                errors.add("source", Message.of("svc.source.mediaType", mediaType));
            } else if (text.asText().length() > limit) {
                errors.add("content", tooLong);
            } else {
                ObjectNode kept = object.putObject("source");
                kept.put("content", text.asText());
                kept.put("mediaType", "text/markdown");
                object.put("content", Html.markdownToHtml(text.asText()));
            }
        } else if (content != null && !content.isNull()) {
            if (!content.isTextual()) {
                errors.add("content", Message.of("svc.content.html"));
            } else if (content.asText().length() > limit) {
                errors.add("content", tooLong);
            } else {
                object.remove("source");
                object.put("content", Html.autolink(Html.sanitize(content.asText())));
            }
        }
        if (errors.has("content") || errors.has("source")) {
            errors.throwIfAny();
        }
        // ActivityPub asks for no content: a Note may be only a name, a summary, or nothing yet (docs/c2s.md).
        // Content that is empty once sanitised is left out rather than kept as an empty string.
        if (object.path("content").asText("").isBlank()) {
            object.remove("content");
        }
        JsonNode name = input.get("name");
        if (name != null && !name.isNull()) {
            if (!name.isTextual() || name.asText().strip().length() > MAX_NAME) {
                errors.add("name", Message.of("svc.name.long", MAX_NAME));
            } else if (name.asText().isBlank()) {
                object.remove("name");
            } else {
                object.put("name", name.asText().strip());
            }
        }
        JsonNode summary = input.get("summary");
        if (summary != null && !summary.isNull()) {
            if (!summary.isTextual() || summary.asText().length() > MAX_SUMMARY) {
                errors.add("summary", Message.of("svc.summary.long", MAX_SUMMARY));
            } else if (summary.asText().isBlank()) {
                object.remove("summary");
            } else {
                object.put("summary", Html.sanitize(summary.asText()));
            }
        }
        JsonNode sensitive = input.get("sensitive");
        if (sensitive != null && !sensitive.isNull()) {
            if (!sensitive.isBoolean()) {
                errors.add("sensitive", Message.of("svc.sensitive.boolean"));
            } else {
                object.put("sensitive", sensitive.asBoolean());
            }
        }
        errors.throwIfAny();
        // Translations: contentMap / nameMap / summaryMap beside the plain values (org.polity.server.translations).
        TranslationsInput.apply(object, input, previousLang, limit, tooLong);
    }

    /** #tags in the text link to the tag pages of the post's own Hashtag tags (as Mastodon's do). */
    void linkHashtags(ObjectNode object) {
        if (!object.has("content")) {
            return;
        }
        Set<String> tagNames = new HashSet<>(Hashtags.tagNames(object));
        object.put("content", Html.linkHashtags(object.path("content").asText(""), tagNames,
                tag -> polity.uris().url("/tags/" + tag)));
        TranslationsInput.mapContent(object, html -> Html.linkHashtags(html, tagNames,
                tag -> polity.uris().url("/tags/" + tag)));
    }

    /**
     * Copies the client's Mention and Hashtag tags (ActivityStreams {@code tag}): each with an http(s)
     * {@code href} and a plain-text {@code name}; anything else is dropped.
     */
    static void copyTags(ObjectNode object, ObjectNode input) {
        JsonNode tags = input.get("tag");
        if (tags == null || tags.isNull()) {
            return;
        }
        ArrayNode out = Publisher.JSON.createArrayNode();
        for (JsonNode tag : tags.isArray() ? tags : Publisher.JSON.createArrayNode().add(tags)) {
            String type = tag.path("type").asText("");
            String href = tag.path("href").asText(null);
            if (out.size() >= MAX_TAGS || !(type.equals("Mention") || type.equals("Hashtag")) || href == null) {
                continue;
            }
            Addressing.checkIri("tag", href);
            ObjectNode kept = out.addObject();
            kept.put("type", type);
            kept.put("href", href);
            String name = tag.path("name").asText("").strip();
            if (!name.isEmpty()) {
                kept.put("name", name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME));
            }
        }
        if (!out.isEmpty()) {
            object.set("tag", out);
        }
    }

    /** A plain-text property of the object, or null (what {@code objects.name} stores). */
    static String text(ObjectNode object, String field) {
        JsonNode v = object.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
