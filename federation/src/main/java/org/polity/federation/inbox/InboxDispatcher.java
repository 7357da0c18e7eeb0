package org.polity.federation.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one table of inbox handlers: (activity type, object type) to handler, looked up by map, never by a
 * chain of ifs (STYLE.md; Smithereen's registry, Mastodon's factory). The object type is the embedded
 * object's type, or {@link #REFERENCE} when the object is only an IRI (a Follow of an actor, a Like of a
 * note). A registration for {@link #ANY} object catches what no specific entry matches. Registering a pair
 * twice is refused (as Fedify refuses a second listener), so the table stays unambiguous.
 *
 * @param <C> what the application hands its handlers (the receiving context)
 */
public final class InboxDispatcher<C> {
    /** The object is an IRI, not embedded. */
    public static final String REFERENCE = "(reference)";
    /** Any object type. */
    public static final String ANY = "*";

    /** Handles one kind of inbound activity. */
    @FunctionalInterface
    public interface Handler<C> {
        Outcome handle(C context, JsonNode activity, JsonNode object) throws Exception;
    }

    private final Map<String, Map<String, Handler<C>>> table = new LinkedHashMap<>();

    public InboxDispatcher<C> on(String activityType, String objectType, Handler<C> handler) {
        Map<String, Handler<C>> byObject = table.computeIfAbsent(activityType, k -> new LinkedHashMap<>());
        if (byObject.putIfAbsent(objectType, Objects.requireNonNull(handler)) != null) {
            throw new IllegalStateException("a handler for " + activityType + " of " + objectType
                    + " is registered already");
        }
        return this;
    }

    /** The registered pairs, for documentation and tests. */
    public List<String> pairs() {
        List<String> out = new ArrayList<>();
        table.forEach((activity, objects) -> objects.keySet().forEach(o -> out.add(activity + " " + o)));
        return out;
    }

    /** Finds the handler for an activity and runs it; exceptions become {@link Outcome.Kind#RETRY}. */
    public Outcome dispatch(C context, JsonNode activity) {
        List<String> activityTypes = types(activity);
        JsonNode object = activity.get("object");
        List<String> objectTypes = object == null || object.isNull() ? List.of(REFERENCE)
                : object.isTextual() ? List.of(REFERENCE) : types(object.isArray() && !object.isEmpty()
                        ? object.get(0) : object);
        for (String activityType : activityTypes) {
            Map<String, Handler<C>> byObject = table.get(activityType);
            if (byObject == null) {
                continue;
            }
            Handler<C> handler = null;
            for (String objectType : objectTypes) {
                handler = byObject.get(objectType);
                if (handler != null) {
                    break;
                }
            }
            if (handler == null) {
                handler = byObject.get(ANY);
            }
            if (handler == null) {
                return Outcome.unsupported(activityType + " of " + String.join("/", objectTypes) + " is not handled");
            }
            try {
                return handler.handle(context, activity, object);
            } catch (Exception e) {
                return Outcome.retry(activityType + " failed: " + e);
            }
        }
        return Outcome.unsupported("activity type " + String.join("/", activityTypes) + " is not handled");
    }

    /** The {@code type} of a node as a list (a string or an array of strings). */
    public static List<String> types(JsonNode node) {
        List<String> out = new ArrayList<>();
        JsonNode type = node == null ? null : node.get("type");
        if (type == null) {
            return List.of("(untyped)");
        }
        if (type.isArray()) {
            type.forEach(t -> out.add(t.asText()));
        } else {
            out.add(type.asText());
        }
        return out;
    }
}
