package org.polity.server.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.text.MessageCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI's words in one language, read from {@link MessageCatalog}. Message files live in {@code web/i18n} as {@code <area>.<lang>.properties}
 * (UTF-8), one file per area of the UI so that areas grow independently; {@code web/i18n/areas.txt} lists the
 * areas. A key missing in French or Spanish falls back to English; a key missing everywhere shows as the key
 * itself and is logged once, so a gap is visible rather than fatal.
 */
public final class Messages {
    private static final Logger log = LoggerFactory.getLogger(Messages.class);
    public static final List<String> LANGUAGES = MessageCatalog.LANGUAGES;
    public static final String DEFAULT = "en";
    private static final Map<String, Messages> BY_LANGUAGE = load();

    private final String lang;
    private final Locale locale;
    private final Map<String, String> texts;
    private final Map<String, String> fallback;
    /** English sentence to key, for {@link #fromEnglish}. */
    private final Map<String, String> englishToKey;

    private Messages(String lang, Map<String, String> texts, Map<String, String> fallback) {
        this.lang = lang;
        this.locale = Locale.forLanguageTag(lang);
        this.texts = texts;
        this.fallback = fallback;
        Map<String, String> reverse = new HashMap<>();
        fallback.forEach((key, text) -> reverse.putIfAbsent(text, key));
        this.englishToKey = reverse;
    }

    public static Messages of(String lang) {
        return BY_LANGUAGE.getOrDefault(lang, BY_LANGUAGE.get(DEFAULT));
    }

    public String lang() {
        return lang;
    }

    public Locale locale() {
        return locale;
    }

    /** The text for {@code key}, with {@code {0}}-style arguments filled in for this language. */
    public String t(String key, Object... args) {
        String pattern = texts.get(key);
        if (pattern == null) {
            pattern = fallback.get(key);
        }
        if (pattern == null) {
            log.warn("no message for key {} ({})", key, lang);
            return key;
        }
        return MessageCatalog.format(pattern, locale, args);
    }

    /**
     * A service's message in this language, its values formatted for it; a literal English sentence (code not
     * converted to keys yet) is found by its text, as {@link #fromEnglish} does.
     */
    @SuppressWarnings("deprecation")
    public String t(Message message) {
        if (message == null) {
            return null;
        }
        return message.keyed() ? t(message.key(), message.args().toArray()) : fromEnglish(message.literal());
    }

    /** {@link #t(Message)} for every value of a field-to-message map, keeping the order. */
    public Map<String, String> t(Map<String, Message> messages) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        messages.forEach((field, message) -> out.put(field, t(message)));
        return out;
    }

    /** Field to sentence in this language, for the fields of a form. */
    public Map<String, String> errors(InvalidInput e) {
        return t(e.problems());
    }

    /** What a refusal tells the reader, in this language. */
    @SuppressWarnings("deprecation")
    public String text(Forbidden e) {
        return e.userMessage() != null ? t(e.userMessage()) : fromEnglish(e.getMessage());
    }

    /** What a "not found" tells the reader, in this language. */
    @SuppressWarnings("deprecation")
    public String text(NotFound e) {
        return e.userMessage() != null ? t(e.userMessage()) : fromEnglish(e.getMessage());
    }

    /** Whether {@code key} has a text (in this language or in English). */
    public boolean has(String key) {
        return texts.containsKey(key) || fallback.containsKey(key);
    }

    /**
     * This language's version of a fixed English sentence from a service (such as a validation message),
     * found by its English text among the message files; the sentence itself when no file has it (sentences
     * with values in them, for example).
     *
     * @deprecated services say what is wrong with a keyed {@link Message}; render it with {@link #t(Message)}
     */
    @Deprecated
    public String fromEnglish(String sentence) {
        if (sentence == null) {
            return null;
        }
        String key = englishToKey.get(sentence);
        return key == null ? sentence : t(key);
    }

    /**
     * {@link #fromEnglish} for every value of a field-to-sentence map, keeping the order.
     *
     * @deprecated use {@link #errors(InvalidInput)} or {@link #t(Map)}
     */
    @Deprecated
    public Map<String, String> fromEnglish(Map<String, String> sentences) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        sentences.forEach((field, sentence) -> out.put(field, fromEnglish(sentence)));
        return out;
    }

    /** A date and time as people of this language write it (UTC). */
    public String dateTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).withZone(ZoneId.of("UTC")).format(instant);
    }

    /** A date as people of this language write it. */
    public String date(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .withZone(ZoneId.of("UTC")).format(instant);
    }

    /** A whole number with this language's grouping. */
    public String number(long value) {
        return java.text.NumberFormat.getIntegerInstance(locale).format(value);
    }

    /**
     * The best language for an {@code Accept-Language} header (RFC 9110 12.5.4), among those Polity speaks;
     * English when none matches.
     */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            String best = Locale.lookupTag(ranges, LANGUAGES);
            return best == null ? DEFAULT : best;
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }

    private static Map<String, Messages> load() {
        MessageCatalog catalog = MessageCatalog.get();
        Map<String, String> english = catalog.texts(DEFAULT);
        Map<String, Messages> out = new HashMap<>();
        for (String lang : LANGUAGES) {
            out.put(lang, new Messages(lang, catalog.texts(lang), english));
        }
        return out;
    }

    static List<String> areas() {
        return MessageCatalog.areas();
    }

    /** Every key defined for a language (for the test that all languages have all keys). */
    static java.util.Set<String> keys(String lang) {
        return java.util.Collections.unmodifiableSet(of(lang).texts.keySet());
    }
}
