package org.polity.federation.resolve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.polity.federation.crypto.Pem;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.FetchException.Reason;
import org.polity.federation.signatures.KeyResolver;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.vocab.Actor;
import org.polity.federation.vocab.PublicKey;

/**
 * Remote actors and their keys, fetched through an {@link ObjectFetcher} and kept in Caffeine caches (by
 * actor id and by key id; one day, bounded). The application's own storage sits in front of this: it asks
 * here when it has nothing, or something stale.
 *
 * <h2>Key ownership</h2>
 * A key id resolves only when an actor document lists it. Two shapes are accepted:
 * <ul>
 *   <li>{@code https://a.example/users/alice#main-key} (Mastodon, Fedify, Polity): the document without the
 *       fragment is the actor; its {@code publicKey.id} must be the key id and {@code publicKey.owner} the
 *       actor's id.</li>
 *   <li>a separate key document ({@code id}, {@code owner}, {@code publicKeyPem}): its owner is fetched and
 *       must list the key id as its {@code publicKey.id}, as Mastodon's {@code FetchRemoteKeyService}
 *       requires. A key URL that serves its actor instead (GoToSocial's {@code /main-key}) is followed to
 *       the actor's id on the same origin.</li>
 * </ul>
 * Whether a key's actor may talk to this server at all (blocked domains, suspended accounts) is the
 * application's decision: the {@code keyOwnerAllowed} hook.
 */
public final class Resolver {
    /** Actor types ActivityStreams defines (Activity Vocabulary, section 2.1). */
    public static final Set<String> ACTOR_TYPES = Set.of("Person", "Group", "Service", "Application", "Organization");
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);
    public static final long DEFAULT_MAX_ENTRIES = 10_000;

    private final ObjectFetcher fetcher;
    private final Predicate<String> keyOwnerAllowed;
    private final Clock clock;
    private final Cache<String, Actor> actors;
    private final Cache<String, ResolvedKey> keys;
    private final Cache<String, ResolvedKey> assertionKeys;

    /**
     * @param keyOwnerAllowed the application's hook: false refuses every signature by that actor
     */
    public Resolver(ObjectFetcher fetcher, Predicate<String> keyOwnerAllowed, Duration ttl, long maxEntries,
            Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.keyOwnerAllowed = Objects.requireNonNull(keyOwnerAllowed, "keyOwnerAllowed");
        this.clock = clock;
        this.actors = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).recordStats().build();
        this.keys = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).recordStats().build();
        this.assertionKeys = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).recordStats()
                .build();
    }

    /** The resolver's caches by name (actors, keys, assertion keys), for the application's metrics. */
    public java.util.Map<String, Cache<String, ?>> caches() {
        return java.util.Map.of("resolver.actors", actors, "resolver.keys", keys, "resolver.assertion.keys",
                assertionKeys);
    }

    public Resolver(ObjectFetcher fetcher, Predicate<String> keyOwnerAllowed) {
        this(fetcher, keyOwnerAllowed, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
    }

    public ObjectFetcher fetcher() {
        return fetcher;
    }

    // --- actors ---

    /** The actor with this id, from the cache or fetched. */
    public Actor actor(URI id, FetchBudget budget) throws FetchException {
        Actor cached = actors.getIfPresent(id.toString());
        return cached != null ? cached : fetchActor(id, budget);
    }

    /** Fetches the actor whatever the cache holds, and caches it. */
    public Actor fetchActor(URI id, FetchBudget budget) throws FetchException {
        FetchedDocument doc = fetcher.fetchDocument(id, budget);
        Actor actor = toActor(doc);
        actors.put(actor.id(), actor);
        return actor;
    }

    /** Drops an actor (after an {@code Update} or {@code Delete} of it) and its key. */
    public void invalidateActor(String id) {
        Actor old = actors.getIfPresent(id);
        actors.invalidate(id);
        if (old != null && old.publicKey() != null && old.publicKey().id() != null) {
            keys.invalidate(old.publicKey().id());
        }
        String prefix = id + "#";
        assertionKeys.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    }

    public Optional<Actor> cachedActor(String id) {
        return Optional.ofNullable(actors.getIfPresent(id));
    }

    /**
     * Reads an actor document: an actor type, and a {@code publicKey} (when present) owned by the actor whose
     * id is the actor's own document or a separate key document.
     */
    static Actor toActor(FetchedDocument doc) throws FetchException {
        ObjectNode json = doc.json();
        URI at = doc.finalUrl();
        Actor actor;
        try {
            actor = Json.MAPPER.treeToValue(json, Actor.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new FetchException(Reason.INVALID_DOCUMENT, at, 0, at + " is not a readable actor: "
                    + e.getMessage(), e);
        }
        if (actor.id() == null) {
            throw new FetchException(Reason.INVALID_DOCUMENT, at, at + " is an actor without an id");
        }
        if (actor.types().stream().noneMatch(ACTOR_TYPES::contains)) {
            throw new FetchException(Reason.INVALID_DOCUMENT, at, at + " is a " + actor.types() + ", not an actor");
        }
        PublicKey key = actor.publicKey();
        if (key != null) {
            if (!actor.id().equals(key.owner())) {
                throw new FetchException(Reason.INVALID_DOCUMENT, at, "the key of " + actor.id()
                        + " names another owner: " + key.owner());
            }
            String keyId = key.id();
            if (keyId == null || !ObjectFetcher.sameOrigin(uri(keyId, at), uri(actor.id(), at))) {
                throw new FetchException(Reason.INVALID_DOCUMENT, at, "the key id " + keyId + " of " + actor.id()
                        + " is missing or on another origin");
            }
        }
        return actor;
    }

    // --- keys ---

    public Optional<ResolvedKey> cachedKey(String keyId) {
        return Optional.ofNullable(keys.getIfPresent(keyId));
    }

    /** The key, from the cache unless {@code refresh}, else fetched and checked as the class says. */
    public ResolvedKey key(String keyId, boolean refresh, FetchBudget budget) throws FetchException {
        if (!refresh) {
            ResolvedKey cached = keys.getIfPresent(keyId);
            if (cached != null) {
                return cached;
            }
        }
        return fetchKey(keyId, budget);
    }

    /** Fetches a key and its owner, whatever the caches hold, and caches both. */
    public ResolvedKey fetchKey(String keyId, FetchBudget budget) throws FetchException {
        uri(keyId, null); // an absolute URL, or refused
        int hash = keyId.indexOf('#');
        URI document = uri(hash < 0 ? keyId : keyId.substring(0, hash), null);
        FetchedDocument doc = fetcher.fetchLenient(document, budget);
        ObjectNode json = doc.json();
        Actor owner;
        String pem;
        if (isKeyDocument(json)) {
            if (!keyId.equals(doc.id())) {
                throw new FetchException(Reason.ID_MISMATCH, doc.finalUrl(), "the key document at "
                        + doc.finalUrl() + " has id " + doc.id() + ", not " + keyId);
            }
            URI ownerId = uri(text(json.get("owner")), doc.finalUrl());
            owner = fetchActor(ownerId, budget);
            pem = text(json.get("publicKeyPem"));
        } else {
            owner = toActor(doc);
            actors.put(owner.id(), owner);
            pem = owner.publicKey() == null ? null : owner.publicKey().publicKeyPem();
        }
        if (owner.publicKey() == null || !keyId.equals(owner.publicKey().id())) {
            throw new FetchException(Reason.INVALID_DOCUMENT, doc.finalUrl(), "the actor " + owner.id()
                    + " does not list the key " + keyId);
        }
        if (pem == null) {
            throw new FetchException(Reason.INVALID_DOCUMENT, doc.finalUrl(), "the key " + keyId + " has no publicKeyPem");
        }
        java.security.PublicKey publicKey;
        try {
            publicKey = Pem.publicKey(pem);
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.INVALID_DOCUMENT, doc.finalUrl(), 0, "the key " + keyId
                    + " is unreadable: " + e.getMessage(), e);
        }
        ResolvedKey resolved = new ResolvedKey(keyId, owner.id(), publicKey, clock.instant());
        keys.put(keyId, resolved);
        return resolved;
    }

    // --- assertion keys (FEP-8b32 object integrity proofs) ---

    /**
     * The Ed25519 key a proof's {@code verificationMethod} names, with its owner checked (FEP-521a): the document
     * without the fragment is an actor whose {@code assertionMethod} lists the method as a {@code Multikey} it
     * controls itself, on its own origin. The actor comes from the cache when it is there; a method the cached
     * actor does not list makes one refetch (a key added since). The application's {@code keyOwnerAllowed} hook
     * applies as to HTTP signature keys.
     */
    public ResolvedKey assertionKey(String methodId, FetchBudget budget) throws FetchException {
        ResolvedKey cached = assertionKeys.getIfPresent(methodId);
        if (cached != null) {
            return cached;
        }
        uri(methodId, null); // an absolute URL, or refused
        int hash = methodId.indexOf('#');
        URI document = uri(hash < 0 ? methodId : methodId.substring(0, hash), null);
        Actor fromCache = actors.getIfPresent(document.toString());
        Optional<ResolvedKey> found = fromCache == null ? Optional.empty() : assertionKeyOf(fromCache, methodId);
        Actor owner = fromCache;
        if (found.isEmpty()) {
            owner = fetchActor(document, budget);
            found = assertionKeyOf(owner, methodId);
        }
        if (found.isEmpty()) {
            throw new FetchException(Reason.INVALID_DOCUMENT, document, "the actor " + owner.id()
                    + " does not list " + methodId + " as an Ed25519 Multikey it controls in its assertionMethod");
        }
        if (!keyOwnerAllowed.test(found.get().ownerId())) {
            throw new FetchException(Reason.INVALID_DOCUMENT, document, "the actor " + found.get().ownerId()
                    + " is not allowed to talk to this server");
        }
        assertionKeys.put(methodId, found.get());
        return found.get();
    }

    private Optional<ResolvedKey> assertionKeyOf(Actor actor, String methodId) throws FetchException {
        URI actorId = uri(actor.id(), null);
        return org.polity.federation.proofs.AssertionMethods.find(Json.MAPPER.valueToTree(actor), methodId)
                .filter(m -> actor.id().equals(m.controller()))
                .filter(m -> {
                    try {
                        return ObjectFetcher.sameOrigin(uri(m.id(), actorId), actorId);
                    } catch (FetchException e) {
                        return false;
                    }
                })
                .map(m -> new ResolvedKey(m.id(), actor.id(), m.publicKey(), clock.instant()));
    }

    /**
     * A {@link KeyResolver} for one inbound request, spending {@code budget}. Without {@code refresh} it uses
     * the cache; with {@code refresh} (the verifier's second try after a failure) it refetches, once: a key
     * already fetched during this request is not fetched again.
     */
    public KeyResolver keyResolver(FetchBudget budget) {
        Set<String> fetchedNow = ConcurrentHashMap.newKeySet();
        return (keyId, refresh) -> {
            ResolvedKey key;
            try {
                Optional<ResolvedKey> cached = cachedKey(keyId);
                if (cached.isPresent() && (!refresh || fetchedNow.contains(keyId))) {
                    key = cached.get();
                } else {
                    key = fetchKey(keyId, budget);
                    fetchedNow.add(keyId);
                }
            } catch (FetchException e) {
                throw new SignatureException("cannot resolve key " + keyId + ": " + e.getMessage(), e);
            }
            if (!keyOwnerAllowed.test(key.ownerId())) {
                throw new SignatureException("the actor " + key.ownerId() + " is not allowed to talk to this server");
            }
            return key.publicKey();
        };
    }

    private static boolean isKeyDocument(ObjectNode json) {
        if (json.hasNonNull("publicKeyPem") && json.hasNonNull("owner")) {
            JsonNode type = json.get("type");
            List<String> types = type == null ? List.of() : type.isArray()
                    ? Json.MAPPER.convertValue(type, Json.MAPPER.getTypeFactory()
                            .constructCollectionType(List.class, String.class))
                    : List.of(type.asText());
            return types.stream().noneMatch(ACTOR_TYPES::contains);
        }
        return false;
    }

    private static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            return node.path("id").isTextual() ? node.get("id").asText() : null;
        }
        return node.isTextual() ? node.asText() : null;
    }

    private static URI uri(String value, URI context) throws FetchException {
        try {
            if (value == null) {
                throw new URISyntaxException("null", "missing");
            }
            URI u = new URI(value);
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new URISyntaxException(value, "not an absolute URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new FetchException(Reason.INVALID_DOCUMENT, context, "'" + value + "' is not an absolute URL");
        }
    }
}
