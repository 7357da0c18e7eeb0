package org.polity.server.translations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.text.Html;

/**
 * A client's language maps on one of our objects (C2S Create and Update, the web editors): {@code contentMap}
 * (HTML) or {@code source.contentMap} (Markdown, with {@code source.mediaType} {@code text/markdown}),
 * {@code nameMap} and {@code summaryMap}, keyed by BCP 47 tags. They are checked, sanitised and written beside the
 * plain {@code content}, {@code name} and {@code summary}, which hold the default language (the key whose value
 * they are; without a plain value, the first key's value becomes it).
 *
 * <p>An update that carries maps replaces the old ones (ActivityPub 6.3: the properties given replace the old);
 * one that carries none keeps the translations and updates the default language's entry with the new plain values.
 */
public final class TranslationsInput {
    public static final Message BAD_TAG = Message.of("svc.translations.badTag");
    public static final Message TOO_MANY = Message.of("svc.translations.tooMany");
    public static final Message NOT_TEXT = Message.of("svc.translations.notText");
    public static final Message NO_DEFAULT = Message.of("svc.translations.noDefault");
    public static final Message BOTH_FORMS = Message.of("svc.translations.bothForms");
    public static final Message NAME_TOO_LONG = Message.of("svc.translations.nameLong");
    public static final Message SUMMARY_TOO_LONG = Message.of("svc.translations.summaryLong");

    static final int MAX_NAME = 500;
    static final int MAX_SUMMARY = 5_000;

    private TranslationsInput() {}

    /**
     * Applies the maps of {@code input} to {@code object}, whose plain properties the caller has already set from
     * {@code input}. {@code previousLang} is the object's default language before this change (null for a new
     * object). {@code contentLimit} and {@code tooLong} are the content rules of the object's kind.
     *
     * @throws InvalidInput listing every problem; nothing on {@code object} is changed then
     */
    public static void apply(ObjectNode object, JsonNode input, String previousLang, int contentLimit,
            Message tooLong) {
        JsonNode sourceNode = input.path("source");
        boolean markdown = sourceNode.isObject() && sourceNode.has("contentMap");
        boolean anyMap = input.has("contentMap") || input.has("nameMap") || input.has("summaryMap") || markdown;
        if (!anyMap) {
            keepDefault(object, previousLang);
            return;
        }
        InvalidInput.Collector errors = new InvalidInput.Collector();
        if (markdown && input.has("contentMap")) {
            errors.add("contentMap", BOTH_FORMS);
        }
        Map<String, String> sources = markdown ? parse(sourceNode.get("contentMap"), "contentMap", contentLimit,
                tooLong, errors) : new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        if (markdown) {
            sources.forEach((lang, md) -> contents.put(lang, Html.markdownToHtml(md)));
        } else {
            parse(input.get("contentMap"), "contentMap", contentLimit, tooLong, errors)
                    .forEach((lang, html) -> contents.put(lang, Html.autolink(Html.sanitize(html))));
        }
        Map<String, String> names = parse(input.get("nameMap"), "nameMap", MAX_NAME, NAME_TOO_LONG, errors);
        names.replaceAll((lang, n) -> n.strip());
        Map<String, String> summaries = parse(input.get("summaryMap"), "summaryMap", MAX_SUMMARY, SUMMARY_TOO_LONG,
                errors);
        summaries.replaceAll((lang, s) -> Html.sanitize(s));
        if (java.util.stream.Stream.of(contents, names, summaries).flatMap(m -> m.keySet().stream()).distinct()
                .count() > Languages.MAX_LANGUAGES) {
            errors.add("contentMap", TOO_MANY);
        }
        errors.throwIfAny();

        // The default language: the key holding the plain content (or source), else the first key.
        String lang = null;
        String plainSource = input.path("source").path("content").isTextual()
                ? input.path("source").path("content").asText() : null;
        if (markdown && plainSource != null) {
            lang = keyOf(sources, plainSource);
        } else if (!markdown && input.path("content").isTextual()) {
            lang = keyOf(contents, Html.autolink(Html.sanitize(input.path("content").asText())));
        } else if (!contents.isEmpty()) {
            lang = contents.keySet().iterator().next();
        } else if (input.path("name").isTextual()) {
            lang = keyOf(names, input.path("name").asText().strip());
        } else if (!names.isEmpty()) {
            lang = names.keySet().iterator().next();
        } else if (!summaries.isEmpty()) {
            lang = summaries.keySet().iterator().next();
        }
        if (lang == null || (!contents.isEmpty() && !contents.containsKey(lang))) {
            throw InvalidInput.of("contentMap", NO_DEFAULT);
        }
        write(object, lang, contents, names, summaries, markdown ? sources : Map.of());
    }

    /** Writes the maps, and the plain values from the default language's entries. */
    private static void write(ObjectNode object, String lang, Map<String, String> contents, Map<String, String> names,
            Map<String, String> summaries, Map<String, String> sources) {
        putMap(object, "contentMap", contents);
        putMap(object, "nameMap", names);
        putMap(object, "summaryMap", summaries);
        if (contents.containsKey(lang)) {
            object.put("content", contents.get(lang));
        }
        if (names.containsKey(lang)) {
            object.put("name", names.get(lang));
        }
        if (summaries.containsKey(lang)) {
            object.put("summary", summaries.get(lang));
        }
        if (!sources.isEmpty()) {
            ObjectNode source = object.putObject("source");
            source.put("content", sources.getOrDefault(lang, ""));
            putMap(source, "contentMap", sources);
            source.put("mediaType", "text/markdown");
        } else if (!contents.isEmpty() && object.path("source").isObject()) {
            ((ObjectNode) object.get("source")).remove("contentMap");
        }
    }

    /** No maps given: the default language's entries follow the (possibly new) plain values. */
    private static void keepDefault(ObjectNode object, String lang) {
        if (lang == null) {
            return;
        }
        sync(object, "content", "contentMap", lang);
        sync(object, "name", "nameMap", lang);
        sync(object, "summary", "summaryMap", lang);
        if (object.get("source") instanceof ObjectNode source) {
            sync(source, "content", "contentMap", lang);
        }
    }

    private static void sync(ObjectNode object, String plain, String mapField, String lang) {
        if (!(object.get(mapField) instanceof ObjectNode map)) {
            return;
        }
        if (object.path(plain).isTextual()) {
            map.put(lang, object.get(plain).asText());
        } else {
            map.remove(lang);
        }
        if (map.isEmpty()) {
            object.remove(mapField);
        }
    }

    /** Applies {@code change} to every value of the object's {@code contentMap} (for hashtag links). */
    public static void mapContent(ObjectNode object, UnaryOperator<String> change) {
        if (object.get("contentMap") instanceof ObjectNode map) {
            map.fields().forEachRemaining(e -> map.put(e.getKey(), change.apply(e.getValue().asText(""))));
        }
    }

    private static Map<String, String> parse(JsonNode node, String field, int limit, Message tooLong,
            InvalidInput.Collector errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            errors.add(field, NOT_TEXT);
            return out;
        }
        if (node.size() > Languages.MAX_LANGUAGES) {
            errors.add(field, TOO_MANY);
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            var lang = Languages.normalise(e.getKey());
            if (lang.isEmpty()) {
                errors.add(field, BAD_TAG);
            } else if (!e.getValue().isTextual()) {
                errors.add(field, NOT_TEXT);
            } else if (e.getValue().asText().length() > limit) {
                errors.add(field, tooLong);
            } else if (!e.getValue().asText().isBlank()) {
                out.putIfAbsent(lang.get(), e.getValue().asText());
            }
        }
        return out;
    }

    private static void putMap(ObjectNode object, String field, Map<String, String> map) {
        if (map.isEmpty()) {
            object.remove(field);
            return;
        }
        ObjectNode node = object.putObject(field);
        map.forEach(node::put);
    }

    private static String keyOf(Map<String, String> map, String value) {
        return map.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst()
                .orElse(null);
    }
}
