package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteActors;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.GroupPost;
import org.polity.server.model.GroupThread;
import org.polity.server.service.Message;
import org.polity.server.service.Forbidden;
import org.polity.server.storage.Stores;

/**
 * Where a post belongs (its group and thread), what a group's host accepts into one of our groups, and the
 * record of a post that entered a group, for posts of ours and received ones alike.
 */
public final class Placements {
    private final Polity polity;
    private final RemoteActors actors;
    private final GroupQueries queries;

    Placements(Polity polity, RemoteActors actors, GroupQueries queries) {
        this.polity = polity;
        this.actors = actors;
        this.queries = queries;
    }

    private Stores stores() {
        return polity.storage().stores();
    }

    /**
     * The group a post belongs to, from its {@code audience}, its addressing (a group we know), or the post
     * it replies to; empty when it is not a group post.
     */
    public Optional<Placement> placement(JsonNode object) {
        String inReplyTo = ApReader.idOf(object.get("inReplyTo"));
        if (inReplyTo != null) {
            Optional<GroupPost> parent = stores().groups().findPost(inReplyTo);
            if (parent.isPresent()) {
                // A reply joins the thread only when it is meant for the group: addressed to it or its members,
                // or public (Mastodon's public replies name only the parent's author). A reply to a few
                // people stays between them.
                return actors.known(parent.get().groupUri())
                        .filter(g -> GroupAddressing.addressesGroupOrPublic(object, g))
                        .map(g -> new Placement(g, parent.get().threadUri(), false, null));
            }
            return Optional.empty();
        }
        Set<String> candidates = new LinkedHashSet<>(Publisher.addresses(object, "audience"));
        candidates.addAll(Publisher.addresses(object, "to"));
        candidates.addAll(Publisher.addresses(object, "cc"));
        for (String uri : candidates) {
            if (ActivityStreams.isPublic(uri)) {
                continue;
            }
            Optional<Actor> group = actors.known(uri).filter(a -> a.type() == ActorType.Group);
            if (group.isPresent()) {
                return Optional.of(new Placement(group.get(), null, true,
                        GroupThread.Kind.parse(object.path("threadKind").asText(""))));
            }
        }
        return Optional.empty();
    }

    /**
     * What our group's host checks before a post (ours or received) enters one of our groups: the author is a
     * member and the thread is not locked. Throws {@link Forbidden} naming the reason.
     */
    public void admit(Actor author, Placement placement) {
        Actor group = placement.group();
        if (group.local() && stores().groups().isBanned(group.id(), author.id())) {
            throw new Forbidden(Message.of("groups.service.bannedFrom", group.displayName()));
        }
        if (!queries.isMember(group, author)) {
            throw new Forbidden(Message.of("groups.service.membersOnlyPost", group.displayName()));
        }
        if (!placement.newThread()) {
            GroupThread thread = stores().groups().findThread(placement.threadUri()).orElse(null);
            if (thread != null && thread.locked() && !queries.canModerate(group, author)) {
                throw new Forbidden(Message.of("groups.service.locked"));
            }
        }
    }

    /**
     * What our member's post into a group (ours or remote) must pass before anything is stored: in our group,
     * {@link #admit}; in a remote one, membership here and an unlocked thread (its host applies its own rules on
     * arrival). Throws {@link Forbidden} naming the reason. {@link org.polity.server.activitypub.ObjectCreation}
     * checks every post with it, and features check first with it before they store anything of their own
     * (a resource's file).
     */
    public void checkPosting(Actor author, Placement placement) {
        Actor group = placement.group();
        if (group.local()) {
            admit(author, placement);
        } else if (!queries.isMember(group, author)) {
            throw new Forbidden(Message.of("groups.service.membersOnlyPost", group.displayName()));
        } else if (!placement.newThread() && stores().groups().findThread(placement.threadUri())
                .filter(GroupThread::locked).isPresent()) {
            throw new Forbidden(Message.of("groups.service.locked"));
        }
    }

    /** A new thread in {@code group}, for {@link #checkPosting} before the post exists. */
    public static Placement newThread(Actor group) {
        return new Placement(group, null, true, GroupThread.Kind.DISCUSSION);
    }

    /**
     * Records a post that entered a group (ours or received, in our group or a remote one), in the caller's
     * transaction: the group post, the thread (new) or its reply count, and its hashtags.
     */
    public void record(Stores tx, Placement placement, String objectUri, JsonNode object, Instant at) {
        String threadUri = placement.newThread() ? objectUri : placement.threadUri();
        if (!tx.groups().insertPost(new GroupPost(objectUri, placement.group().uri(), threadUri, at))) {
            return;
        }
        if (placement.newThread()) {
            // A remote group's host says whether its thread is pinned, locked or answered (Lemmy's stickied and
            // commentsEnabled); in our groups only our moderators and askers decide, never the post itself.
            boolean remote = !placement.group().local();
            boolean pinned = remote && object.path("stickied").asBoolean(false);
            boolean locked = remote && object.has("commentsEnabled") && !object.path("commentsEnabled").asBoolean(true);
            tx.groups().insertThread(new GroupThread(objectUri, placement.group().uri(),
                    placement.kind() == null ? GroupThread.Kind.DISCUSSION : placement.kind(), pinned, locked,
                    remote ? ApReader.idOf(object.get("acceptedAnswer")) : null, 0, at));
        } else {
            tx.groups().touchThread(threadUri, 1, at);
        }
        tx.groups().insertTags(objectUri, Hashtags.tagNames(object));
    }

}
