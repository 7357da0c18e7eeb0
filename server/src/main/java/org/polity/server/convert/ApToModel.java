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
     * What a remote actor document says of its organisation ({@code polity:organisation}, else a Mastodon
     * profile field named Organisation), country ({@code polity:country}, kept only when it is an ISO 3166-1
     * alpha-2 code) and avatar ({@code icon}: a URL, an Image or a Link, or several; the first http(s) URL).
     */
    public static org.polity.server.model.ActorProfile remoteProfile(Actor ap, long actorId) {
        String organisation = ap.organisation();
        if ((organisation == null || organisation.isBlank()) && ap.attachment() != null) {
            for (com.fasterxml.jackson.databind.JsonNode field : ap.attachment()) {
                String name = field.path("name").asText("");
                if (name.equalsIgnoreCase("organisation") || name.equalsIgnoreCase("organization")) {
                    organisation = Html.toPlainText(field.path("value").asText(""), 200);
                    break;
                }
            }
        }
        organisation = organisation == null || organisation.isBlank() ? null
                : truncate(organisation.strip().replaceAll("\\s+", " "), 200);
        String country = ap.country() == null ? null : ap.country().strip().toUpperCase(Locale.ROOT);
        if (country != null && !java.util.Set.of(Locale.getISOCountries()).contains(country)) {
            country = null;
        }
        return new org.polity.server.model.ActorProfile(actorId, organisation, country, iconUrl(ap.icon(), 0));
    }

    private static String iconUrl(com.fasterxml.jackson.databind.JsonNode icon, int depth) {
        if (icon == null || icon.isNull() || depth > 3) {
            return null;
        }
        if (icon.isTextual()) {
            String url = icon.asText().strip();
            return (url.startsWith("https://") || url.startsWith("http://")) && url.length() <= 2048 ? url : null;
        }
        if (icon.isArray()) {
            for (com.fasterxml.jackson.databind.JsonNode each : icon) {
                String url = iconUrl(each, depth + 1);
                if (url != null) {
                    return url;
                }
            }
            return null;
        }
        if (icon.has("url")) {
            return iconUrl(icon.get("url"), depth + 1);
        }
        return iconUrl(icon.get("href"), depth + 1);
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
