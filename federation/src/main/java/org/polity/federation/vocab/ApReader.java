package org.polity.federation.vocab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads ActivityStreams JSON from the network into typed wire objects, and writes them back.
 *
 * <p>{@link #read} dispatches on {@code type} ({@link ApTypes}): an activity reads as {@link Activity}, a
 * collection as {@link Collection} and its subtypes, a tombstone as {@link Tombstone}, everything else as
 * {@link ApObject}. Nothing is lost: properties that are not modelled are kept and written back.
 *
 * <p>Untrusted input is bounded before anything else looks at it: at most {@value #MAX_DEPTH} levels of
 * nesting, {@value #MAX_ARRAY} elements in one array and {@value #MAX_STRING} characters in one string
 * (Jackson's {@link StreamReadConstraints} for depth and strings while parsing; arrays, and trees that were
 * parsed elsewhere, by a walk of the tree). A document over a limit, malformed, with duplicate keys, or of
 * the wrong shape is refused with an {@link InvalidApDocument} that says why. The size of the whole body is
 * the HTTP layer's limit.
 *
 * <p>Thread-safe; build one and share it.
 */
public final class ApReader {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_ARRAY = 10_000;
    /** One MiB of characters. */
    public static final int MAX_STRING = 1 << 20;

    private final ObjectMapper mapper;

    public ApReader() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING)
                        .maxNameLength(MAX_STRING)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /** The configured mapper (limits as above), for callers that parse other JSON from the same sources. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Parses bytes into a tree, enforcing the limits; the root must be a JSON object. */
    public ObjectNode parse(byte[] json) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new InvalidApDocument("JSON over a limit: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidApDocument("malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidApDocument("unreadable JSON: " + e.getMessage(), e);
        }
        return checked(tree);
    }

    /** Reads bytes as an ActivityStreams document. */
    public ApObject read(byte[] json) {
        return read(parse(json));
    }

    /** Reads a tree as an ActivityStreams document (the limits are checked here too). */
    public ApObject read(JsonNode json) {
        ObjectNode object = checked(json);
        Class<? extends ApEntity> cls = ApTypes.classFor(object);
        if (!ApObject.class.isAssignableFrom(cls)) {
            // A top-level Link (or a bare href) is no ActivityPub document; keep it readable as an object.
            cls = ApObject.class;
        }
        return bind(object, cls.asSubclass(ApObject.class));
    }

    /** Reads a tree as the given type (e.g. {@link Activity}), whatever its {@code type} says. */
    public <T extends ApObject> T read(JsonNode json, Class<T> type) {
        return bind(checked(json), type);
    }

    /** Reads an actor document into {@link Actor} (the profile and key properties an actor has). */
    public Actor readActor(JsonNode json) {
        ObjectNode object = checked(json);
        try {
            return mapper.treeToValue(object, Actor.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    /** The JSON of a wire object: modelled properties, then the unknown ones; nulls omitted. */
    public ObjectNode toJson(Object value) {
        return mapper.valueToTree(value);
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * The IRI a JSON value names: a string itself, or an object's {@code id} (or, for a Link without one, its
     * {@code href}); null for anything else.
     */
    public static String idOf(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isObject()) {
            JsonNode id = value.get("id");
            if (id != null && id.isTextual()) {
                return id.textValue();
            }
            JsonNode href = value.get("href");
            if (href != null && href.isTextual()) {
                return href.textValue();
            }
        }
        return null;
    }

    private <T extends ApObject> T bind(ObjectNode object, Class<T> type) {
        try {
            return mapper.treeToValue(object, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    private static InvalidApDocument invalid(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof InvalidApDocument)) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidApDocument invalid) {
            return invalid;
        }
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return new InvalidApDocument("not a valid ActivityStreams document: " + message, e);
    }

    private static ObjectNode checked(JsonNode tree) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidApDocument("an ActivityStreams document must be a JSON object");
        }
        checkLimits(tree, 1);
        return (ObjectNode) tree;
    }

    private static void checkLimits(JsonNode node, int depth) {
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            throw new InvalidApDocument("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isArray()) {
            if (node.size() > MAX_ARRAY) {
                throw new InvalidApDocument("JSON array longer than " + MAX_ARRAY + " elements");
            }
            for (JsonNode element : node) {
                checkLimits(element, depth + 1);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().length() > MAX_STRING) {
                    throw new InvalidApDocument("JSON name longer than " + MAX_STRING + " characters");
                }
                checkLimits(field.getValue(), depth + 1);
            }
        } else if (node.isTextual() && node.textValue().length() > MAX_STRING) {
            throw new InvalidApDocument("JSON string longer than " + MAX_STRING + " characters");
        }
    }
}
