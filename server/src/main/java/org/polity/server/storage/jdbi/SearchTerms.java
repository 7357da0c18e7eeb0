package org.polity.server.storage.jdbi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polity.server.text.Html;

/**
 * The words of public search, the same for what is indexed ({@code search_terms} and the PostgreSQL vector; V9's
 * {@code object_terms} before them) and what is asked. A word is a
 * run of letters, digits and combining marks after NFKC normalisation, lower-cased (Locale.ROOT), at most
 * {@link #MAX_TERM} characters; everything else (punctuation, {@code %}, {@code _}, markup) separates words and
 * is never searched for. An object's terms come from its name, its summary (from the payload) and its content
 * with the HTML tags dropped; each term carries a weight, the sum over its occurrences of 4 in the name, 2 in the
 * summary and 1 in the content, which ranks the results.
 */
final class SearchTerms {
    private SearchTerms() {}

    /** The longest term kept (the column is VARCHAR(64)); longer words are cut, in the index and in queries alike. */
    static final int MAX_TERM = 64;
    /** The most words of a query used; the rest are ignored, which bounds the SQL. */
    static final int MAX_QUERY_WORDS = 8;
    static final int NAME_WEIGHT = 4;
    static final int SUMMARY_WEIGHT = 2;
    static final int CONTENT_WEIGHT = 1;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The words of a text, in order, with repeats. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Matcher m = WORD.matcher(normal);
        while (m.find()) {
            out.add(cut(m.group()));
        }
        return out;
    }

    private static String cut(String word) {
        if (word.length() <= MAX_TERM) {
            return word;
        }
        int end = MAX_TERM;
        if (Character.isHighSurrogate(word.charAt(end - 1))) {
            end--;
        }
        return word.substring(0, end);
    }

    /** An object's terms and their weights, in first-seen order. */
    static Map<String, Integer> terms(String name, String contentHtml, String payload) {
        Map<String, Integer> out = new LinkedHashMap<>();
        add(out, name, NAME_WEIGHT);
        add(out, summaryText(payload), SUMMARY_WEIGHT);
        add(out, contentHtml == null ? null : Html.toPlainText(contentHtml, Integer.MAX_VALUE), CONTENT_WEIGHT);
        // Its translations (contentMap, nameMap, summaryMap) are found by their words too, with the same weights.
        for (var t : org.polity.server.translations.ApToTranslations.fromPayload(payload, name, contentHtml)
                .translations()) {
            add(out, t.name(), NAME_WEIGHT);
            add(out, t.summaryHtml() == null ? null : Html.toPlainText(t.summaryHtml(), Integer.MAX_VALUE),
                    SUMMARY_WEIGHT);
            add(out, Html.toPlainText(t.contentHtml(), Integer.MAX_VALUE), CONTENT_WEIGHT);
        }
        return out;
    }

    /** A search document's terms: its title (weight 4), summary and tags (2) and body (1), all plain text. */
    static Map<String, Integer> documentTerms(String title, String summary, String body) {
        Map<String, Integer> out = new LinkedHashMap<>();
        add(out, title, NAME_WEIGHT);
        add(out, summary, SUMMARY_WEIGHT);
        add(out, body, CONTENT_WEIGHT);
        return out;
    }

    private static void add(Map<String, Integer> out, String text, int weight) {
        for (String w : words(text)) {
            out.merge(w, weight, Integer::sum);
        }
    }

    /** The payload's {@code summary} as plain text, or null when there is none (or the payload is not JSON). */
    private static String summaryText(String payload) {
        if (payload == null || !payload.contains("\"summary\"")) {
            return null;
        }
        try {
            JsonNode summary = JSON.readTree(payload).get("summary");
            return summary != null && summary.isTextual()
                    ? Html.toPlainText(summary.asText(), Integer.MAX_VALUE) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The words of a query, each to be matched as a whole word or a word prefix: distinct, at most
     * {@link #MAX_QUERY_WORDS}, and without a word that is a prefix of another query word (whatever the longer
     * one matches, the shorter matches too), so that one indexed term matches at most one query word.
     */
    static List<String> queryWords(String query) {
        List<String> distinct = new ArrayList<>();
        for (String w : words(query)) {
            if (!distinct.contains(w)) {
                distinct.add(w);
            }
            if (distinct.size() == MAX_QUERY_WORDS) {
                break;
            }
        }
        List<String> out = new ArrayList<>();
        for (String w : distinct) {
            boolean implied = distinct.stream().anyMatch(o -> !o.equals(w) && o.startsWith(w));
            if (!implied) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * The smallest string above every string starting with {@code prefix}: its last character plus one. Terms
     * compare by code point on both engines (H2 by Java string order, PostgreSQL through {@code COLLATE "C"}),
     * so {@code term >= prefix AND term < upperBound(prefix)} is a prefix match on the term index.
     */
    static String upperBound(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }
}
