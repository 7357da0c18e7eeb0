package org.polity.server.service;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.polity.federation.crypto.RsaKeys;
import org.polity.server.Uris;
import org.polity.server.crypto.KeyVault;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.storage.Storage;
import org.polity.server.storage.Stores;

/** Local actors: creation with their RSA key pair, and access to their private keys. */
public final class ActorService {
    /** Lower-case letters, digits and underscores, 1 to 30 characters, as Mastodon allows (but lower-case). */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9_]{1,30}");
    /** Names that people cannot take: the instance's own actors and words that would mislead. */
    public static final Set<String> RESERVED = Set.of("instance", "actor", "admin", "administrator", "root",
            "system", "network", "hub", "relay", "polity", "support", "security", "abuse", "postmaster",
            "webmaster", "hostmaster", "noreply", "no_reply", "moderator", "moderators", "staff", "official",
            "api", "inbox", "outbox", "users", "groups", "well_known", "nodeinfo");
    public static final String INSTANCE_ACTOR = "instance";

    private final Storage storage;
    private final KeyVault vault;
    private final Uris uris;
    private final Clock clock;

    public ActorService(Storage storage, KeyVault vault, Uris uris, Clock clock) {
        this.storage = storage;
        this.vault = vault;
        this.uris = uris;
        this.clock = clock;
    }

    /** Null when {@code username} can be taken by a person, else a sentence saying why not. */
    public static String usernameProblem(String username) {
        Message problem = usernameMessage(username);
        return problem == null ? null : problem.english();
    }

    /** What is wrong with a username, or null when it is a valid one (taken or not). */
    public static Message usernameMessage(String username) {
        if (username == null || username.isEmpty()) {
            return Message.of("svc.username.empty");
        }
        if (!USERNAME.matcher(username).matches()) {
            return Message.of("svc.username.format");
        }
        if (RESERVED.contains(username)) {
            return Message.of("svc.username.reserved");
        }
        return null;
    }

    /**
     * Creates a local actor and its encrypted private key inside the caller's transaction. The key pair is
     * generated before any row is written, so a failure stores nothing.
     */
    public Actor createLocal(Stores tx, ActorType type, String username, String displayName, String summaryHtml,
            boolean manuallyApprovesFollowers) {
        return createLocal(tx, type, username, displayName, summaryHtml, manuallyApprovesFollowers,
                RsaKeys.generate());
    }

    /** As above, with a key pair generated beforehand (the server makes the instance actor's while it starts). */
    public Actor createLocal(Stores tx, ActorType type, String username, String displayName, String summaryHtml,
            boolean manuallyApprovesFollowers, KeyPair keys) {
        boolean instance = type == ActorType.Application && INSTANCE_ACTOR.equals(username);
        String uri = instance ? uris.instanceActor() : uris.actor(username);
        Instant now = clock.instant();
        Actor actor = tx.actors().insert(new Actor(0, uri, type, username, uris.authority(), true, displayName,
                summaryHtml,
                instance ? uris.instanceActorInbox() : uris.inbox(username),
                uris.sharedInbox(),
                instance ? uris.instanceActorOutbox() : uris.outbox(username),
                instance ? null : uris.followers(username),
                instance ? null : uris.following(username),
                instance ? uris.base().toString()
                        : type == ActorType.Group ? uris.groupPage(username) : uris.profilePage(username),
                uris.publicKeyId(uri),
                RsaKeys.publicKeyPem(keys.getPublic()),
                manuallyApprovesFollowers,
                now,
                now));
        tx.actors().insertPrivateKey(actor.id(), vault.encrypt(RsaKeys.privateKeyPem(keys.getPrivate()), uri));
        return actor;
    }

    /** The instance actor (FEP-2677), created on first start. */
    public Actor ensureInstanceActor(String instanceName) {
        return ensureInstanceActor(instanceName, RsaKeys::generate);
    }

    /** As above; {@code keys} is asked for a key pair only when the actor has to be created. */
    public Actor ensureInstanceActor(String instanceName, Supplier<KeyPair> keys) {
        return storage.stores().actors().findLocalActorByUsername(INSTANCE_ACTOR)
                .orElseGet(() -> {
                    KeyPair pair = keys.get();
                    return storage.transaction(tx -> createLocal(tx, ActorType.Application, INSTANCE_ACTOR,
                            instanceName, "", true, pair));
                });
    }

    public Optional<Actor> findLocal(String username) {
        return storage.stores().actors().findLocalActorByUsername(username);
    }

    /** The decrypted PKCS#8 PEM private key of a local actor (for signing, issue 3). */
    public String privateKeyPem(Actor actor) {
        String encrypted = storage.stores().actors().findPrivateKeyByActorId(actor.id())
                .orElseThrow(() -> new IllegalStateException("no private key for " + actor.uri()));
        return vault.decrypt(encrypted, actor.uri());
    }
}
