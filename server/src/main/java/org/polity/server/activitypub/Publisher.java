package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;
import org.polity.server.storage.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes our actors' activities: gives them ids, stores them with their addressing, and queues one
 * delivery per remote inbox (followers through their shared inboxes, named actors through theirs), all in
 * one transaction, so an activity is either stored with every delivery or not at all. {@code bto} and
 * {@code bcc} are used for delivery and removed from what is sent and served (ActivityPub 6.1).
 */
public final class Publisher {
    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    public static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> ADDRESS_FIELDS = List.of("to", "cc", "bto", "bcc", "audience");

    private final Polity polity;
    private final RemoteActors actors;

    public Publisher(Polity polity, RemoteActors actors) {
        this.polity = polity;
        this.actors = actors;
    }

    /** A new activity id on this instance. */
    public String newActivityId() {
        return polity.uris().activity(UUID.randomUUID().toString());
    }

    /** A new object id on this instance. */
    public String newObjectId() {
        return polity.uris().object(UUID.randomUUID().toString());
    }

    /** A fresh activity document with context, id, type, actor and published time. */
    public ObjectNode activity(Actor actor, String type) {
        ObjectNode a = JSON.createObjectNode();
        a.put("@context", ActivityStreams.CONTEXT);
        a.put("id", newActivityId());
        a.put("type", type);
        a.put("actor", actor.uri());
        a.put("published", polity.clock().instant().toString());
        return a;
    }

    /** The visibility an addressing implies (Mastodon's four levels). */
    public static Visibility visibility(JsonNode document, Actor author) {
        List<String> to = addresses(document, "to");
        List<String> cc = addresses(document, "cc");
        if (to.stream().anyMatch(ActivityStreams::isPublic)) {
            return Visibility.PUBLIC;
        }
        if (cc.stream().anyMatch(ActivityStreams::isPublic)) {
            return Visibility.UNLISTED;
        }
        if (author.followersUri() != null && (to.contains(author.followersUri()) || cc.contains(author.followersUri()))) {
            return Visibility.FOLLOWERS;
        }
        return Visibility.DIRECT;
    }

    /** The IRIs in an addressing field (string, object with id, or array of either). */
    public static List<String> addresses(JsonNode document, String field) {
        List<String> out = new ArrayList<>();
        JsonNode node = document.get(field);
        if (node == null || node.isNull()) {
            return out;
        }
        for (JsonNode item : node.isArray() ? node : JSON.createArrayNode().add(node)) {
            if (item.isTextual()) {
                out.add(item.asText());
            } else if (item.isObject() && item.hasNonNull("id")) {
                out.add(item.get("id").asText());
            }
        }
        return out;
    }

    /** Every recipient of a document, over all addressing fields, without duplicates. */
    public static List<String> allRecipients(JsonNode document) {
        Set<String> all = new LinkedHashSet<>();
        for (String field : ADDRESS_FIELDS) {
            all.addAll(addresses(document, field));
        }
        return new ArrayList<>(all);
    }

    /**
     * Stores {@code activity} (performed by local {@code actor}) and queues its deliveries. Remote recipients
     * are resolved before the transaction (that may fetch); one that cannot be resolved is logged and skipped.
     */
    public StoredActivity publish(Actor actor, ObjectNode activity) {
        return publish(actor, activity, tx -> { });
    }

    /**
     * As {@link #publish(Actor, ObjectNode)}, and runs {@code alongside} (storing the object a Create carries,
     * an Update's new content, a reaction) in the same transaction, so the activity and its effect are stored
     * together or not at all. An exception from {@code alongside} stores nothing.
     */
    public StoredActivity publish(Actor actor, ObjectNode activity, java.util.function.Consumer<Stores> alongside) {
        return publish(actor, activity, alongside, inbox -> true);
    }

    /**
     * As {@link #publish(Actor, ObjectNode, java.util.function.Consumer)}, delivering only to the inboxes
     * {@code inboxes} accepts (a group's by-id Announce goes only to servers that need it).
     */
    public StoredActivity publish(Actor actor, ObjectNode activity, java.util.function.Consumer<Stores> alongside,
            java.util.function.Predicate<String> inboxes) {
        return publish(actor, activity, alongside, inboxes, List.of());
    }

    /**
     * As {@link #publish(Actor, ObjectNode, java.util.function.Consumer, java.util.function.Predicate)}, and also
     * to the inboxes {@code alsoTo} (a Delete to every server that was sent what it deletes).
     */
    public StoredActivity publish(Actor actor, ObjectNode activity, java.util.function.Consumer<Stores> alongside,
            java.util.function.Predicate<String> inboxes, java.util.Collection<String> alsoTo) {
        if (!actor.local()) {
            throw new IllegalArgumentException("only local actors publish");
        }
        List<String> recipients = allRecipients(activity);
        Set<String> targets = new LinkedHashSet<>();
        FetchBudget budget = new FetchBudget(50);
        for (String recipient : recipients) {
            if (ActivityStreams.isPublic(recipient) || polity.uris().isLocal(recipient)) {
                continue; // local readers see it through the database
            }
            try {
                Actor target = actors.resolve(recipient, budget);
                targets.add(target.sharedInboxUri() != null ? target.sharedInboxUri() : target.inboxUri());
            } catch (Exception e) {
                log.info("{} will not reach {}: {}", activity.path("id").asText(), recipient, e.getMessage());
            }
        }
        if (actor.followersUri() != null && recipients.contains(actor.followersUri())) {
            targets.addAll(polity.storage().stores().follows().findFollowerInboxes(actor.id()));
        }
        // The hub, for the public activities this instance sends it (hub.Hub#outboundInboxes).
        targets.addAll(new org.polity.server.hub.Hub(polity).outboundInboxes(actor, activity));
        for (String inbox : alsoTo) {
            if (!polity.uris().isLocal(inbox)) {
                targets.add(inbox);
            }
        }
        targets.removeIf(inbox -> !inboxes.test(inbox));
        // Domain policy: nothing is queued for a blocked domain (or, in allowlist mode, an unlisted one).
        targets.removeIf(inbox -> {
            boolean refused = polity.domainPolicy().refuses(inbox);
            if (refused) {
                log.debug("{} not queued for {}: domain policy", activity.path("id").asText(), inbox);
            }
            return refused;
        });
        ObjectNode sent = activity.deepCopy();
        sent.remove("bto");
        sent.remove("bcc");
        if (sent.get("object") instanceof ObjectNode object) {
            object.remove("bto");
            object.remove("bcc");
        }
        // FEP-8b32: what leaves carries the actor's integrity proof, so a copy relayed by anyone (the hub) can be
        // checked as ours. Signed once here: the stored copy, every delivery and the served activity are the same.
        ObjectNode signed = polity.proofKeys().sign(actor, sent);
        Visibility visibility = visibility(activity, actor);
        JsonNode object = activity.get("object");
        String objectUri = object == null ? null : object.isTextual() ? object.asText() : object.path("id").asText(null);
        StoredActivity stored = polity.storage().transaction(tx -> {
            alongside.accept(tx);
            StoredActivity row = tx.activities().insert(new StoredActivity(0, activity.get("id").asText(),
                    activity.get("type").asText(), actor.id(), objectUri, visibility, polity.clock().instant(),
                    signed.toString()));
            tx.objects().insertAddressing(row.uri(), recipients);
            tx.inbox().indexActivity(row.id()); // the owner's inbox page of each local addressee
            tx.deliveries().enqueue(row.id(), targets, polity.clock().instant());
            return row;
        });
        if (!targets.isEmpty()) {
            polity.federation().deliveries().wake();
        }
        return stored;
    }

    /** A JSON array of strings. */
    public static ArrayNode array(String... values) {
        ArrayNode array = JSON.createArrayNode();
        for (String v : values) {
            array.add(v);
        }
        return array;
    }
}
