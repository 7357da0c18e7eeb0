package org.polity.federation.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Java class reads an ActivityStreams JSON object, by its {@code type}: one table, looked up by name
 * (STYLE.md: dispatch by map lookup).
 *
 * <p>The rule for several types: the first type in the array that this table knows decides the class, and
 * every type is kept. Polity writes its own types beside a standard one ({@code ["Article","Challenge"]},
 * DESIGN.md), so a reader that knows only ActivityStreams still reads an Article; a type this table does not
 * know (Polity's, Lemmy's, anyone's) never prevents reading. An object whose types are all unknown, or that
 * has none, reads as a plain {@link ApObject} — except a type-less object with an {@code href} and no
 * {@code id}, which is a {@link Link} (Activity Vocabulary, section 2.2: a Link is identified by its href).
 *
 * <p>Types may be written compacted ({@code Note}), prefixed ({@code as:Note}) or as full IRIs
 * ({@code https://www.w3.org/ns/activitystreams#Note}); all three are recognised.
 */
public final class ApTypes {
    private static final String AS_PREFIX = "as:";

    /** Activity types of the Activity Vocabulary (section 3.1), plus widely used extensions. */
    public static final Set<String> ACTIVITY_TYPES = Set.of(
            "Activity", "IntransitiveActivity", "Accept", "Add", "Announce", "Arrive", "Block", "Create", "Delete",
            "Dislike", "Flag", "Follow", "Ignore", "Invite", "Join", "Leave", "Like", "Listen", "Move", "Offer",
            "Read", "Reject", "Remove", "TentativeAccept", "TentativeReject", "Travel", "Undo", "Update", "View",
            // Pleroma/Misskey emoji reactions (litepub:EmojiReact)
            "EmojiReact");
    /** Actor types (Activity Vocabulary, section 3.2). */
    public static final Set<String> ACTOR_TYPES = Set.of("Application", "Group", "Organization", "Person", "Service");
    /**
     * Object types read as a plain {@link ApObject} (section 3.3). {@code Question} is an IntransitiveActivity
     * in the vocabulary, but the fediverse (Mastodon polls) uses it as an object with content and options, so
     * it reads here as an object.
     */
    public static final Set<String> OBJECT_TYPES = Set.of(
            "Object", "Article", "Audio", "Document", "Event", "Image", "Note", "Page", "Place", "Profile",
            "Relationship", "Video", "Question", "Emoji", "ChatMessage");

    private static final Map<String, Class<? extends ApEntity>> CLASSES = new HashMap<>();

    static {
        ACTIVITY_TYPES.forEach(t -> CLASSES.put(t, Activity.class));
        ACTOR_TYPES.forEach(t -> CLASSES.put(t, ApObject.class));
        OBJECT_TYPES.forEach(t -> CLASSES.put(t, ApObject.class));
        CLASSES.put("Tombstone", Tombstone.class);
        CLASSES.put("Collection", Collection.class);
        CLASSES.put("OrderedCollection", OrderedCollection.class);
        CLASSES.put("CollectionPage", CollectionPage.class);
        CLASSES.put("OrderedCollectionPage", OrderedCollectionPage.class);
        CLASSES.put("Link", Link.class);
        CLASSES.put("Mention", Mention.class);
        CLASSES.put("Hashtag", Hashtag.class);
    }

    private ApTypes() {}

    /** {@code as:Note} and the full ActivityStreams IRI become {@code Note}; other names are unchanged. */
    public static String localName(String type) {
        if (type == null) {
            return null;
        }
        if (type.startsWith(AS_PREFIX)) {
            return type.substring(AS_PREFIX.length());
        }
        String namespace = ActivityStreams.CONTEXT + "#";
        if (type.startsWith(namespace)) {
            return type.substring(namespace.length());
        }
        return type;
    }

    /** The class for a list of types: the first known one decides; null when none is known. */
    public static Class<? extends ApEntity> classFor(List<String> types) {
        for (String type : types) {
            Class<? extends ApEntity> cls = CLASSES.get(localName(type));
            if (cls != null) {
                return cls;
            }
        }
        return null;
    }

    /** The class that reads this JSON object (see the class comment for the rule). */
    public static Class<? extends ApEntity> classFor(JsonNode object) {
        JsonNode type = object.get("type");
        List<String> types = type == null ? List.of()
                : type.isArray() ? textValues(type)
                : type.isTextual() ? List.of(type.textValue()) : List.of();
        Class<? extends ApEntity> cls = classFor(types);
        if (cls != null) {
            return cls;
        }
        if (types.isEmpty() && object.has("href") && !object.has("id")) {
            return Link.class;
        }
        return ApObject.class;
    }

    public static boolean isActivityType(String type) {
        return ACTIVITY_TYPES.contains(localName(type));
    }

    public static boolean isActorType(String type) {
        return ACTOR_TYPES.contains(localName(type));
    }

    private static List<String> textValues(JsonNode array) {
        java.util.ArrayList<String> values = new java.util.ArrayList<>();
        array.forEach(v -> {
            if (v.isTextual()) {
                values.add(v.textValue());
            }
        });
        return values;
    }
}
