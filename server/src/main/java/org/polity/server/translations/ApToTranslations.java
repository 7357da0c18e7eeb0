package org.polity.server.translations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polity.server.text.Html;

/**
 * The languages of an ActivityStreams object, read from its document (ours or another server's): the natural
 * language values {@code contentMap}, {@code nameMap} and {@code summaryMap} (Activity Vocabulary 4.7, JSON-LD
 * language maps) beside the plain {@code content}, {@code name} and {@code summary}. Converters named by
 * direction, as GoToSocial's are.
 *
 * <p>The default language is the {@code contentMap} key whose value is the plain {@code content} (Mastodon
 * writes {@code content} and a one-key {@code contentMap}); with no plain {@code content}, the first key; with a
 * plain {@code content} that no key holds, the default is of unknown language and every key a translation.
 * Keys that are not BCP 47 tags are dropped, at most {@link Languages#MAX_LANGUAGES} are kept, and every
 * value is sanitised like {@code content} (HTML) or stripped (names).
 */
public final class ApToTranslations {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Characters of HTML kept of one language's content (as for {@code content}). */
    static final int MAX_HTML = 200_000;
    static final int MAX_NAME = 500;

    private ApToTranslations() {}

    /** The languages of a stored payload; one unknown-language version when it cannot be read. */
    public static Translated fromPayload(String payload, String fallbackName, String fallbackHtml) {
        if (payload == null || !payload.contains("Map\"")) {
            return Translated.single(new Translation(null, fallbackName, null, fallbackHtml, null));
        }
        try {
            return read(JSON.readTree(payload), fallbackHtml, fallbackName);
        } catch (IOException e) {
            return Translated.single(new Translation(null, fallbackName, null, fallbackHtml, null));
        }
    }

    /** The languages of an object document. */
    public static Translated read(JsonNode object) {
        return read(object, null);
    }

    /**
     * As {@link #read(JsonNode)}; {@code storedHtml}, when given, is the default language's content as stored
     * (sanitised on arrival from the same value), used as it is instead of sanitising it again on every read.
     */
    static Translated read(JsonNode object, String storedHtml) {
        return read(object, storedHtml, null);
    }

    /** As {@link #read(JsonNode, String)}, with the stored title for a document that carries none itself. */
    static Translated read(JsonNode object, String storedHtml, String storedName) {
        Map<String, String> contents = map(object.get("contentMap"));
        Map<String, String> names = map(object.get("nameMap"));
        Map<String, String> summaries = map(object.get("summaryMap"));
        JsonNode source = object.get("source");
        Map<String, String> sources = source != null && source.isObject()
                && "text/markdown".equals(source.path("mediaType").asText()) ? map(source.get("contentMap"))
                : Map.of();
        String content = text(object.get("content"));
        String name = text(object.get("name")) != null ? text(object.get("name")) : storedName;
        String summary = text(object.get("summary"));
        String plainSource = source != null && "text/markdown".equals(source.path("mediaType").asText())
                ? text(source.get("content")) : null;

        String defaultLang = null;
        if (content != null) {
            for (Map.Entry<String, String> e : contents.entrySet()) {
                if (e.getValue().equals(content)) {
                    defaultLang = e.getKey();
                    break;
                }
            }
        } else if (!contents.isEmpty()) {
            defaultLang = contents.keySet().iterator().next();
        } else if (name == null && !names.isEmpty()) {
            defaultLang = names.keySet().iterator().next();
        }
        if (defaultLang == null && content == null && contents.isEmpty() && !names.isEmpty()
                && names.containsValue(name)) {
            defaultLang = names.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst()
                    .map(Map.Entry::getKey).orElse(null);
        }
        // A language map's values win for their language; the plain values fill in what the map lacks.
        Translation primary = new Translation(defaultLang,
                clipName(defaultLang != null && names.containsKey(defaultLang) ? names.get(defaultLang) : name),
                sanitise(defaultLang != null && summaries.containsKey(defaultLang) ? summaries.get(defaultLang)
                        : summary),
                storedHtml != null ? storedHtml : sanitise(defaultLang != null && contents.containsKey(defaultLang)
                        ? contents.get(defaultLang) : content),
                defaultLang != null && sources.containsKey(defaultLang) ? sources.get(defaultLang) : plainSource);
        List<String> others = new ArrayList<>();
        for (Map<String, String> m : List.of(contents, names, summaries)) {
            for (String lang : m.keySet()) {
                if (!lang.equals(defaultLang) && !others.contains(lang)
                        && others.size() < Languages.MAX_LANGUAGES - 1) {
                    others.add(lang);
                }
            }
        }
        List<Translation> translations = new ArrayList<>();
        for (String lang : others) {
            translations.add(new Translation(lang, clipName(names.get(lang)), sanitise(summaries.get(lang)),
                    sanitise(contents.get(lang)), sources.get(lang)));
        }
        return new Translated(primary, translations);
    }

    /** A language map's valid entries, tags canonicalised, the first of two spellings of one tag kept. */
    public static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext() && out.size() < Languages.MAX_LANGUAGES) {
            Map.Entry<String, JsonNode> e = fields.next();
            String value = text(e.getValue());
            if (value == null) {
                continue;
            }
            Languages.normalise(e.getKey()).ifPresent(lang -> out.putIfAbsent(lang, value));
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String sanitise(String html) {
        if (html == null) {
            return null;
        }
        return Html.sanitize(html.length() > MAX_HTML ? html.substring(0, MAX_HTML) : html);
    }

    private static String clipName(String name) {
        if (name == null) {
            return null;
        }
        String s = name.strip();
        return s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
    }
}
