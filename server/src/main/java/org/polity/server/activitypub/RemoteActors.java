package org.polity.server.activitypub;

import java.net.URI;
import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.webfinger.WebFingerResource;
import org.polity.server.Polity;
import org.polity.server.convert.ApToModel;
import org.polity.server.model.Actor;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Actors by URI or handle, ours or remote: remote ones are resolved through the federation library
 * (signed, guarded, cached) and kept in the actors table, refreshed when their cache entry expires.
 */
public final class RemoteActors {
    private final Polity polity;

    public RemoteActors(Polity polity) {
        this.polity = polity;
    }

    /** The stored actor for a URI, without any network access. */
    public Optional<Actor> known(String uri) {
        return polity.storage().stores().actors().findActorByUri(uri);
    }

    /** How long a stored remote actor is used without refetching it. */
    static final java.time.Duration FRESH = java.time.Duration.ofDays(1);

    /**
     * An actor by URI: ours from the store; a remote one from the store while fresh, else fetched and stored.
     */
    public Actor resolve(String uri, FetchBudget budget) throws FetchException {
        if (polity.uris().isLocal(uri)) {
            return known(uri).orElseThrow(() -> new NotFound("No actor " + uri + " on this instance."));
        }
        Optional<Actor> stored = known(uri);
        if (stored.isPresent() && stored.get().updatedAt().plus(FRESH).isAfter(polity.clock().instant())) {
            return stored.get();
        }
        return store(polity.federation().resolver().actor(URI.create(uri), budget));
    }

    /**
     * Stores a remote actor document that was fetched from its own id or sent signed by that actor: the actor,
     * and what its byline shows (organisation, country, avatar).
     */
    public Actor store(org.polity.federation.vocab.Actor document) {
        Actor stored = polity.storage().stores().actors().upsertRemote(
                ApToModel.remoteActor(document, 0, polity.clock().instant()));
        polity.storage().stores().actors().upsertProfile(ApToModel.remoteProfile(document, stored.id()),
                polity.clock().instant());
        return stored;
    }

    /** Refetches a remote actor (after an Update, or a key that failed). */
    public Actor refresh(String uri, FetchBudget budget) throws FetchException {
        polity.federation().resolver().invalidateActor(uri);
        return store(polity.federation().resolver().actor(URI.create(uri), budget));
    }

    /**
     * An actor from what a person types: {@code @name@host}, {@code name@host} or a URL, as Mastodon's search
     * box accepts. Local handles and URLs resolve without the network.
     */
    public Actor lookup(String query, FetchBudget budget) throws FetchException {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            throw InvalidInput.of("query", "Enter a handle such as @name@agency.example or a profile URL.");
        }
        if (q.startsWith("https://") || q.startsWith("http://")) {
            if (polity.uris().isLocal(q)) {
                return localByUrl(q);
            }
            return resolve(polity.federation().fetcher().fetchLenient(URI.create(q), budget).id(), budget);
        }
        WebFingerResource.Acct acct;
        try {
            acct = WebFingerResource.parseAcct(q);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("query", "'" + q + "' is not a handle (@name@host) or a URL: " + e.getMessage());
        }
        if (acct.authority().equalsIgnoreCase(polity.uris().authority())) {
            return polity.actors().findLocal(acct.user().toLowerCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new NotFound("No one called @" + acct.user() + " on this instance."));
        }
        URI id = polity.federation().webFinger().resolveActorId(q, budget);
        return resolve(id.toString(), budget);
    }

    private Actor localByUrl(String url) {
        Optional<Actor> byUri = known(url);
        if (byUri.isPresent()) {
            return byUri.get();
        }
        String profilePrefix = polity.uris().url("/@");
        if (url.startsWith(profilePrefix)) {
            return polity.actors().findLocal(url.substring(profilePrefix.length()))
                    .orElseThrow(() -> new NotFound("No such profile on this instance."));
        }
        throw new NotFound("No actor at " + url + ".");
    }
}
