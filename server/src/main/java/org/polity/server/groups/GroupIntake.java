package org.polity.server.groups;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.activitypub.Backfill;
import org.polity.server.activitypub.RemoteObjects;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;

/**
 * What a remote group we belong to puts into its threads, stored here as if it had arrived live: one path for
 * the group's {@code Announce} ({@link AnnounceGroupHandler}) and for {@link Backfill}. The caller has
 * established trust already: the group's host vouches for the post (it announced it, or lists it in its
 * outbox), and the document was fetched from its own origin or embedded by it.
 */
public final class GroupIntake {
    private final Polity polity;
    private final Placements placements;

    GroupIntake(Polity polity, Placements groups) {
        this.polity = polity;
        this.placements = groups;
    }

    /** What happened to a post: stored and placed, placed only (held already), or stored outside any thread. */
    public enum Result { STORED, PLACED, NOT_PLACED }

    /**
     * Where {@code document} goes in {@code group}: by its audience, addressing or parent (the rules of
     * {@link Placements#placement}), or, for a reply whose parent we do not hold, by its context when that
     * is a thread of this group.
     */
    public Optional<Placement> placement(Actor group, JsonNode document) {
        return placements.placement(document)
                .filter(p -> p.group().id() == group.id())
                .or(() -> threadByContext(group, document));
    }

    /**
     * Stores {@code document} by {@code author} (the object must be attributed to them and live on their host:
     * {@link RemoteObjects#store}) with its place in the group's thread, in one transaction; a post held
     * already is placed if it was not. {@code notify} false for backfill, which tells no one.
     *
     * @throws IllegalArgumentException naming the broken rule
     */
    public Result receive(Actor author, JsonNode document, JsonNode activity,
            Optional<Placement> placement, boolean notify) {
        RemoteObjects.Stored stored = new RemoteObjects(polity).store(author, document, activity, (tx, row) ->
                placement.ifPresentOrElse(p -> placements.record(tx, p, row.uri(), document, row.publishedAt()),
                        () -> tx.groups().insertTags(row.uri(), Hashtags.tagNames(document))), notify);
        if (placement.isEmpty()) {
            return Result.NOT_PLACED;
        }
        if (!stored.created()) {
            // Held already (it reached us directly too): make sure it is placed in the thread.
            StoredObject row = stored.object();
            polity.storage().transaction(tx -> {
                placements.record(tx, placement.get(), row.uri(), document, row.publishedAt());
                return null;
            });
            return Result.PLACED;
        }
        return Result.STORED;
    }

    /** A reply whose parent we do not hold, placed by its context when that is a thread of this group. */
    private Optional<Placement> threadByContext(Actor group, JsonNode document) {
        String context = ApReader.idOf(document.get("context"));
        if (context == null || document.get("inReplyTo") == null) {
            return Optional.empty();
        }
        if (context.endsWith("/context")) {
            context = context.substring(0, context.length() - "/context".length());
        }
        return polity.storage().stores().groups().findThread(context)
                .filter(t -> t.groupUri().equals(group.uri()))
                .map(t -> new Placement(group, t.objectUri(), false, null));
    }
}
