package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.polity.federation.vocab.ApReader;
import org.polity.server.Polity;
import org.polity.server.groups.Hashtags;
import org.polity.server.model.Actor;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredObject;
import org.polity.server.model.Visibility;
import org.polity.server.text.Html;

/**
 * Objects other servers send us (Create, Update, Delete of Notes, Pages, Articles, ...): stored with sanitised
 * HTML and their addressing, changed or deleted by their owner only.
 */
public final class RemoteObjects {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RemoteObjects.class);
    /** Objects we store; other types (Video, Event, ...) are acknowledged but not kept yet. */
    public static final Set<String> STORED_TYPES = Set.of("Note", "Page", "Article", "Question", "Document",
            "Image", "Audio", "Video", "Event");

    private final Polity polity;

    public RemoteObjects(Polity polity) {
        this.polity = polity;
    }

    /** The result of storing: the object, and whether it was new. */
    public record Stored(StoredObject object, boolean created) {}

    /**
     * Stores a received object attributed to {@code author}. The caller has checked that {@code author} is the
     * verified sender; here the object itself must say so (attributedTo) and live on the author's host.
     *
     * @throws IllegalArgumentException naming the broken rule (the handler turns it into a rejection)
     */
    public Stored store(Actor author, JsonNode object, JsonNode activity) {
        return store(author, object, activity, (tx, row) -> { });
    }

    /**
     * As {@link #store(Actor, JsonNode, JsonNode)}, and runs {@code alongside} (placing the post in its group's
     * thread, its hashtags) in the same transaction, so a post is never stored without them.
     */
    public Stored store(Actor author, JsonNode object, JsonNode activity,
            java.util.function.BiConsumer<org.polity.server.storage.Stores, StoredObject> alongside) {
        return store(author, object, activity, alongside, true);
    }

    /**
     * As {@link #store(Actor, JsonNode, JsonNode, java.util.function.BiConsumer)}; {@code notify} false stores
     * the post without telling anyone of it (a backfilled post is old news: {@link Backfill}).
     */
    public Stored store(Actor author, JsonNode object, JsonNode activity,
            java.util.function.BiConsumer<org.polity.server.storage.Stores, StoredObject> alongside, boolean notify) {
        String id = ApReader.idOf(object.get("id"));
        if (id == null) {
            throw new IllegalArgumentException("the object has no id");
        }
        if (!InboxRoutes.sameOrigin(URI.create(id), URI.create(author.uri()))) {
            throw new IllegalArgumentException("object " + id + " is not on its author's host");
        }
        // Domain policy, whichever path brought it (an inbox item queued before a block, a backfill page, a group).
        if (polity.domainPolicy().refuses(id)) {
            throw new IllegalArgumentException("object " + id + " is from a domain this server does not federate with");
        }
        List<String> attributedTo = Publisher.addresses(object, "attributedTo");
        if (!attributedTo.isEmpty() && !attributedTo.contains(author.uri())) {
            throw new IllegalArgumentException("object " + id + " is attributed to " + attributedTo
                    + ", not to the sender " + author.uri());
        }
        Optional<StoredObject> existing = polity.storage().stores().objects().findObjectByUri(id);
        if (existing.isPresent()) {
            return new Stored(existing.get(), false);
        }
        List<String> recipients = recipients(object, activity);
        Visibility visibility = Publisher.visibility(addressingDocument(recipients, object, activity), author);
        List<String> types = org.polity.federation.inbox.InboxDispatcher.types(object);
        String type = types.get(0);
        Instant published = instant(object.path("published").asText(null)).orElse(polity.clock().instant());
        String inReplyTo = ApReader.idOf(object.get("inReplyTo"));
        String context = Optional.ofNullable(ApReader.idOf(object.get("context")))
                .orElse(ApReader.idOf(object.get("conversation")));
        StoredObject stored;
        try {
            stored = polity.storage().transaction(tx -> {
                StoredObject row = tx.objects().insert(new StoredObject(0, id, type, author.id(), false,
                        text(object, "name", 500), content(object), inReplyTo, context, url(object), visibility,
                        published, null, null, object.toString(), ObjectKind.of(types)));
                tx.objects().insertAddressing(id, recipients);
                alongside.accept(tx, row);
                if (row.kind() == ObjectKind.CASE_STUDY) {
                    org.polity.server.casestudies.CaseStudyIntake.received(tx, row, object);
                }
                org.polity.server.challenges.ChallengeIntake.received(tx, row, object);
                return row;
            });
        } catch (RuntimeException e) {
            // Another writer (the inbox worker and a backfill, both given the same post) stored it between the
            // look-up above and this insert, and the unique uri refused ours: it is held, as if found above.
            // (Both engines; PostgreSQL's concurrent transactions made it show, ConcurrentRemoteStoreTest.)
            Optional<StoredObject> raced = polity.storage().stores().objects().findObjectByUri(id);
            if (raced.isPresent()) {
                return new Stored(raced.get(), false);
            }
            throw e;
        }
        if (notify) {
            polity.notifications().posted(stored.uri());
            new org.polity.server.challenges.ChallengeRelay(polity).afterReceived(stored);
        }
        return new Stored(stored, true);
    }

    /** An Update of an object by its owner: content, name and payload replaced. */
    public boolean update(Actor author, JsonNode object) {
        String id = ApReader.idOf(object.get("id"));
        Optional<StoredObject> existing = id == null ? Optional.empty()
                : polity.storage().stores().objects().findObjectByUri(id);
        if (existing.isEmpty()) {
            return false;
        }
        if (existing.get().attributedToId() != author.id()) {
            throw new IllegalArgumentException("only the author of " + id + " may update it");
        }
        Instant updated = instant(object.path("updated").asText(null)).orElse(polity.clock().instant());
        StoredObject row = existing.get();
        if (isStale(row, object)) {
            // Updates can arrive out of order (two deliveries in flight, a relay beside the direct copy): an older
            // version than the one held is not applied over it, as Mastodon does with an edit's `updated`.
            log.info("Update of {} ignored: its version ({}) is older than the one held ({})", id,
                    object.path("updated").asText(), row.updatedAt());
            return false;
        }
        boolean changed = polity.storage().transaction(tx -> {
            boolean replaced = tx.objects().update(id, text(object, "name", 500), content(object),
                    object.toString(), updated);
            if (replaced && row.kind() == ObjectKind.CASE_STUDY) {
                // A received case study keeps its prior version (docs/vocabulary.md, "Case studies").
                org.polity.server.casestudies.CaseStudyIntake.updated(tx, row, object, updated);
            }
            if (replaced) {
                org.polity.server.challenges.ChallengeIntake.updated(tx, row, object, updated);
            }
            return replaced;
        });
        if (changed) {
            new org.polity.server.challenges.ChallengeRelay(polity).afterUpdated(row);
        }
        return changed;
    }

    /**
     * Whether {@code object} is an older version of {@code row} than the one stored: its {@code updated} is before
     * the stored one. An Update without {@code updated}, or of a row never updated, is not stale.
     */
    public static boolean isStale(StoredObject row, JsonNode object) {
        Optional<Instant> incoming = instant(object.path("updated").asText(null));
        return incoming.isPresent() && row.updatedAt() != null && incoming.get().isBefore(row.updatedAt());
    }

    /** What a URL pasted into search names: a post we hold (now), or else the id of an actor to show. */
    public record Found(Optional<StoredObject> object, String actorUri) {}

    /**
     * A post by its URL, as a member pastes it into search: ours and those we hold by id without any fetch;
     * otherwise fetched through the guarded, signed fetcher (a Mastodon status URL serves its document when
     * asked for ActivityStreams; a different id must share the URL's origin), its author resolved and the post
     * stored as any received post is (on its author's host, attributed to them), without notifying anyone: it
     * may be months old. When the document is an actor, its id is returned instead for the actor card; anything
     * else is empty.
     */
    public Found lookup(String url, org.polity.federation.http.FetchBudget budget)
            throws org.polity.federation.http.FetchException {
        var objects = polity.storage().stores().objects();
        Optional<StoredObject> held = objects.findObjectByUri(url).filter(o -> !o.deleted());
        if (held.isPresent() || polity.uris().isLocal(url)) {
            return new Found(held, null);
        }
        var document = polity.federation().fetcher().fetchLenient(URI.create(url), budget);
        JsonNode json = document.json();
        List<String> types = org.polity.federation.inbox.InboxDispatcher.types(json);
        String id = document.id();
        if (types.stream().anyMatch(t -> Set.of("Person", "Group", "Service", "Application", "Organization")
                .contains(t))) {
            return new Found(Optional.empty(), id);
        }
        if (types.isEmpty() || !STORED_TYPES.contains(types.get(0))) {
            return new Found(Optional.empty(), null);
        }
        held = objects.findObjectByUri(id).filter(o -> !o.deleted());
        if (held.isPresent()) {
            return new Found(held, null);
        }
        List<String> attributedTo = Publisher.addresses(json, "attributedTo");
        if (attributedTo.isEmpty()) {
            return new Found(Optional.empty(), null);
        }
        Actor author = polity.federation().actors().resolve(attributedTo.get(0), budget);
        try {
            // Stored without notifications: the post may be months old, not news to those it answers or names.
            StoredObject row = store(author, json, null,
                    (tx, r) -> tx.groups().insertTags(r.uri(), Hashtags.tagNames(json)), false).object();
            return new Found(Optional.of(row), null);
        } catch (IllegalArgumentException broken) {
            return new Found(Optional.empty(), null); // not its author's, or not on the author's host
        }
    }

    /** A Delete of an object by its owner: it becomes a tombstone. */
    public boolean delete(Actor author, String id) {
        Optional<StoredObject> existing = polity.storage().stores().objects().findObjectByUri(id);
        if (existing.isEmpty()) {
            return false;
        }
        if (existing.get().attributedToId() != author.id()) {
            throw new IllegalArgumentException("only the author of " + id + " may delete it");
        }
        return polity.storage().stores().objects().markDeleted(id, polity.clock().instant());
    }

    private static List<String> recipients(JsonNode object, JsonNode activity) {
        Set<String> all = new LinkedHashSet<>(Publisher.allRecipients(object));
        if (activity != null) {
            all.addAll(Publisher.allRecipients(activity));
        }
        return new ArrayList<>(all);
    }

    private static JsonNode addressingDocument(List<String> recipients, JsonNode object, JsonNode activity) {
        // Visibility comes from where Public appears: to (public) or only cc (unlisted), in object or activity.
        ObjectNode doc = Publisher.JSON.createObjectNode();
        var to = doc.putArray("to");
        var cc = doc.putArray("cc");
        for (JsonNode source : new JsonNode[] {object, activity}) {
            if (source == null) {
                continue;
            }
            Publisher.addresses(source, "to").forEach(to::add);
            Publisher.addresses(source, "cc").forEach(cc::add);
            Publisher.addresses(source, "audience").forEach(cc::add);
        }
        return doc;
    }

    private static String content(JsonNode object) {
        JsonNode content = object.get("content");
        if ((content == null || !content.isTextual()) && object.get("contentMap") instanceof ObjectNode map
                && map.size() > 0) {
            content = map.elements().next();
        }
        String html = content != null && content.isTextual() ? content.asText() : "";
        if (html.length() > 200_000) {
            html = html.substring(0, 200_000);
        }
        return Html.sanitize(html);
    }

    private static String text(JsonNode object, String field, int max) {
        JsonNode node = object.get(field);
        if (node == null || !node.isTextual()) {
            return null;
        }
        String s = node.asText().strip();
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String url(JsonNode object) {
        JsonNode url = object.get("url");
        if (url == null) {
            return null;
        }
        if (url.isArray()) {
            url = url.size() == 0 ? null : url.get(0);
        }
        String value = url == null ? null : url.isTextual() ? url.asText() : url.path("href").asText(null);
        return value != null && value.length() <= 2048 && (value.startsWith("https://") || value.startsWith("http://"))
                ? value : null;
    }

    private static Optional<Instant> instant(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(java.time.OffsetDateTime.parse(value).toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
