package org.polity.server.blocks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.Publisher;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Follow;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;

/**
 * Members' blocks and mutes, in both directions and for local and remote actors alike: the profile pages, the
 * settings page and the inbox all come here.
 *
 * <p>A <b>block</b> works as Mastodon's does ({@code BlockService}, {@code ActivityPub::Activity::Block}): the
 * follows between the two end both ways (an {@code Undo} of ours, a {@code Reject} of theirs, when they are
 * remote), neither can follow the other again, neither sees the other's posts in feeds, threads and profiles
 * while logged in, and nothing of theirs notifies. When the blocked actor is remote, its server is sent a
 * {@code Block} (object: the actor, no target, so that it is never taken for a group ban) and, on unblock, an
 * {@code Undo} of it. A remote actor's {@code Block} of one of ours is kept the same way, from their side.
 *
 * <p>A <b>mute</b> hides the muted actor's posts from the member's feeds and threads, and by default their
 * notifications, for a while or until undone; follows stay and nothing is sent (a mute is private).
 */
public final class Blocks {
    /** The ends a mute may have, offered on the profile page; zero is "until I unmute". */
    public static final Set<Duration> MUTE_DURATIONS = Set.of(Duration.ZERO, Duration.ofHours(1), Duration.ofDays(1),
            Duration.ofDays(7), Duration.ofDays(30));

    private final Polity polity;

    public Blocks(Polity polity) {
        this.polity = polity;
    }

    /** Our actor {@code me} blocks {@code target}: follows end both ways, and a remote target's server is told. */
    public Block block(Actor me, Actor target) {
        checkTarget(me, target);
        Optional<Block> existing = store().find(me.id(), target.id(), Block.Kind.BLOCK);
        if (existing.isPresent()) {
            return existing.get();
        }
        sever(me, target);
        if (target.local()) {
            return store().upsert(me.id(), target.id(), Block.Kind.BLOCK, null, false, null, polity.clock().instant());
        }
        Publisher publisher = polity.federation().publisher();
        ObjectNode block = publisher.activity(me, "Block");
        block.put("object", target.uri());
        block.set("to", Publisher.array(target.uri()));
        String uri = block.get("id").asText();
        publisher.publish(me, block, tx -> tx.blocks().upsert(me.id(), target.id(), Block.Kind.BLOCK, uri, false,
                null, polity.clock().instant()));
        return store().find(me.id(), target.id(), Block.Kind.BLOCK).orElseThrow();
    }

    /** Our actor lifts its block of {@code target}; a remote target's server is sent the Undo. */
    public void unblock(Actor me, Actor target) {
        Block block = store().find(me.id(), target.id(), Block.Kind.BLOCK)
                .orElseThrow(() -> new NotFound(Message.of("blocks.error.notBlocked", target.acct())));
        if (target.local() || block.activityUri() == null) {
            store().delete(me.id(), target.id(), Block.Kind.BLOCK);
            return;
        }
        Publisher publisher = polity.federation().publisher();
        ObjectNode undo = publisher.activity(me, "Undo");
        ObjectNode original = Publisher.JSON.createObjectNode();
        original.put("id", block.activityUri());
        original.put("type", "Block");
        original.put("actor", me.uri());
        original.put("object", target.uri());
        undo.set("object", original);
        undo.set("to", Publisher.array(target.uri()));
        publisher.publish(me, undo, tx -> tx.blocks().delete(me.id(), target.id(), Block.Kind.BLOCK));
    }

    /**
     * Our actor mutes {@code target} for {@code duration} (zero: until unmuted), hiding its notifications too
     * when {@code notifications} is true. Muting again changes the end and the choice.
     */
    public Block mute(Actor me, Actor target, Duration duration, boolean notifications) {
        checkTarget(me, target);
        if (!MUTE_DURATIONS.contains(duration)) {
            throw InvalidInput.of("duration", Message.of("blocks.error.duration"));
        }
        Instant now = polity.clock().instant();
        return store().upsert(me.id(), target.id(), Block.Kind.MUTE, null, notifications,
                duration.isZero() ? null : now.plus(duration), now);
    }

    public void unmute(Actor me, Actor target) {
        if (!store().delete(me.id(), target.id(), Block.Kind.MUTE)) {
            throw new NotFound(Message.of("blocks.error.notMuted", target.acct()));
        }
    }

    /**
     * A remote actor's {@code Block} of one of ours (inbox). The follows between them end here without a word
     * back (their server ends its side itself), and our actor cannot follow them again until they undo it.
     */
    public boolean receiveBlock(Actor remote, Actor ours, JsonNode activity) {
        String id = ApReader.idOf(activity);
        for (Follow f : new Follow[] {findFollow(remote, ours), findFollow(ours, remote)}) {
            if (f != null) {
                polity.storage().stores().follows().delete(f.id());
            }
        }
        store().upsert(remote.id(), ours.id(), Block.Kind.BLOCK, id, false, null, polity.clock().instant());
        return true;
    }

    /** A remote actor's {@code Undo} of its Block (inbox): by the Block's id, else by actor and object. */
    public boolean receiveUndoBlock(Actor remote, JsonNode block) {
        String id = ApReader.idOf(block);
        Optional<Block> row = id == null ? Optional.empty()
                : store().findByActivityUri(id).filter(b -> b.actorId() == remote.id());
        if (row.isEmpty() && block.isObject()) {
            String object = ApReader.idOf(block.get("object"));
            row = object == null ? Optional.empty() : polity.storage().stores().actors().findActorByUri(object)
                    .filter(Actor::local).flatMap(ours -> store().find(remote.id(), ours.id(), Block.Kind.BLOCK));
        }
        return row.isPresent() && store().delete(remote.id(), row.get().targetId(), Block.Kind.BLOCK);
    }

    /** Whether either of the two blocks the other (a follow between them is refused). */
    public boolean blockedEitherWay(Actor a, Actor b) {
        return store().blockedEitherWay(a.id(), b.id());
    }

    /** The actors whose posts {@code viewer} does not see now (see {@link BlockStore#hiddenFrom}). */
    public Set<Long> hiddenFrom(Actor viewer) {
        return store().hiddenFrom(viewer.id(), polity.clock().instant());
    }

    /** The relation between a viewer and a profile they look at, for its buttons. */
    public Relation relation(Actor viewer, Actor other) {
        Instant now = polity.clock().instant();
        Optional<Block> mute = store().find(viewer.id(), other.id(), Block.Kind.MUTE).filter(b -> b.activeAt(now));
        return new Relation(store().find(viewer.id(), other.id(), Block.Kind.BLOCK).isPresent(), mute.orElse(null),
                store().find(other.id(), viewer.id(), Block.Kind.BLOCK).isPresent());
    }

    /**
     * What a viewer's profile buttons show.
     *
     * @param mute the viewer's mute of the profile, null when none
     * @param blockedBy whether the profile's owner blocks the viewer
     */
    public record Relation(boolean blocking, Block mute, boolean blockedBy) {
        public boolean muting() {
            return mute != null;
        }
    }

    /** Whether {@code me} may block or mute {@code target} (the profile page offers the buttons only then). */
    public static boolean blockable(Actor me, Actor target) {
        return refusal(me, target) == null;
    }

    /** Why {@code me} may not block or mute {@code target}: a message key, or null when it may. */
    private static String refusal(Actor me, Actor target) {
        if (me.id() == target.id()) {
            return "blocks.error.self";
        }
        if (target.type() == ActorType.Group) {
            return "blocks.error.group";
        }
        if (target.local() && org.polity.server.service.ActorService.INSTANCE_ACTOR.equals(target.username())) {
            return "blocks.error.instance";
        }
        return null;
    }

    private void checkTarget(Actor me, Actor target) {
        if (!me.local()) {
            throw new IllegalArgumentException("only our actors block or mute");
        }
        String refusal = refusal(me, target);
        if (refusal != null) {
            throw InvalidInput.of("target", Message.of(refusal));
        }
    }

    /** Ends the follows between our {@code me} and {@code other}, both ways, telling a remote other. */
    private void sever(Actor me, Actor other) {
        if (findFollow(me, other) != null) {
            polity.federation().follows().unfollow(me, other);
        }
        Follow theirs = findFollow(other, me);
        if (theirs != null) {
            polity.storage().stores().follows().delete(theirs.id());
            if (!other.local()) {
                ObjectNode follow = Publisher.JSON.createObjectNode();
                follow.put("id", theirs.activityUri());
                polity.federation().follows().refuse(me, other, follow);
            }
        }
    }

    private Follow findFollow(Actor follower, Actor followed) {
        return polity.storage().stores().follows().findFollow(follower.id(), followed.id()).orElse(null);
    }

    private BlockStore store() {
        return polity.storage().stores().blocks();
    }
}
