package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.InboxRoutes;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.RemoteActors;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.StoredObject;
import org.polity.server.storage.Stores;

/**
 * Group bans on the wire, in Lemmy's form ({@code crates/apub/src/activities/block/block_user.rs}): a {@code Block}
 * whose {@code actor} is the moderator, {@code object} the banned person, {@code target} the group, with
 * {@code summary} (the reason), optional {@code removeData} and {@code expires} (Lemmy before 0.19: {@code endTime});
 * lifting the ban is an {@code Undo} of it. Ours are sent to the banned person's server and re-sent by the group to
 * its members' servers (FEP-1b12). A {@code Block} without a {@code target} is a person blocking a person
 * (Mastodon) and is not a ban: it is not handled here.
 *
 * <p>Trust: only the group's host bans in a group. A ban of a remote group is believed when its actor is on the
 * group's host (or the group itself announces it); a ban in one of our groups when its actor moderates it.
 */
public final class GroupBans {
    private final Polity polity;
    private final RemoteActors actors;
    private final Publisher publisher;
    private final GroupQueries queries;
    private final GroupDistribution distribution;

    GroupBans(Polity polity, RemoteActors actors, Publisher publisher, GroupQueries queries,
            GroupDistribution distribution) {
        this.polity = polity;
        this.actors = actors;
        this.publisher = publisher;
        this.queries = queries;
        this.distribution = distribution;
    }

    /** A parsed ban: who, whom, in which group, why, whether to remove their posts, until when. */
    public record Ban(String actorUri, String personUri, String groupUri, String reason, boolean removeData,
            Instant expires) {}

    /** The ban a {@code Block} with a target says, or empty when it is not one (no target: a person's block). */
    public static Optional<Ban> parse(JsonNode block) {
        if (block == null || !block.isObject() || !"Block".equals(block.path("type").asText())) {
            return Optional.empty();
        }
        String target = ApReader.idOf(block.get("target"));
        String person = ApReader.idOf(block.get("object"));
        String actor = ApReader.idOf(block.get("actor"));
        if (target == null || person == null || actor == null) {
            return Optional.empty();
        }
        Instant expires = null;
        for (String field : List.of("expires", "endTime")) {
            if (block.path(field).isTextual()) {
                try {
                    expires = Instant.parse(block.get(field).asText());
                } catch (RuntimeException e) {
                    // an unreadable date: the ban holds without an end
                }
            }
        }
        String reason = block.path("summary").isTextual() ? block.get("summary").asText() : "";
        return Optional.of(new Ban(actor, person, target, reason.length() > 1000 ? reason.substring(0, 1000) : reason,
                block.path("removeData").asBoolean(false), expires));
    }

    /** Tells the banned person's server, and the group's members' servers, that a moderator of ours banned someone. */
    public void sendBan(Actor by, Actor group, Actor banned, String reason) {
        ObjectNode block = block(by, group, banned, reason);
        StoredActivity sent = publisher.publish(by, block, tx -> { }, inbox -> true, inboxOf(banned));
        distribution.distribute(group, readTree(sent.payload()));
    }

    /** Lifting a ban: an Undo of the Block, to the same servers. */
    public void sendUnban(Actor by, Actor group, Actor banned) {
        ObjectNode undo = publisher.activity(by, "Undo");
        undo.set("to", Publisher.array(ActivityStreams.PUBLIC));
        undo.set("cc", Publisher.array(group.uri()));
        undo.put("audience", group.uri());
        undo.set("object", block(by, group, banned, null));
        StoredActivity sent = publisher.publish(by, undo, tx -> { }, inbox -> true, inboxOf(banned));
        distribution.distribute(group, readTree(sent.payload()));
    }

    private ObjectNode block(Actor by, Actor group, Actor banned, String reason) {
        ObjectNode block = publisher.activity(by, "Block");
        block.set("to", Publisher.array(ActivityStreams.PUBLIC));
        block.set("cc", Publisher.array(group.uri()));
        block.put("audience", group.uri());
        block.put("object", banned.uri());
        block.put("target", group.uri());
        block.put("removeData", false);
        if (reason != null && !reason.isBlank()) {
            block.put("summary", reason.strip());
        }
        return block;
    }

    private List<String> inboxOf(Actor person) {
        List<String> out = new ArrayList<>();
        if (!person.local()) {
            out.add(person.sharedInboxUri() != null ? person.sharedInboxUri() : person.inboxUri());
        }
        return out;
    }

    /**
     * A ban (or, with {@code lifted}, its Undo) received from {@code sender} (the signer, or the group announcing
     * it). Returns what was done, or empty when the sender may not ban in that group or the ban names no group we
     * know. {@code via} is the group when it announced the activity.
     */
    public Optional<String> receive(Actor sender, Ban ban, boolean lifted, Actor via) throws Exception {
        Optional<Actor> groupFound = actors.known(ban.groupUri()).filter(a -> a.type() == ActorType.Group);
        if (groupFound.isEmpty()) {
            return Optional.empty();
        }
        Actor group = groupFound.get();
        if (!ban.actorUri().equals(sender.uri()) && (via == null || !via.uri().equals(group.uri()))) {
            return Optional.empty(); // the signer must be the ban's actor, or the group itself re-sending it
        }
        if (group.local()) {
            if (!queries.canModerate(group, sender)) {
                return Optional.empty();
            }
        } else if (via == null && !InboxRoutes.sameOrigin(URI.create(ban.actorUri()), URI.create(group.uri()))) {
            return Optional.empty(); // only the group's host bans in its group (or the group, re-sending it)
        }
        Actor person = actors.resolve(ban.personUri(), org.polity.federation.http.FetchBudget.perRequest());
        if (person.type() == ActorType.Group || person.id() == group.id()) {
            return Optional.empty();
        }
        Actor by = actors.known(ban.actorUri()).orElse(sender);
        Instant now = polity.clock().instant();
        String done = polity.storage().transaction(tx -> {
            if (lifted) {
                return tx.groups().deleteBan(group.id(), person.id()) ? "lifted the ban of " + person.acct()
                        : "no ban of " + person.acct();
            }
            if (ban.expires() != null && !ban.expires().isAfter(now)) {
                return "a ban of " + person.acct() + " that has already ended";
            }
            tx.groups().insertBan(group.id(), person.id(), by.id(), now, ban.expires());
            tx.groups().removeRole(group.id(), person.id());
            tx.follows().findFollow(person.id(), group.id()).ifPresent(f -> tx.follows().delete(f.id()));
            int removed = ban.removeData() ? removePosts(tx, person, group, now) : 0;
            if (group.local()) {
                polity.audit().record(tx, by.id(), org.polity.server.audit.AuditLog.GROUP_REMOVE_MEMBER,
                        person.acct(), "group " + group.acct() + (ban.reason().isEmpty() ? "" : "; " + ban.reason()));
            }
            return "banned " + person.acct() + " from " + group.acct() + (removed > 0 ? ", " + removed + " posts removed" : "");
        });
        return Optional.of(done);
    }

    /** With {@code removeData}: the banned person's posts in the group leave it (remote copies become Tombstones). */
    private int removePosts(Stores tx, Actor person, Actor group, Instant now) {
        int removed = 0;
        long before = Long.MAX_VALUE;
        while (true) {
            List<StoredObject> page = tx.objects().findObjectsByAuthor(person.id(), before, 500);
            if (page.isEmpty()) {
                return removed;
            }
            for (StoredObject o : page) {
                before = Math.min(before, o.id());
                var post = tx.groups().findPost(o.uri()).filter(p -> p.groupUri().equals(group.uri()));
                if (post.isEmpty()) {
                    continue;
                }
                boolean gone = o.local() ? tx.groups().deletePost(o.uri()) : tx.objects().markDeleted(o.uri(), now);
                if (gone) {
                    removed++;
                    if (!post.get().isThread()) {
                        tx.groups().touchThread(post.get().threadUri(), -1, now);
                    }
                }
            }
        }
    }

    private static JsonNode readTree(String json) {
        return org.polity.server.activitypub.ObjectService.readTree(json);
    }
}
