package org.polity.server.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.polity.federation.vocab.ApReader;

/**
 * Reads a received {@code Flag} in the forms servers send (docs/vocabulary.md, "Reports"):
 * <ul>
 * <li>Mastodon, Misskey, Pleroma/Akkoma, Polity to an account's server: {@code object} is an array of the account
 *     and its posts (Pleroma may embed the posts as objects), {@code content} the reporter's comment;</li>
 * <li>Lemmy, Mbin and Polity to a group's server: {@code object} the post or comment (or an array), {@code to}
 *     / {@code audience} / {@code target} the community, {@code summary} the reason.</li>
 * </ul>
 * A pure converter: which of the named things are ours is for {@link Reports} to decide.
 */
public final class ApToReport {
    /** At most this many objects are read from one Flag. */
    public static final int MAX_OBJECTS = 50;
    /** A comment is cut to this many characters. */
    public static final int MAX_COMMENT = 4000;

    private ApToReport() {}

    /**
     * What a Flag says: its id, its actor, the URIs it names (accounts, posts, comments; in order, once each), the
     * comment ({@code content}, else {@code summary}, as plain text) and the groups it names ({@code target},
     * {@code audience}, {@code to}, {@code cc}).
     */
    public record Flag(String id, String actorUri, List<String> objectUris, String comment, List<String> groupUris) {}

    public static Flag flag(JsonNode activity) {
        Set<String> objects = new LinkedHashSet<>();
        JsonNode object = activity.get("object");
        if (object != null && object.isArray()) {
            for (JsonNode o : object) {
                add(objects, o);
            }
        } else {
            add(objects, object);
        }
        String comment = text(activity.get("content"));
        if (comment.isEmpty()) {
            comment = text(activity.get("summary"));
        }
        Set<String> groups = new LinkedHashSet<>();
        for (String field : new String[] {"target", "audience", "to", "cc"}) {
            JsonNode v = activity.get(field);
            if (v != null && v.isArray()) {
                v.forEach(x -> addId(groups, x));
            } else {
                addId(groups, v);
            }
        }
        groups.remove("https://www.w3.org/ns/activitystreams#Public");
        return new Flag(ApReader.idOf(activity.get("id")), ApReader.idOf(activity.get("actor")),
                new ArrayList<>(objects), comment, new ArrayList<>(groups));
    }

    private static void add(Set<String> into, JsonNode o) {
        if (into.size() < MAX_OBJECTS) {
            addId(into, o);
        }
    }

    private static void addId(Set<String> into, JsonNode o) {
        String id = o == null || o.isNull() ? null : ApReader.idOf(o);
        if (id != null && !id.isBlank() && (id.startsWith("https://") || id.startsWith("http://"))) {
            into.add(id);
        }
    }

    /**
     * A comment as plain text: markup some servers add is taken out (the queue shows text, escaped), runs of blank
     * space become one, and it is cut to {@link #MAX_COMMENT}. A {@code contentMap} alone is read too.
     */
    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        String s;
        if (v.isTextual()) {
            s = v.asText();
        } else if (v.isObject() && v.size() > 0) {
            s = v.elements().next().asText(""); // a language map
        } else {
            return "";
        }
        s = s.replaceAll("(?i)<br\\s*/?>|</p>", "\n").replaceAll("<[^>]*>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&").replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll("\\n\\s*\\n+", "\n\n").strip();
        return s.length() <= MAX_COMMENT ? s : s.substring(0, MAX_COMMENT - 1) + "…";
    }
}
