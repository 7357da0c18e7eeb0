package org.polity.server.translations;

import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Languages of content (not of the UI, which speaks {@code Messages.LANGUAGES}): BCP 47 tags (RFC 5646), checked
 * for well-formedness and for a known ISO 639 language subtag, written in their canonical case ({@code es-MX},
 * {@code pt-BR}, {@code zh-Hant}). Any such tag may arrive on the wire or be chosen in a form; the editor offers
 * {@link #OFFERED} first.
 */
public final class Languages {
    /** Most languages one object carries (a default and its translations). */
    public static final int MAX_LANGUAGES = 20;
    /** The languages the editor's select offers, in this order; any other valid tag is accepted too. */
    public static final List<String> OFFERED = List.of("en", "fr", "es", "pt", "de", "it", "nl", "pl", "sv",
            "da", "fi", "no", "cs", "el", "ro", "hu", "ar", "he", "tr", "ru", "uk", "zh", "ja", "ko", "hi", "id",
            "sw", "es-MX", "pt-BR", "fr-CA", "en-GB");
    private static final Set<String> ISO_639 = Set.of(Locale.getISOLanguages());

    private Languages() {}

    /**
     * The canonical form of a BCP 47 tag, or empty when it is not one: ill-formed, private-use only, "und", or
     * with a language subtag ISO 639 does not know.
     */
    public static Optional<String> normalise(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String t = tag.strip().replace('_', '-');
        if (t.isEmpty() || t.length() > 35) {
            return Optional.empty();
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(t).build();
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
        String language = locale.getLanguage();
        if (language.isEmpty() || !ISO_639.contains(language)) {
            return Optional.empty();
        }
        return Optional.of(locale.toLanguageTag());
    }

    /** The primary language subtag of a (valid) tag: {@code es} for {@code es-MX}. */
    public static String primary(String tag) {
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
    }

    /** The name of a language in that language, capitalised ("Français", "Español (México)"). */
    public static String autonym(String tag) {
        Locale l = Locale.forLanguageTag(tag);
        String name = l.getDisplayName(l);
        if (name.isEmpty()) {
            return tag;
        }
        return name.substring(0, 1).toUpperCase(l) + name.substring(1);
    }

    /** The name of a language in the reader's language ("French" for an English reader). */
    public static String nameIn(String tag, Locale reader) {
        String name = Locale.forLanguageTag(tag).getDisplayName(reader);
        return name.isEmpty() ? tag : name.substring(0, 1).toUpperCase(reader) + name.substring(1);
    }
}
