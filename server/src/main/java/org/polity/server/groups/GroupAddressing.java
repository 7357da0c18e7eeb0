package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;

/**
 * How group posts and moderation activities are addressed (to the group and Public, or, members-only, to the
 * group and its members), and how a received object's addressing is read.
 */
public final class GroupAddressing {
    private final GroupQueries queries;

    GroupAddressing(GroupQueries queries) {
        this.queries = queries;
    }

    /** The addressing of a group post: to the group and Public (members-only: to the group, cc its members). */
    ArrayNode address(Actor group, boolean to) {
        boolean membersOnly = queries.membersOnly(group);
        if (to) {
            return membersOnly ? Publisher.array(group.uri()) : Publisher.array(group.uri(), ActivityStreams.PUBLIC);
        }
        return group.followersUri() == null ? Publisher.JSON.createArrayNode() : Publisher.array(group.followersUri());
    }

    /**
     * Addresses a new thread of ours to its group (FEP-1b12): {@code audience} the group, {@code to} the group
     * and Public (members-only: the group alone), {@code cc} its members. Discussions, questions and resources
     * posted in a group all go through here.
     */
    public void addressThread(ObjectNode object, Actor group) {
        object.put("audience", group.uri());
        object.set("to", address(group, true));
        object.set("cc", address(group, false));
    }

    /** The addressing of a moderation activity: to the group, cc Public (or the members, when members-only). */
    void moderationAddressing(ObjectNode activity, Actor group) {
        activity.set("to", Publisher.array(group.uri()));
        activity.set("cc", address(group, true).size() > 1 ? Publisher.array(ActivityStreams.PUBLIC)
                : Publisher.array(group.followersUri()));
        activity.put("audience", group.uri());
    }

    /** Whether an object is addressed to the group, its members or the Public collection. */
    static boolean addressesGroupOrPublic(JsonNode object, Actor group) {
        for (String field : List.of("to", "cc", "audience")) {
            for (String uri : Publisher.addresses(object, field)) {
                if (ActivityStreams.isPublic(uri) || uri.equals(group.uri()) || uri.equals(group.followersUri())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an object is addressed to the Public collection (to or cc). */
    public static boolean isPublic(JsonNode object) {
        return Publisher.addresses(object, "to").stream().anyMatch(ActivityStreams::isPublic)
                || Publisher.addresses(object, "cc").stream().anyMatch(ActivityStreams::isPublic);
    }

    static ArrayNode array(Set<String> values) {
        ArrayNode a = Publisher.JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
