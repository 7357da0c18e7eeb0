package org.polity.server.convert;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import org.polity.federation.vocab.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.text.Html;

/** Wire vocabulary to domain model (converters named by direction, as GoToSocial does). */
public final class ApToModel {
    private ApToModel() {}

    /**
     * A remote actor document as we store it. The caller has already checked that the document was fetched
     * from its own id; this checks what the document itself must hold and sanitises what people will see.
     *
     * @throws IllegalArgumentException with the reason when the document is not a usable actor
     */
    public static org.polity.server.model.Actor remoteActor(Actor ap, long id, Instant now) {
        String uri = require(ap.id(), "id");
        URI parsed = URI.create(uri);
        if (parsed.getHost() == null || !(uri.startsWith("https://") || uri.startsWith("http://"))) {
            throw new IllegalArgumentException("actor id is not an http(s) URL: " + uri);
        }
        ActorType type = null;
        for (String t : ap.types()) {
            try {
                type = ActorType.fromWire(t);
                break;
            } catch (IllegalArgumentException notActor) {
                // try the next type
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("not an actor type: " + ap.types());
        }
        if (ap.publicKey() == null || ap.publicKey().publicKeyPem() == null || ap.publicKey().id() == null) {
            throw new IllegalArgumentException("actor " + uri + " publishes no publicKey");
        }
        if (ap.publicKey().owner() != null && !ap.publicKey().owner().equals(uri)) {
            throw new IllegalArgumentException("the key of " + uri + " is owned by " + ap.publicKey().owner());
        }
        String host = parsed.getHost().toLowerCase(Locale.ROOT);
        String domain = parsed.getPort() == -1 ? host : host + ":" + parsed.getPort();
        String username = ap.preferredUsername() == null || ap.preferredUsername().isBlank()
                ? lastSegment(parsed) : ap.preferredUsername().strip();
        String name = ap.name() == null ? "" : ap.name().strip();
        return new org.polity.server.model.Actor(id, uri, type, truncate(username, 64), domain, false,
                truncate(name, 200), ap.summary() == null ? "" : Html.sanitize(ap.summary()),
                require(ap.inbox(), "inbox"),
                ap.endpoints() == null ? null : ap.endpoints().sharedInbox(),
                sameOrigin(ap.outbox(), parsed), sameOrigin(ap.followers(), parsed), sameOrigin(ap.following(), parsed),
                ap.urlString(), ap.publicKey().id(),
                ap.publicKey().publicKeyPem(), Boolean.TRUE.equals(ap.manuallyApprovesFollowers()), now, now);
    }

    /**
     * A collection of the actor only when it lives on the actor's own origin: an actor naming someone else's
     * followers collection as its own would otherwise be treated as its owner (who may read what is addressed
     * to it, ObjectService.visibleTo). Anything else is dropped.
     */
    static String sameOrigin(String collection, URI actor) {
        if (collection == null) {
            return null;
        }
        try {
            return org.polity.federation.resolve.ObjectFetcher.sameOrigin(URI.create(collection), actor)
                    ? collection : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String lastSegment(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String[] parts = path.split("/");
        return parts.length == 0 ? uri.getHost() : parts[parts.length - 1];
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("actor has no " + field);
        }
        return value;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
