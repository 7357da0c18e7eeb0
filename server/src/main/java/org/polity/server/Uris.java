package org.polity.server;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that builds and parses this instance's IRIs (compare Mastodon's TagManager, GoToSocial's
 * uris package). The base URL is bound once, when the server knows it: configured, or derived from the port
 * it listens on.
 */
public final class Uris {
    private static final Pattern LOCAL_ACTOR_PATH = Pattern.compile("/users/([a-z0-9_]{1,30})");

    private volatile URI base;

    /** Binds the base URL; once only. */
    public void bind(URI baseUrl) {
        if (base != null && !base.equals(baseUrl)) {
            throw new IllegalStateException("base URL already bound to " + base);
        }
        String s = baseUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    public URI base() {
        URI b = base;
        if (b == null) {
            throw new IllegalStateException("the base URL is not bound yet");
        }
        return b;
    }

    /** {@code host} or {@code host:port}: the domain part of handles ({@code acct:name@host:port}). */
    public String authority() {
        URI b = base();
        return b.getPort() == -1 ? b.getHost() : b.getHost() + ":" + b.getPort();
    }

    public String url(String path) {
        return base() + path;
    }

    public String actor(String username) {
        return url("/users/" + username);
    }

    public String inbox(String username) {
        return actor(username) + "/inbox";
    }

    public String outbox(String username) {
        return actor(username) + "/outbox";
    }

    public String followers(String username) {
        return actor(username) + "/followers";
    }

    public String following(String username) {
        return actor(username) + "/following";
    }

    /** What the member liked (ActivityPub 5.8). */
    public String liked(String username) {
        return actor(username) + "/liked";
    }

    /** The Likes of one of our actors or objects (ActivityPub 5.7), by its id. */
    public String likes(String localIri) {
        return localIri + "/likes";
    }

    /** The Announces of one of our actors or objects (ActivityPub 5.8), by its id. */
    public String shares(String localIri) {
        return localIri + "/shares";
    }

    public String publicKeyId(String actorUri) {
        return actorUri + "#main-key";
    }

    public String profilePage(String username) {
        return url("/@" + username);
    }

    /** The page of one of our groups (its actor id stays {@code /users/name}, like every local actor's). */
    public String groupPage(String name) {
        return url("/groups/" + name);
    }

    public String sharedInbox() {
        return url("/inbox");
    }

    /** The instance actor (FEP-2677). */
    public String instanceActor() {
        return url("/actor");
    }

    public String instanceActorInbox() {
        return instanceActor() + "/inbox";
    }

    public String instanceActorOutbox() {
        return instanceActor() + "/outbox";
    }

    /** An activity performed by one of our actors. */
    public String activity(String id) {
        return url("/activities/" + id);
    }

    /** An object (post, comment, ...) created by one of our actors. */
    public String object(String id) {
        return url("/objects/" + id);
    }

    /** Whether {@code uri} is on this instance (same scheme, host and port). */
    public boolean isLocal(String uri) {
        return uri != null && (uri.equals(base().toString()) || uri.startsWith(base() + "/"));
    }

    /** The username of a local actor URI, if {@code uri} is one. */
    public Optional<String> localUsername(String uri) {
        String b = base().toString();
        if (!uri.startsWith(b)) {
            return Optional.empty();
        }
        Matcher m = LOCAL_ACTOR_PATH.matcher(uri.substring(b.length()));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
