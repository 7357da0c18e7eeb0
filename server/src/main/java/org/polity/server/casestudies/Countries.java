package org.polity.server.casestudies;

import java.text.Collator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.polity.server.web.FormState;

/** ISO 3166-1 alpha-2 countries: the check, and names in the reader's language. */
public final class Countries {
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private Countries() {}

    public static boolean isCode(String code) {
        return code != null && CODES.contains(code);
    }

    /** "France" in French, "Francia" in Spanish; the code itself when it is none. */
    public static String name(String code, Locale language) {
        return isCode(code) ? new Locale("", code).getDisplayCountry(language) : code == null ? "" : code;
    }

    /** Every country by its name in {@code language}, sorted as that language sorts. */
    public static List<FormState.Option> options(Locale language) {
        Collator collator = Collator.getInstance(language);
        return Arrays.stream(Locale.getISOCountries())
                .map(c -> new FormState.Option(c, name(c, language)))
                .sorted(Comparator.comparing(FormState.Option::label, collator)).toList();
    }
}
