package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A {@code CollectionPage} (Activity Vocabulary, section 2.5): a page of a collection, linked to its neighbours. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CollectionPage extends Collection {
    @JsonProperty("partOf")
    private ObjectRef partOf;
    @JsonProperty("next")
    private ObjectRef next;
    @JsonProperty("prev")
    private ObjectRef prev;
    @JsonProperty("startIndex")
    private Integer startIndex;

    /** The collection this page belongs to. */
    public ObjectRef partOf() {
        return partOf;
    }

    public CollectionPage partOf(ObjectRef value) {
        this.partOf = value;
        return this;
    }

    public ObjectRef next() {
        return next;
    }

    public CollectionPage next(ObjectRef value) {
        this.next = value;
        return this;
    }

    public ObjectRef prev() {
        return prev;
    }

    /** Only meaningful on an OrderedCollectionPage. */
    public Integer startIndex() {
        return startIndex;
    }
}
