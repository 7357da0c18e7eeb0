package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;

/**
 * Hashtags in group posts and articles: {@code #word} in the text and tags given beside it, as ActivityStreams
 * {@code Hashtag} tags linking to our {@code /tags/{tag}} page, and their stored (lower-case) names.
 */
public final class Hashtags {
    public static final int MAX_TAGS = 10;
    private static final Pattern HASHTAG = Pattern.compile("(?<![\\w&/#])#([\\p{L}\\p{N}_]{1,60})");

    private final Polity polity;

    public Hashtags(Polity polity) {
        this.polity = polity;
    }

    /** Hashtags from {@code #word} in the text and the extra tags, as ActivityStreams Hashtag tags. */
    public ArrayNode hashtags(String text, List<String> extra) {
        Set<String> names = new LinkedHashSet<>();
        for (String t : extra == null ? List.<String>of() : extra) {
            String tag = normaliseTag(t);
            if (tag != null) {
                names.add(tag);
            }
        }
        Matcher m = HASHTAG.matcher(text);
        while (m.find() && names.size() < MAX_TAGS) {
            names.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        ArrayNode tags = Publisher.JSON.createArrayNode();
        names.stream().limit(MAX_TAGS).forEach(name -> {
            ObjectNode tag = tags.addObject();
            tag.put("type", "Hashtag");
            tag.put("href", polity.uris().url("/tags/" + name));
            tag.put("name", "#" + name);
        });
        return tags;
    }

    /**
     * A tag as typed ("#Energy ", "energy", "open data", "open-data") to its stored form ("energy",
     * "opendata"); null when it is not a tag. Hashtags hold no spaces on the fediverse, so the words of a
     * multi-word tag are joined, as #OpenData is written (and, case aside, federated as {@code "#opendata"}).
     */
    public static String normaliseTag(String typed) {
        if (typed == null) {
            return null;
        }
        String t = typed.strip();
        if (t.startsWith("#")) {
            t = t.substring(1);
        }
        t = t.replaceAll("[\\s-]+", "");
        t = t.toLowerCase(Locale.ROOT);
        return t.matches("[\\p{L}\\p{N}_]{1,60}") ? t : null;
    }

    /** Lower-case names of an object's Hashtag tags. */
    public static List<String> tagNames(JsonNode object) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode tags = object.get("tag");
        if (tags == null) {
            return List.of();
        }
        for (JsonNode tag : tags.isArray() ? tags : Publisher.JSON.createArrayNode().add(tags)) {
            if ("Hashtag".equals(tag.path("type").asText())) {
                String name = normaliseTag(tag.path("name").asText(""));
                if (name != null && out.size() < 20) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }
}
