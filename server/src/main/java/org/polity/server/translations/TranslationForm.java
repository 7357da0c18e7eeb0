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
     * Reads the translation blocks from {@code param} (a form field by name; null when absent). {@code defaultLang}
     * is the article's own language (validated by the caller); {@code addBlock} leaves one more empty block.
     * {@code titleLimit} and {@code contentLimit} are the lengths the default language may have too.
     */
    public static Parsed parse(Function<String, String> param, String defaultLang, boolean addBlock, int titleLimit,
            int contentLimit) {
        List<Entry> entries = new ArrayList<>();
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
            String title = strip(param.apply(p + "title"));
            String summary = strip(param.apply(p + "summary"));
            String content = strip(param.apply(p + "content"));
            String q = PREFIX + block + "-";
            block++;
            values.put(q + "lang", rawLang.strip());
            values.put(q + "title", title);
            values.put(q + "summary", summary);
            values.put(q + "content", content);
            if (rawLang.isBlank() && title.isEmpty() && summary.isEmpty() && content.isEmpty()) {
                continue; // an empty block (added, then left): ignored
            }
            var lang = Languages.normalise(rawLang);
            if (lang.isEmpty()) {
                errors.put(q + "lang", "translations.error.lang");
            } else if (defaultLang != null && lang.get().equalsIgnoreCase(defaultLang)) {
                errors.put(q + "lang", "translations.error.sameAsDefault");
            } else if (seen.contains(lang.get())) {
                errors.put(q + "lang", "translations.error.duplicate");
            } else {
                seen.add(lang.get());
            }
            if (title.isEmpty()) {
                errors.put(q + "title", "translations.error.titleEmpty");
            } else if (title.length() > titleLimit) {
                errors.put(q + "title", "translations.error.titleLong");
            }
            if (summary.length() > TranslationsInput.MAX_SUMMARY) {
                errors.put(q + "summary", "translations.error.summaryLong");
            }
            if (content.isEmpty()) {
                errors.put(q + "content", "translations.error.contentEmpty");
            } else if (content.length() > contentLimit) {
                errors.put(q + "content", "translations.error.contentLong");
            }
            entries.add(new Entry(lang.orElse(rawLang.strip()), title, summary, content));
        }
        if (addBlock && block < Languages.MAX_LANGUAGES - 1) {
            String q = PREFIX + block + "-";
            values.put(q + "lang", "");
            block++;
        }
        return new Parsed(entries, values, errors, block);
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
