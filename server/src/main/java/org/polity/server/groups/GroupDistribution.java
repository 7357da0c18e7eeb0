package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Optional;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.activitypub.HostSoftware;
import org.polity.server.activitypub.ObjectService;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteActors;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupPost;
import org.polity.server.model.StoredActivity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of our groups re-sends what it accepted to its members' servers (FEP-1b12): an {@code Announce} wrapping
 * the activity; for Mastodon, which does not read an announced Create, a public thread or comment is also
 * announced as the object itself, as Lemmy does (Polity receivers recognise the second one and ignore it).
 */
public final class GroupDistribution {
    private static final Logger log = LoggerFactory.getLogger(GroupDistribution.class);

    private final Polity polity;
    private final RemoteActors actors;
    private final Publisher publisher;
    private final GroupQueries queries;

    GroupDistribution(Polity polity, RemoteActors actors, Publisher publisher, GroupQueries queries) {
        this.polity = polity;
        this.actors = actors;
        this.publisher = publisher;
        this.queries = queries;
    }

    /**
     * One of our groups re-sends an accepted activity to its members' servers (FEP-1b12): an Announce wrapping
     * the activity, and for a public Create also an Announce of the object itself, for Mastodon.
     */
    public void distribute(Actor group, JsonNode activity) {
        if (!group.local() || group.type() != ActorType.Group) {
            return;
        }
        boolean membersOnly = queries.info(group).map(GroupInfo::membersOnly).orElse(false);
        ObjectNode inner = activity.deepCopy();
        inner.remove("@context");
        inner.remove("bto");
        inner.remove("bcc");
        ObjectNode announce = publisher.activity(group, "Announce");
        announce.set("object", inner);
        // Public only when what is re-sent is public itself; otherwise to the members alone.
        JsonNode innerObject = inner.get("object") instanceof ObjectNode o ? o : inner;
        boolean open = !membersOnly && (GroupAddressing.isPublic(inner) || GroupAddressing.isPublic(innerObject));
        announce.set("to", open ? Publisher.array(ActivityStreams.PUBLIC) : Publisher.array(group.followersUri()));
        announce.set("cc", open ? Publisher.array(group.followersUri()) : Publisher.JSON.createArrayNode());
        announce.put("audience", group.uri());
        publisher.publish(group, announce);
        String type = inner.path("type").asText();
        if (!membersOnly && type.equals("Create") && inner.get("object") instanceof ObjectNode object
                && Publisher.addresses(object, "to").stream().anyMatch(ActivityStreams::isPublic)) {
            // For Mastodon and others that do not read an announced Create: the post itself, by id; only to
            // servers not known to read FEP-1b12 (as Lemmy does), so Polity and Lemmy peers get one request.
            ObjectNode boost = publisher.activity(group, "Announce");
            boost.put("object", object.path("id").asText());
            boost.set("to", Publisher.array(ActivityStreams.PUBLIC));
            boost.set("cc", Publisher.array(group.followersUri()));
            boost.put("audience", group.uri());
            HostSoftware software = polity.federation().hostSoftware();
            publisher.publish(group, boost, tx -> { }, inbox -> {
                try {
                    return !software.readsGroupAnnounces(HostSoftware.authority(URI.create(inbox)));
                } catch (IllegalArgumentException e) {
                    return true;
                }
            });
        }
    }

    /** After one of our actors published an activity about a post in one of our groups: the group re-sends it. */
    public void afterLocalPublish(StoredActivity activity) {
        if (activity.objectUri() == null) {
            return;
        }
        Optional<GroupPost> post = polity.storage().stores().groups().findPost(activity.objectUri());
        if (post.isEmpty()) {
            return;
        }
        actors.known(post.get().groupUri()).filter(Actor::local).ifPresent(group -> {
            try {
                distribute(group, ObjectService.readTree(activity.payload()));
            } catch (RuntimeException e) {
                log.warn("group {} could not re-send {}", group.acct(), activity.uri(), e);
            }
        });
    }
}
