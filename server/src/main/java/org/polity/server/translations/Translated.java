package org.polity.server.translations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every language an object carries: the default one first (what its plain {@code content}, {@code name} and
 * {@code summary} hold), then its translations in the order they came. Readers get {@link #pick}: the language
 * they asked for or read in, where it exists, else the default.
 */
public record Translated(Translation primary, List<Translation> translations) {
    public Translated {
        translations = List.copyOf(translations);
    }

    /** An object in one language only. */
    public static Translated single(Translation primary) {
        return new Translated(primary, List.of());
    }

    /** The default language's tag, or null when the object does not say. */
    public String defaultLang() {
        return primary.lang();
    }

    /** Every version, the default first. */
    public List<Translation> all() {
        List<Translation> all = new ArrayList<>();
        all.add(primary);
        all.addAll(translations);
        return all;
    }

    /** The tags of every version whose language is known, the default first. */
    public List<String> languages() {
        return all().stream().map(Translation::lang).filter(l -> l != null).toList();
    }

    public boolean isTranslated() {
        return !translations.isEmpty();
    }

    /** The version in exactly this language (tags compared without regard to case). */
    public Optional<Translation> exactly(String lang) {
        if (lang == null) {
            return Optional.empty();
        }
        return all().stream().filter(t -> t.lang() != null && t.lang().equalsIgnoreCase(lang)).findFirst();
    }

    /**
     * The version for a reader of {@code lang}: that exact tag, else one of the same primary language ({@code es}
     * for a reader of {@code es-MX} and the other way round, the default first), else the default.
     */
    public Translation pick(String lang) {
        return pick(lang == null ? List.of() : List.of(lang));
    }

    /**
     * The version for a reader of {@code langs}, most wanted first ({@link ReaderLanguages}): for each in turn, that
     * exact tag, else one of the same primary language (the default first); the default when none matches.
     */
    public Translation pick(List<String> langs) {
        for (String lang : langs) {
            if (lang == null || lang.isBlank()) {
                continue;
            }
            Optional<Translation> exact = exactly(lang);
            if (exact.isPresent()) {
                return exact.get();
            }
            String wanted = Languages.primary(lang.toLowerCase(Locale.ROOT));
            Optional<Translation> same = all().stream()
                    .filter(t -> t.lang() != null && Languages.primary(t.lang()).equals(wanted)).findFirst();
            if (same.isPresent()) {
                return same.get();
            }
        }
        return primary;
    }
}
