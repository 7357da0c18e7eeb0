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
import java.util.Objects;

/**
 * One value of a property whose range is "Object or Link" ({@code object}, {@code actor}, {@code to},
 * {@code tag}, {@code url}, ...). ActivityStreams lets a sender give such a value either as an IRI or as the
 * embedded object (Activity Vocabulary, section 4; JSON-LD 1.1, section 4.5 "embedding"); both forms are kept
 * so that the receiver can use an embedded copy where it may trust it and otherwise fetch by {@link #id()}.
 *
 * <p>Exactly one of the three forms is set: an IRI, a typed {@link ApEntity} (an {@link ApObject} subtype
 * or a {@link Link}), or, for a value of no ActivityStreams shape (a number, a nested array), the raw JSON,
 * kept only so that writing the document back loses nothing.
 */
@JsonSerialize(using = ObjectRef.Writer.class)
@JsonDeserialize(using = ObjectRef.Reader.class)
public final class ObjectRef {
    private final String iri;
    private final ApEntity value;
    private final JsonNode raw;

    private ObjectRef(String iri, ApEntity value, JsonNode raw) {
        this.iri = iri;
        this.value = value;
        this.raw = raw;
    }

    public static ObjectRef of(String iri) {
        return new ObjectRef(Objects.requireNonNull(iri), null, null);
    }

    public static ObjectRef of(ApEntity value) {
        return new ObjectRef(null, Objects.requireNonNull(value), null);
    }

    static ObjectRef raw(JsonNode raw) {
        return new ObjectRef(null, null, raw);
    }

    /** Whether the value was given as a bare IRI. */
    public boolean isIri() {
        return iri != null;
    }

    /** Whether the value was given embedded (an object or a link). */
    public boolean isEmbedded() {
        return value != null;
    }

    /** The bare IRI, or null when the value is embedded. */
    public String iri() {
        return iri;
    }

    /** The embedded object or link, or null. */
    public ApEntity value() {
        return value;
    }

    /** The embedded value when it is an {@link ApObject} (not a Link), or null. */
    public ApObject object() {
        return value instanceof ApObject o ? o : null;
    }

    /** The embedded value when it is of the given type, or null. */
    public <T extends ApEntity> T as(Class<T> type) {
        return type.isInstance(value) ? type.cast(value) : null;
    }

    /** JSON of no ActivityStreams shape, kept as read; null for an IRI or an embedded value. */
    public JsonNode raw() {
        return raw;
    }

    /**
     * The IRI this value names: the bare IRI, the embedded object's {@code id}, or for a Link without an id
     * its {@code href} (a Mention's href is the mentioned actor). Null when there is none.
     */
    public String id() {
        if (iri != null) {
            return iri;
        }
        if (value == null) {
            return null;
        }
        if (value.id() == null && value instanceof Link link) {
            return link.href();
        }
        return value.id();
    }

    /** The first type of the embedded value, or null. */
    public String firstType() {
        return value == null ? null : value.firstType();
    }

    @Override
    public String toString() {
        return iri != null ? iri : value != null ? value.firstType() + " " + value.id() : String.valueOf(raw);
    }

    /** Reads any JSON value; objects are dispatched on their {@code type} by {@link ApTypes}. */
    static final class Reader extends JsonDeserializer<ObjectRef> {
        @Override
        public ObjectRef deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = ctxt.readTree(p);
            return fromTree(node, ctxt);
        }

        static ObjectRef fromTree(JsonNode node, DeserializationContext ctxt) throws IOException {
            if (node.isTextual()) {
                return of(node.textValue());
            }
            if (node.isObject()) {
                return of(ctxt.readTreeAsValue(node, ApTypes.classFor(node)));
            }
            return raw(node);
        }
    }

    static final class Writer extends JsonSerializer<ObjectRef> {
        @Override
        public void serialize(ObjectRef ref, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (ref.iri != null) {
                gen.writeString(ref.iri);
            } else if (ref.value != null) {
                provider.defaultSerializeValue(ref.value, gen);
            } else {
                gen.writeTree(ref.raw);
            }
        }
    }
}
