package org.polity.federation.vocab;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The values of a property that may hold one value or many. In ActivityStreams JSON a single value and a
 * one-element array mean the same (JSON-LD 1.1, section 4.3.1: values are sets unless ordered), so readers
 * must accept both; this list also remembers which form was read, so that a document written back is the
 * document that was read. Immutable.
 */
@JsonSerialize(using = RefList.Writer.class)
@JsonDeserialize(using = RefList.Reader.class)
public final class RefList {
    private static final RefList EMPTY = new RefList(List.of(), true);

    private final List<ObjectRef> values;
    private final boolean array;

    private RefList(List<ObjectRef> values, boolean array) {
        this.values = List.copyOf(values);
        this.array = array;
    }

    public static RefList empty() {
        return EMPTY;
    }

    /** IRIs, written as an array (even when there is one). */
    public static RefList ofIris(Collection<String> iris) {
        return new RefList(iris.stream().map(ObjectRef::of).toList(), true);
    }

    /** One value, written as a single value (not an array). */
    public static RefList single(ObjectRef value) {
        return new RefList(List.of(Objects.requireNonNull(value)), false);
    }

    public static RefList of(List<ObjectRef> values) {
        return new RefList(values, true);
    }

    public List<ObjectRef> values() {
        return values;
    }

    public ObjectRef first() {
        return values.isEmpty() ? null : values.get(0);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The IRIs the values name (see {@link ObjectRef#id()}), skipping values that name none. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(values.size());
        for (ObjectRef ref : values) {
            String id = ref.id();
            if (id != null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    static final class Reader extends JsonDeserializer<RefList> {
        @Override
        public RefList deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            if (node.isArray()) {
                List<ObjectRef> refs = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    refs.add(ObjectRef.Reader.fromTree(element, ctxt));
                }
                return new RefList(refs, true);
            }
            return new RefList(List.of(ObjectRef.Reader.fromTree(node, ctxt)), false);
        }
    }

    static final class Writer extends JsonSerializer<RefList> {
        @Override
        public void serialize(RefList list, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!list.array && list.values.size() == 1) {
                provider.defaultSerializeValue(list.values.get(0), gen);
                return;
            }
            gen.writeStartArray();
            for (ObjectRef ref : list.values) {
                provider.defaultSerializeValue(ref, gen);
            }
            gen.writeEndArray();
        }
    }
}
