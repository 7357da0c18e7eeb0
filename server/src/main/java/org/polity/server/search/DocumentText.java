package org.polity.server.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.text.Html;

/**
 * The text and facets of an object's search document, from its stored columns and its payload: the title is
 * the name and every {@code nameMap} value, the summary is {@code summary}, every {@code summaryMap} value and
 * the hashtags, the body the content (HTML dropped) and every {@code contentMap} value. So a case study's or a
 * resource's translations are found without any code of their own.
 *
 * <p>Language: the object's declared languages, the keys of {@code contentMap}, {@code nameMap} and
 * {@code summaryMap} (primary subtag, lower case). An object that declares none takes its author's default
 * when the author is a local member (the language they use the site in, {@code accounts.locale}); a remote
 * object that declares none has no language and no language filter finds it.
 */
public final class DocumentText {
    private DocumentText() {}

    /** Characters kept of a document's body: enough for any post, and under PostgreSQL's tsvector limits. */
    public static final int MAX_BODY = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}\\p{M}_]{1,100}");

    /** An object's document, or null when it is not searchable (not public, deleted, or without any text). */
    public static SearchDocument of(StoredObject o, String authorLocale) {
        if (o.deletedAt() != null || o.visibility() != org.polity.server.model.Visibility.PUBLIC) {
            return null;
        }
        JsonNode payload = parse(o.payload());
        Set<String> titles = new LinkedHashSet<>();
        add(titles, o.name());
        mapValues(titles, payload.get("nameMap"), false);
        Set<String> summaries = new LinkedHashSet<>();
        JsonNode summary = payload.get("summary");
        if (summary != null && summary.isTextual()) {
            add(summaries, Html.toPlainText(summary.asText(), MAX_BODY));
        }
        mapValues(summaries, payload.get("summaryMap"), true);
        Set<String> tags = tags(payload.get("tag"));
        summaries.addAll(tags);
        Set<String> bodies = new LinkedHashSet<>();
        if (o.contentHtml() != null) {
            add(bodies, Html.toPlainText(o.contentHtml(), MAX_BODY));
        }
        mapValues(bodies, payload.get("contentMap"), true);
        String title = String.join(" ", titles);
        String body = cut(String.join(" ", bodies));
        String summaryText = cut(String.join(" ", summaries));
        if (title.isBlank() && body.isBlank() && summaryText.isBlank()) {
            return null;
        }
        Set<String> languages = new LinkedHashSet<>();
        for (String map : new String[] {"contentMap", "nameMap", "summaryMap"}) {
            JsonNode m = payload.get(map);
            if (m != null && m.isObject()) {
                m.fieldNames().forEachRemaining(k -> language(k).ifPresent(languages::add));
            }
        }
        if (languages.isEmpty() && o.local() && authorLocale != null) {
            language(authorLocale).ifPresent(languages::add);
        }
        return new SearchDocument(SearchDocument.Ref.object(o.id()), type(o), o.attributedToId(), o.publishedAt(),
                title, summaryText, body, tags, languages);
    }

    /** Which search type an object is: its directory first, then a reply, an article, else a thread. */
    public static SearchType type(StoredObject o) {
        if (o.kind() == ObjectKind.CHALLENGE) {
            return SearchType.CHALLENGE;
        }
        if (o.kind() == ObjectKind.CASE_STUDY) {
            return SearchType.CASE_STUDY;
        }
        if (o.kind() == ObjectKind.RESOURCE) {
            return SearchType.RESOURCE;
        }
        if (o.kind() == ObjectKind.BLOG) {
            return SearchType.ARTICLE;
        }
        if (o.inReplyToUri() != null) {
            return SearchType.COMMENT;
        }
        return "Article".equals(o.type()) ? SearchType.ARTICLE : SearchType.THREAD;
    }

    /** The primary subtag of a BCP 47 tag, lower case, or empty when it is not one. */
    public static java.util.Optional<String> language(String tag) {
        if (tag == null) {
            return java.util.Optional.empty();
        }
        String primary = tag.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return LANGUAGE.matcher(primary).matches() ? java.util.Optional.of(primary) : java.util.Optional.empty();
    }

    /** A hashtag as the index keeps it (lower case, without {@code #}), or empty when it is not one. */
    public static java.util.Optional<String> tag(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        String t = name.strip();
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        t = java.text.Normalizer.normalize(t, java.text.Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return TAG.matcher(t).matches() ? java.util.Optional.of(t) : java.util.Optional.empty();
    }

    private static Set<String> tags(JsonNode tag) {
        Set<String> out = new LinkedHashSet<>();
        if (tag == null) {
            return out;
        }
        Iterable<JsonNode> items = tag.isArray() ? tag : java.util.List.of(tag);
        for (JsonNode t : items) {
            JsonNode type = t.get("type");
            if (type != null && type.isTextual() && type.asText().endsWith("Hashtag") && t.get("name") != null
                    && out.size() < 50) {
                tag(t.get("name").asText()).ifPresent(out::add);
            }
        }
        return out;
    }

    private static void mapValues(Set<String> out, JsonNode map, boolean html) {
        if (map == null || !map.isObject()) {
            return;
        }
        map.elements().forEachRemaining(v -> {
            if (v.isTextual()) {
                add(out, html ? Html.toPlainText(v.asText(), MAX_BODY) : v.asText());
            }
        });
    }

    private static void add(Set<String> out, String text) {
        if (text != null && !text.isBlank()) {
            out.add(text.strip());
        }
    }

    private static String cut(String text) {
        return text.length() <= MAX_BODY ? text : text.substring(0, MAX_BODY);
    }

    private static JsonNode parse(String payload) {
        if (payload == null || payload.isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(payload);
            return n != null && n.isObject() ? n : JSON.createObjectNode();
        } catch (IOException | RuntimeException e) {
            return JSON.createObjectNode();
        }
    }
}
