package org.polity.server.translations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The languages a reader reads content in, most wanted first: what {@link Translated#pick(List)} chooses from.
 * The UI speaks three languages ({@code Messages.LANGUAGES}); content may be in any, so a reader whose browser asks
 * for German then French gets a thread's German translation while the page around it stays in English.
 *
 * <p>The order ({@link #order}): the language chosen with the "Also in" switch ({@code ?lang=}), then the one the
 * signed-in member chose in their settings (or a visitor with the language switcher, kept in a cookie), then every
 * language of {@code Accept-Language} by weight (RFC 9110 12.5.4), then the UI's language. Tags are BCP 47 in
 * their canonical case ({@link Languages#normalise}), each once.
 */
public final class ReaderLanguages {
    /** Most languages taken from one {@code Accept-Language} header. */
    static final int MAX_RANGES = 20;
    /** Longest header read; a longer one is read up to its last whole element within this length. */
    static final int MAX_HEADER = 2_000;
    private static final Pattern RANGE = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern QVALUE = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    private ReaderLanguages() {}

    /**
     * The reader's content languages, most wanted first. Any argument may be null or invalid; it is then skipped.
     *
     * @param chosen the language chosen on the page ({@code ?lang=})
     * @param accountLocale the signed-in member's chosen language
     * @param cookie a visitor's chosen language (the language switcher's cookie)
     * @param acceptLanguage the browser's {@code Accept-Language} header
     * @param uiLang the language the page's UI is in
     */
    public static List<String> order(String chosen, String accountLocale, String cookie, String acceptLanguage,
            String uiLang) {
        List<String> out = new ArrayList<>();
        add(out, chosen);
        add(out, accountLocale);
        add(out, cookie);
        fromAcceptLanguage(acceptLanguage).forEach(tag -> add(out, tag));
        add(out, uiLang);
        return List.copyOf(out);
    }

    /**
     * The languages of an {@code Accept-Language} header (RFC 9110 12.5.4), by weight, highest first; equal
     * weights keep the header's order. {@code *} (any language) and ranges of weight 0 ("not acceptable") are
     * left out; so is a malformed element (a bad range, a weight that is not a qvalue, another parameter), the rest
     * of the header still counting. Ranges that are not BCP 47 tags of a known language are left out too.
     */
    public static List<String> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        String h = header;
        if (h.length() > MAX_HEADER) {
            int cut = h.lastIndexOf(',', MAX_HEADER);
            h = cut < 0 ? "" : h.substring(0, cut);
        }
        record Weighted(String tag, int weight, int position) {}
        List<Weighted> ranges = new ArrayList<>();
        int position = 0;
        for (String element : h.split(",")) {
            String e = element.strip();
            if (e.isEmpty()) {
                continue; // RFC 9110 5.6.1: empty list elements are ignored
            }
            String[] parts = e.split(";", -1);
            String range = parts[0].strip();
            int weight = 1000;
            boolean ok = range.equals("*") || RANGE.matcher(range).matches();
            for (int i = 1; i < parts.length && ok; i++) {
                String param = parts[i].strip();
                if (i > 1 || param.length() < 2 || !param.substring(0, 2).equalsIgnoreCase("q=")
                        || !QVALUE.matcher(param.substring(2)).matches()) {
                    ok = false;
                } else {
                    weight = thousandths(param.substring(2));
                }
            }
            if (!ok || weight == 0 || range.equals("*")) {
                continue;
            }
            int w = weight;
            Languages.normalise(range).ifPresent(tag -> ranges.add(new Weighted(tag, w, ranges.size())));
            if (++position >= MAX_RANGES * 2) {
                break;
            }
        }
        ranges.sort(Comparator.comparingInt(Weighted::weight).reversed().thenComparingInt(Weighted::position));
        List<String> out = new ArrayList<>();
        for (Weighted w : ranges) {
            if (out.size() < MAX_RANGES && out.stream().noneMatch(t -> t.equalsIgnoreCase(w.tag()))) {
                out.add(w.tag());
            }
        }
        return List.copyOf(out);
    }

    /** A qvalue ("0.8", "1", "0.125") in thousandths. */
    private static int thousandths(String q) {
        String digits = q.length() > 2 ? q.substring(2) : "";
        int frac = digits.isEmpty() ? 0 : Integer.parseInt((digits + "00").substring(0, 3));
        return q.charAt(0) == '1' ? 1000 : frac;
    }

    private static void add(List<String> out, String tag) {
        if (tag == null || tag.isBlank()) {
            return;
        }
        Languages.normalise(tag).ifPresent(t -> {
            if (out.stream().noneMatch(x -> x.toLowerCase(Locale.ROOT).equals(t.toLowerCase(Locale.ROOT)))) {
                out.add(t);
            }
        });
    }
}
