package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An ActivityStreams {@code Collection} (Activity Vocabulary, sections 2.4 and 5.5): a count, the first and
 * last pages (by IRI or embedded), and items. The same class reads {@code items} and {@code orderedItems}:
 * the vocabulary puts ordered items in {@code orderedItems}, but senders mix them up, so {@link #items()}
 * returns whichever is present.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Collection extends ApObject {
    @JsonProperty("totalItems")
    private Integer totalItems;
    @JsonProperty("current")
    private ObjectRef current;
    @JsonProperty("first")
    private ObjectRef first;
    @JsonProperty("last")
    private ObjectRef last;
    @JsonProperty("items")
    private RefList items;
    @JsonProperty("orderedItems")
    private RefList orderedItems;

    public Integer totalItems() {
        return totalItems;
    }

    public Collection totalItems(Integer value) {
        this.totalItems = value;
        return this;
    }

    public ObjectRef current() {
        return current;
    }

    /** The first page, by IRI or embedded (then a {@link CollectionPage}), or null. */
    public ObjectRef first() {
        return first;
    }

    public Collection first(ObjectRef value) {
        this.first = value;
        return this;
    }

    public ObjectRef last() {
        return last;
    }

    /** {@code orderedItems} when present, else {@code items}; empty when neither is. */
    public List<ObjectRef> items() {
        if (orderedItems != null) {
            return orderedItems.values();
        }
        return items == null ? List.of() : items.values();
    }

    /** Sets {@code orderedItems} for an ordered collection (or page), else {@code items}. */
    public Collection items(List<ObjectRef> values) {
        RefList list = values == null ? null : RefList.of(values);
        if (this instanceof OrderedCollection || this instanceof OrderedCollectionPage) {
            this.orderedItems = list;
        } else {
            this.items = list;
        }
        return this;
    }
}
