package org.polity.server.casestudies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word diff of two texts (longest common subsequence of words and the spaces between them), and the
 * per-field texts of a case study it compares. Texts are short (a field at most 20,000 characters); longer
 * word lists than {@link #MAX_WORDS} are compared as one replaced block rather than in quadratic time.
 */
public final class WordDiff {
    static final int MAX_WORDS = 3_000;
    private static final Pattern TOKEN = Pattern.compile("\\s+|[^\\s]+");

    private WordDiff() {}

    public enum Kind { SAME, ADDED, REMOVED }

    public record Part(Kind kind, String text) {}

    /**
     * One field's change: its key, the language of a translation's field (null for the case study's own), and
     * the parts (the whole text, unchanged, when the field did not change).
     */
    public record Field(String key, String lang, List<Part> parts, boolean changed) {
        /** The field's id on the diff page ({@code title}, {@code fr-title}). */
        public String id() {
            return lang == null ? key : lang + "-" + key;
        }
    }

    public static List<Part> diff(String before, String after) {
        List<String> a = tokens(before);
        List<String> b = tokens(after);
        List<Part> out = new ArrayList<>();
        if ((long) a.size() * b.size() > (long) MAX_WORDS * MAX_WORDS / 4) {
            add(out, Kind.REMOVED, before);
            add(out, Kind.ADDED, after);
            return out;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                add(out, Kind.SAME, a.get(i++));
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                add(out, Kind.REMOVED, a.get(i++));
            } else {
                add(out, Kind.ADDED, b.get(j++));
            }
        }
        while (i < a.size()) {
            add(out, Kind.REMOVED, a.get(i++));
        }
        while (j < b.size()) {
            add(out, Kind.ADDED, b.get(j++));
        }
        return out;
    }

    private static void add(List<Part> out, Kind kind, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (!out.isEmpty() && out.get(out.size() - 1).kind() == kind) {
            Part last = out.remove(out.size() - 1);
            out.add(new Part(kind, last.text() + text));
        } else {
            out.add(new Part(kind, text));
        }
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s == null ? "" : s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Every field of two versions, compared. */
    public static List<Field> compare(CaseStudy before, CaseStudy after) {
        Map<String, String> a = texts(before);
        Map<String, String> b = texts(after);
        List<Field> out = new ArrayList<>();
        for (String key : a.keySet()) {
            out.add(field(key, null, a.get(key), b.get(key)));
        }
        // The translations, language by language (one added or removed compares with nothing).
        List<String> langs = new ArrayList<>();
        before.translations().forEach(t -> langs.add(t.lang()));
        after.translations().forEach(t -> {
            if (!langs.contains(t.lang())) {
                langs.add(t.lang());
            }
        });
        for (String lang : langs) {
            Map<String, String> ta = translated(before, lang);
            Map<String, String> tb = translated(after, lang);
            for (String key : ta.keySet()) {
                out.add(field(key, lang, ta.get(key), tb.get(key)));
            }
        }
        return out;
    }

    private static Field field(String key, String lang, String a, String b) {
        boolean changed = !a.equals(b);
        return new Field(key, lang, changed ? diff(a, b) : List.of(new Part(Kind.SAME, a)), changed);
    }

    /** A translation's fields as text (empty when the version has no translation in {@code lang}). */
    private static Map<String, String> translated(CaseStudy cs, String lang) {
        CaseStudyTranslation t = cs.translations().stream().filter(x -> x.lang().equals(lang)).findFirst()
                .orElse(new CaseStudyTranslation(lang, "", "", "", "", "", ""));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("title", t.title());
        out.put("summary", t.summary());
        out.put("problem", t.problem());
        out.put("innovation", t.innovation());
        out.put("results", t.results());
        out.put("lessonsLearned", t.lessonsLearned());
        return out;
    }

    /** The fields as text, in form order; lists one value a line. */
    static Map<String, String> texts(CaseStudy cs) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("lang", cs.lang());
        t.put("title", cs.title());
        t.put("summary", cs.summary());
        t.put("country", cs.country());
        t.put("organisation", cs.organisation());
        t.put("levelOfGovernment", cs.levelOfGovernment());
        t.put("sector", cs.sector());
        t.put("launchYear", cs.launchYear() == 0 ? "" : String.valueOf(cs.launchYear()));
        t.put("problem", cs.problem());
        t.put("innovation", cs.innovation());
        t.put("lifecycleStage", cs.lifecycleStage());
        t.put("innovationFacets", String.join("\n", cs.innovationFacets()));
        t.put("results", cs.results());
        t.put("lessonsLearned", cs.lessonsLearned());
        t.put("sdgs", String.join(", ", cs.sdgs().stream().map(String::valueOf).toList()));
        t.put("tags", String.join(", ", cs.tags()));
        t.put("resources", String.join("\n", cs.resources()));
        t.put("contact", cs.contact());
        t.put("adaptedFrom", String.join("\n", cs.adaptedFrom()));
        t.put("adoptedFrom", String.join("\n", cs.adoptedFrom()));
        return t;
    }
}
