package org.polity.federation.vocab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An ActivityStreams {@code Activity} (Activity Vocabulary, section 2.3) of any type: {@code Create},
 * {@code Follow}, {@code Undo}, {@code Announce}, ... The activity type is {@link #firstType()}.
 *
 * <p>{@code object} and the other participants are {@link RefList}s: each value is either an IRI or the
 * embedded object, and both forms are kept ({@code Undo} usually embeds the activity it undoes; a
 * {@code Flag} carries several objects). {@link #actor()} and {@link #objectId()} give the IRIs, whatever form
 * was sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Activity extends ApObject {
    @JsonProperty("actor")
    private RefList actor;
    @JsonProperty("object")
    private RefList object;
    @JsonProperty("target")
    private RefList target;
    @JsonProperty("origin")
    private RefList origin;
    @JsonProperty("result")
    private RefList result;
    @JsonProperty("instrument")
    private RefList instrument;

    /** The IRI of the (first) actor, or null. */
    public String actor() {
        List<String> ids = actorRefs().ids();
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** Every actor, as sent. */
    public RefList actorRefs() {
        return actor == null ? RefList.empty() : actor;
    }

    public Activity actor(String iri) {
        this.actor = RefList.single(ObjectRef.of(iri));
        return this;
    }

    /** The (first) object, by IRI or embedded, or null. */
    public ObjectRef object() {
        return objects().isEmpty() ? null : objects().get(0);
    }

    /** The IRI of the (first) object, or null. */
    public String objectId() {
        ObjectRef first = object();
        return first == null ? null : first.id();
    }

    /** Every object (a Flag may carry several). */
    public List<ObjectRef> objects() {
        return object == null ? List.of() : object.values();
    }

    public Activity object(ObjectRef value) {
        this.object = RefList.single(value);
        return this;
    }

    public Activity object(RefList value) {
        this.object = value;
        return this;
    }

    public ObjectRef target() {
        return target == null ? null : target.first();
    }

    public RefList targetRefs() {
        return target == null ? RefList.empty() : target;
    }

    public Activity target(ObjectRef value) {
        this.target = value == null ? null : RefList.single(value);
        return this;
    }

    public ObjectRef origin() {
        return origin == null ? null : origin.first();
    }

    public ObjectRef result() {
        return result == null ? null : result.first();
    }

    public ObjectRef instrument() {
        return instrument == null ? null : instrument.first();
    }

    public RefList instrumentRefs() {
        return instrument == null ? RefList.empty() : instrument;
    }
}
