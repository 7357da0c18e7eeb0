package org.polity.server.storage;

import java.util.Optional;
import org.polity.server.model.Actor;

public interface ActorStore {
    /**
     * Marks an actor deleted (V20): a local one whose account was deleted, a remote one whose server sent its
     * Delete. Its row stays (its handle is not given again; a local one's key signs the Delete). False when it
     * was already deleted or does not exist.
     */
    boolean markDeleted(long actorId, java.time.Instant at);

    /** When the actor was deleted, if it was. */
    java.util.Optional<java.time.Instant> findDeletedAt(long actorId);

    /**
     * Records what a remote actor's server reports as the {@code totalItems} of its followers collection (a
     * group's members as its host counts them), replacing the previous report.
     */
    void setReportedFollowers(long actorId, long total, java.time.Instant at);

    /** The last reported {@code totalItems} of a remote actor's followers collection, if one was read. */
    java.util.Optional<ReportedCount> findReportedFollowers(long actorId);

    /** A count another server reported, and when it was read. */
    record ReportedCount(long total, java.time.Instant fetchedAt) {}

    /** Inserts an actor (its {@code id} is ignored) and returns it with the assigned id. */
    Actor insert(Actor actor);

    Optional<Actor> findActorById(long id);

    Optional<Actor> findActorByUri(String uri);

    Optional<Actor> findLocalActorByUsername(String username);

    /** Updates the profile fields an owner can change: display name and summary. */
    void updateProfile(long id, String displayName, String summaryHtml);

    /** Whether a local actor approves followers by hand (a locked account); false when there is no such actor. */
    boolean updateManuallyApprovesFollowers(long id, boolean manuallyApprovesFollowers);

    void insertPrivateKey(long actorId, String encryptedPrivateKey);

    Optional<String> findPrivateKeyByActorId(long actorId);

    /** A local actor's Ed25519 proof key (FEP-8b32): its id, public Multikey value and encrypted seed. */
    record ProofKey(long actorId, String keyId, String publicKeyMultibase, String encryptedSeed,
            java.time.Instant createdAt) {}

    /**
     * Stores the actor's proof key unless it has one already (two threads making one at once: the first wins);
     * returns the key the actor has now.
     */
    ProofKey insertProofKeyIfAbsent(ProofKey key);

    Optional<ProofKey> findProofKey(long actorId);

    long countLocal(String actorType);


    /** Inserts a remote actor or refreshes the stored copy (same uri); returns it as stored. */
    Actor upsertRemote(Actor actor);

    /** The actors with these ids that exist, by id: one query for a page's authors. */
    java.util.Map<Long, Actor> findActorsByIds(java.util.Collection<Long> ids);

    /** Stores (replaces) what a remote actor's document says of its organisation, country and avatar. */
    void upsertProfile(org.polity.server.model.ActorProfile profile, java.time.Instant at);

    /**
     * Organisation, country and avatar of these actors, by id, in one query: local members' from their
     * accounts, remote actors' as last stored by {@link #upsertProfile}; an actor with nothing known is absent.
     */
    java.util.Map<Long, org.polity.server.model.ActorProfile> findProfiles(java.util.Collection<Long> ids);
}
