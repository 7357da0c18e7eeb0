package org.polity.server.translations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The "Translations" part of an editor form (the blog's today; case studies and thread posts can include the same
 * template, {@code translations/fields.jte}, and this parser). Translation {@code i} is the fields
 * {@code translation-i-lang}, {@code -title}, {@code -summary} and {@code -content} (Markdown), and
 * {@code translation-i-remove} to drop it; {@code action=addTranslation} asks for one more empty block.
 * Problems come back per field, as message keys ({@code translations.error.*}), for the form to show beside
 * the fields in the reader's language; nothing is kept when there are any.
 */
public final class TranslationForm {
    public static final String PREFIX = "translation-";

    /** One translation as typed: language, title, summary (plain text) and Markdown body. */
    public record Entry(String lang, String title, String summary, String content) {}

    /** What the form held: the translations kept, the typed values to show again, and errors (field to key). */
    public record Parsed(List<Entry> entries, Map<String, String> values, Map<String, String> errors, int blocks) {
        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    private TranslationForm() {}

    /**
     * One field of a translation block beyond its language, for editors whose translations hold more than a title,
     * summary and text (case studies): its name ({@code translation-i-<name>}), whether it must be filled in, its
     * longest value, and the message keys of an empty and of an over-long value.
     */
    public record Field(String name, boolean required, int limit, String emptyKey, String longKey) {}

    /** One translation as typed, for {@link #parseBlocks}: its language and the value of each field (stripped). */
    public record Block(String lang, Map<String, String> fields) {
        public String value(String field) {
            return fields.getOrDefault(field, "");
        }
    }

    /** What {@link #parseBlocks} read: as {@link Parsed}, with {@link Block}s. */
    public record ParsedBlocks(List<Block> entries, Map<String, String> values, Map<String, String> errors,
            int blocks) {
        public boolean hasErrors() {
            return !errors.isEmpty();
        }
    }

    /**
     * How {@code translations/fields.jte} shows one field of a block, for editors that pass their own
     * ({@code inputs}): a one-line input when {@code rows} is 0, else a text area of that many rows.
     */
    public record Input(String name, String label, String hint, int rows) {}

    /** The blog's fields: title and text required, an optional summary. */
    static List<Field> articleFields(int titleLimit, int contentLimit) {
        return List.of(new Field("title", true, titleLimit, "translations.error.titleEmpty",
                "translations.error.titleLong"), new Field("summary", false, TranslationsInput.MAX_SUMMARY, null,
                "translations.error.summaryLong"), new Field("content", true, contentLimit,
                "translations.error.contentEmpty", "translations.error.contentLong"));
    }

    /**
     * Reads the translation blocks from {@code param} (a form field by name; null when absent). {@code defaultLang}
     * is the article's own language (validated by the caller); {@code addBlock} leaves one more empty block.
     * {@code titleLimit} and {@code contentLimit} are the lengths the default language may have too.
     */
    public static Parsed parse(Function<String, String> param, String defaultLang, boolean addBlock, int titleLimit,
            int contentLimit) {
        ParsedBlocks read = parseBlocks(param, defaultLang, addBlock, articleFields(titleLimit, contentLimit),
                "translations.error.sameAsDefault");
        List<Entry> entries = read.entries().stream().map(b -> new Entry(b.lang(), b.value("title"),
                b.value("summary"), b.value("content"))).toList();
        return new Parsed(entries, read.values(), read.errors(), read.blocks());
    }

    /**
     * As {@link #parse}, with the fields given: block {@code i} is {@code translation-i-lang} and
     * {@code translation-i-<field>} for each of {@code fields}. A block with nothing typed is ignored; one in an
     * invalid tag, in a language given already, or in {@code defaultLang} (the message {@code sameAsDefaultKey}) is
     * refused beside its language, and an empty required or over-long field beside that field.
     */
    public static ParsedBlocks parseBlocks(Function<String, String> param, String defaultLang, boolean addBlock,
            List<Field> fields, String sameAsDefaultKey) {
        List<Block> entries = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        int block = 0;
        for (int i = 0; i < Languages.MAX_LANGUAGES - 1; i++) {
            String p = PREFIX + i + "-";
            String rawLang = param.apply(p + "lang");
            if (rawLang == null) {
                continue;
            }
            if (param.apply(p + "remove") != null) {
                continue; // removed: neither kept nor shown again
            }
            Map<String, String> typed = new LinkedHashMap<>();
            fields.forEach(f -> typed.put(f.name(), strip(param.apply(p + f.name()))));
            String q = PREFIX + block + "-";
            block++;
            values.put(q + "lang", rawLang.strip());
            typed.forEach((name, value) -> values.put(q + name, value));
            if (rawLang.isBlank() && typed.values().stream().allMatch(String::isEmpty)) {
                continue; // an empty block (added, then left): ignored
            }
            var lang = Languages.normalise(rawLang);
            if (lang.isEmpty()) {
                errors.put(q + "lang", "translations.error.lang");
            } else if (defaultLang != null && lang.get().equalsIgnoreCase(defaultLang)) {
                errors.put(q + "lang", sameAsDefaultKey);
            } else if (seen.contains(lang.get())) {
                errors.put(q + "lang", "translations.error.duplicate");
            } else {
                seen.add(lang.get());
            }
            for (Field f : fields) {
                String value = typed.get(f.name());
                if (value.isEmpty() && f.required()) {
                    errors.put(q + f.name(), f.emptyKey());
                } else if (value.length() > f.limit()) {
                    errors.put(q + f.name(), f.longKey());
                }
            }
            entries.add(new Block(lang.orElse(rawLang.strip()), typed));
        }
        if (addBlock && block < Languages.MAX_LANGUAGES - 1) {
            String q = PREFIX + block + "-";
            values.put(q + "lang", "");
            block++;
        }
        return new ParsedBlocks(entries, values, errors, block);
    }

    /**
     * The languages a form's selects offer, tag to label named in the reader's language ("French (fr)"):
     * {@link Languages#OFFERED}, then any other valid tag already chosen in {@code typed} (fields ending in
     * {@code lang}).
     */
    public static Map<String, String> languageChoices(java.util.Locale reader, Map<String, String> typed) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String tag : Languages.OFFERED) {
            options.put(tag, Languages.nameIn(tag, reader) + " (" + tag + ")");
        }
        for (Map.Entry<String, String> e : typed.entrySet()) {
            if (e.getKey().endsWith("lang") && e.getValue() != null && !e.getValue().isBlank()) {
                Languages.normalise(e.getValue()).ifPresent(tag -> options.putIfAbsent(tag,
                        Languages.nameIn(tag, reader) + " (" + tag + ")"));
            }
        }
        return options;
    }

    /** The form values of existing translations (to edit them). */
    public static Map<String, String> values(List<Translation> translations) {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        for (Translation t : translations) {
            String q = PREFIX + i++ + "-";
            values.put(q + "lang", t.lang());
            values.put(q + "title", t.name() == null ? "" : t.name());
            values.put(q + "summary", t.summaryHtml() == null ? "" : org.polity.server.text.Html.toPlainText(
                    t.summaryHtml(), TranslationsInput.MAX_SUMMARY));
            values.put(q + "content", t.contentSource() != null ? t.contentSource()
                    : org.polity.server.text.Html.toPlainText(t.contentHtml(), Integer.MAX_VALUE));
        }
        return values;
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
