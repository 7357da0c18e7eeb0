package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** What is left of a deleted object (Activity Vocabulary, section 3.5; ActivityPub, section 6.4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Tombstone extends ApObject {
    /** The type(s) the object had; a string or an array, kept as read. */
    @JsonProperty("formerType")
    private JsonNode formerType;
    @JsonProperty("deleted")
    private String deleted;

    public JsonNode formerType() {
        return formerType;
    }

    /** When it was deleted: an xsd:dateTime as written by the sender. */
    public String deleted() {
        return deleted;
    }

    public Tombstone deleted(String value) {
        this.deleted = value;
        return this;
    }
}
