package org.polity.server.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import org.polity.federation.proofs.Ed25519Keys;
import org.polity.federation.proofs.Multikey;
import org.polity.federation.proofs.ObjectProofs;
import org.polity.server.model.Actor;
import org.polity.server.storage.ActorStore;
import org.polity.server.storage.Storage;

/**
 * Our actors' Ed25519 keys for FEP-8b32 object integrity proofs ({@code eddsa-jcs-2022}): one per local actor,
 * made on first use (an Ed25519 key costs well under a millisecond, unlike the RSA key made with the actor), its
 * 32-byte seed kept encrypted by the {@link KeyVault}, published as a FEP-521a {@code Multikey} in the actor's
 * {@code assertionMethod}. What a server signs with it can be checked by anyone holding a copy, whoever relayed
 * it: that is what lets the hub forward activities that members accept as their origin's own.
 */
public final class ProofKeys {
    /** The key's id: a fragment of the actor's id, as Mastodon, Mitra and Fedify name theirs. */
    public static final String FRAGMENT = "#ed25519-key";

    private final Storage storage;
    private final KeyVault vault;
    private final Clock clock;
    private final Cache<Long, PrivateKey> privateKeys = Caffeine.newBuilder().maximumSize(10_000).recordStats()
            .build();
    /** Keys never change once made (a row is only ever inserted), so the cache needs no invalidation. */
    private final Cache<Long, ActorStore.ProofKey> keys = Caffeine.newBuilder().maximumSize(10_000).recordStats()
            .build();

    /** The caches by name, for the metrics ({@code proof.private.keys}, {@code proof.keys}). */
    public java.util.Map<String, Cache<Long, ?>> caches() {
        return java.util.Map.of("proof.private.keys", privateKeys, "proof.keys", keys);
    }

    public ProofKeys(Storage storage, KeyVault vault, Clock clock) {
        this.storage = storage;
        this.vault = vault;
        this.clock = clock;
    }

    /** The actor's proof key, made and stored now if it has none yet. Local actors only. */
    public ActorStore.ProofKey keyOf(Actor actor) {
        if (!actor.local()) {
            throw new IllegalArgumentException("only local actors have proof keys: " + actor.uri());
        }
        ActorStore.ProofKey cached = keys.getIfPresent(actor.id());
        if (cached != null) {
            return cached;
        }
        ActorStore.ProofKey key = storage.stores().actors().findProofKey(actor.id()).orElseGet(() -> {
            KeyPair pair = Ed25519Keys.generate();
            String keyId = actor.uri() + FRAGMENT;
            String seed = Base64.getEncoder().encodeToString(Ed25519Keys.rawPrivate(pair.getPrivate()));
            return storage.stores().actors().insertProofKeyIfAbsent(new ActorStore.ProofKey(actor.id(), keyId,
                    Multikey.encodePublic(pair.getPublic()), vault.encrypt(seed, keyId), clock.instant()));
        });
        keys.put(actor.id(), key);
        return key;
    }

    /** The actor's {@code assertionMethod}: its one Ed25519 Multikey (FEP-521a). */
    public ArrayNode assertionMethod(Actor actor) {
        ActorStore.ProofKey key = keyOf(actor);
        ObjectNode method = JsonNodeFactory.instance.objectNode();
        method.put("id", key.keyId());
        method.put("type", "Multikey");
        method.put("controller", actor.uri());
        method.put("publicKeyMultibase", key.publicKeyMultibase());
        return JsonNodeFactory.instance.arrayNode().add(method);
    }

    /**
     * A copy of {@code document} signed by {@code actor}: the data-integrity context is added to its
     * {@code @context} (so JSON-LD processors such as Fedify read the proof's terms), then an eddsa-jcs-2022 proof.
     */
    public ObjectNode sign(Actor actor, ObjectNode document) {
        ActorStore.ProofKey key = keyOf(actor);
        PrivateKey privateKey = privateKeys.get(actor.id(), id -> Ed25519Keys.privateKey(
                Base64.getDecoder().decode(vault.decrypt(key.encryptedSeed(), key.keyId()))));
        ObjectNode unsigned = document.deepCopy();
        unsigned.set("@context", withContext(unsigned.get("@context"), org.polity.federation.vocab.Contexts.DATA_INTEGRITY_CONTEXT));
        return ObjectProofs.sign(unsigned, privateKey, key.keyId(), clock.instant());
    }

    /** {@code context} with {@code term} appended unless it holds it already (a string becomes an array). */
    public static JsonNode withContext(JsonNode context, String term) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (context != null && context.isArray()) {
            context.forEach(out::add);
        } else if (context != null && !context.isNull()) {
            out.add(context);
        }
        for (JsonNode entry : out) {
            if (entry.isTextual() && entry.asText().equals(term)) {
                return context;
            }
        }
        return out.add(term);
    }
}
