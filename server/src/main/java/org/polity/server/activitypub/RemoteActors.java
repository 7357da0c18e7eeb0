package org.polity.server.activitypub;

import java.net.URI;
import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.webfinger.WebFingerResource;
import org.polity.server.Polity;
import org.polity.server.convert.ApToModel;
import org.polity.server.model.Actor;
import org.polity.server.service.Message;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.NotFound;

/**
 * Actors by URI or handle, ours or remote: remote ones are resolved through the federation library
 * (signed, guarded, cached) and kept in the actors table, refreshed when their cache entry expires.
 */
public final class RemoteActors implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RemoteActors.class);
    /** How long a remote group's reported member count is shown before it is read again (in the background). */
    static final java.time.Duration REPORT_FRESH = java.time.Duration.ofMinutes(10);

    private final Polity polity;
    private final java.util.Set<String> rereading = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.ThreadPoolExecutor counts = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(50), r -> {
                Thread t = new Thread(r, "polity-member-counts");
                t.setDaemon(true);
                return t;
            }); // a full queue refuses (RejectedExecutionException): that count is read on a later view

    public RemoteActors(Polity polity) {
        this.polity = polity;
    }

    /**
     * A remote group's page is shown with a member count read at {@code readAt} (empty: never): when that is older
     * than {@link #REPORT_FRESH}, it is read again in the background, so joins and departures on any server show
     * on the next view. The page never waits for the network.
     */
    public void refreshReportedMembersSoon(Actor group, Optional<java.time.Instant> readAt) {
        if (group.local() || group.type() != org.polity.server.model.ActorType.Group
                || readAt.filter(at -> at.plus(REPORT_FRESH).isAfter(polity.clock().instant())).isPresent()
                || !rereading.add(group.uri())) {
            return;
        }
        try {
            counts.execute(() -> {
                try {
                    readReportedMembers(group, FetchBudget.perRequest());
                } finally {
                    rereading.remove(group.uri());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            rereading.remove(group.uri()); // queue full, or shutting down
        }
    }

    @Override
    public void close() {
        counts.shutdownNow();
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
            return known(uri).orElseThrow(() -> new NotFound(Message.of("svc.actor.noLocal", uri)));
        }
        Optional<Actor> stored = known(uri);
        if (stored.isPresent() && stored.get().updatedAt().plus(FRESH).isAfter(polity.clock().instant())) {
            return stored.get();
        }
        return readReportedMembers(store(polity.federation().resolver().actor(URI.create(uri), budget)), budget);
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

    /**
     * For a remote group, reads how many members its host reports (the {@code totalItems} of its followers
     * collection, which {@link ApToModel} keeps only on the group's own origin) and records it, so every server
     * shows the host's number. Any failure keeps the previous report: the actor itself was fetched.
     */
    public Actor readReportedMembers(Actor actor, FetchBudget budget) {
        if (actor.local() || actor.type() != org.polity.server.model.ActorType.Group || actor.followersUri() == null) {
            return actor;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode collection = polity.federation().fetcher()
                    .fetch(URI.create(actor.followersUri()), budget);
            com.fasterxml.jackson.databind.JsonNode total = collection.path("totalItems");
            if (total.canConvertToLong() && total.asLong() >= 0) {
                polity.storage().stores().actors().setReportedFollowers(actor.id(), total.asLong(),
                        polity.clock().instant());
            }
        } catch (FetchException | RuntimeException e) {
            log.debug("could not read the member count of {}: {}", actor.uri(), e.getMessage());
        }
        return actor;
    }

    /** Refetches a remote actor (after an Update, or a key that failed). */
    public Actor refresh(String uri, FetchBudget budget) throws FetchException {
        polity.federation().resolver().invalidateActor(uri);
        return readReportedMembers(store(polity.federation().resolver().actor(URI.create(uri), budget)), budget);
    }

    /**
     * An actor from what a person types: {@code @name@host}, {@code name@host} or a URL, as Mastodon's search
     * box accepts. Local handles and URLs resolve without the network.
     */
    public Actor lookup(String query, FetchBudget budget) throws FetchException {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            throw InvalidInput.of("query", Message.of("svc.lookup.empty"));
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
            throw InvalidInput.of("query", Message.of("svc.lookup.invalid", q, String.valueOf(e.getMessage())));
        }
        if (acct.authority().equalsIgnoreCase(polity.uris().authority())) {
            return polity.actors().findLocal(acct.user().toLowerCase(java.util.Locale.ROOT))
                    .orElseThrow(() -> new NotFound(Message.of("svc.lookup.noOne", acct.user())));
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
                    .orElseThrow(() -> new NotFound(Message.of("svc.lookup.noProfile")));
        }
        throw new NotFound(Message.of("svc.lookup.noActorAt", url));
    }
}
