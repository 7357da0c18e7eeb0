package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What an ActivityStreams {@code Object} and a {@code Link} have in common on the wire: an {@code id}, one
 * or more {@code type}s, a {@code name} and a {@code mediaType} (Activity Vocabulary, sections 2.1 and 2.2;
 * the two are disjoint classes, so {@link Link} is no {@link ApObject}).
 *
 * <p>{@code type} is kept as a list, and whether it arrived as an array is remembered, so that
 * {@code "Note"} and {@code ["Note"]} are both written back as they were read.
 */
public abstract class ApEntity extends Extensible {
    @JsonProperty("id")
    private String id;
    private List<String> type;
    private boolean typeWasArray;
    @JsonProperty("name")
    private String name;
    @JsonProperty("mediaType")
    private String mediaType;

    public String id() {
        return id;
    }

    public ApEntity id(String value) {
        this.id = value;
        return this;
    }

    /** Every type, in document order (empty when there is none). */
    public List<String> types() {
        return type == null ? List.of() : List.copyOf(type);
    }

    /** The first type, or null: what most code means by "the type". */
    public String firstType() {
        return type == null || type.isEmpty() ? null : type.get(0);
    }

    public boolean hasType(String name) {
        return type != null && type.contains(name);
    }

    /** Sets the types; one type is written as a plain string, several as an array. */
    public ApEntity type(String... values) {
        this.type = new ArrayList<>(List.of(values));
        this.typeWasArray = values.length > 1;
        return this;
    }

    public String name() {
        return name;
    }

    public ApEntity name(String value) {
        this.name = value;
        return this;
    }

    public String mediaType() {
        return mediaType;
    }

    public ApEntity mediaType(String value) {
        this.mediaType = value;
        return this;
    }

    /**
     * Keeps an unmodelled property, except a null one: in JSON-LD a null value is an absent one, and writing
     * omits nulls everywhere, modelled or not.
     */
    @Override
    @JsonAnySetter
    public void setUnknown(String name, JsonNode value) {
        if (value != null && !value.isNull()) {
            super.setUnknown(name, value);
        }
    }

    @JsonSetter("type")
    private void readType(JsonNode value) {
        if (value == null || value.isNull()) {
            type = null;
        } else if (value.isArray()) {
            type = new ArrayList<>();
            value.forEach(t -> type.add(t.asText()));
            typeWasArray = true;
        } else if (value.isValueNode()) {
            type = new ArrayList<>(List.of(value.asText()));
            typeWasArray = false;
        } else {
            throw new InvalidApDocument("\"type\" must be a string or an array of strings");
        }
    }

    @JsonGetter("type")
    private JsonNode writeType() {
        if (type == null) {
            return null;
        }
        if (type.size() == 1 && !typeWasArray) {
            return TextNode.valueOf(type.get(0));
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        type.forEach(array::add);
        return array;
    }
}
