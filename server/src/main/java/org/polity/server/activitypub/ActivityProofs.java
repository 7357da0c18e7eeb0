package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.util.Optional;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.proofs.ObjectProofs;
import org.polity.federation.resolve.ResolvedKey;
import org.polity.federation.resolve.Resolver;

/**
 * The FEP-8b32 integrity proofs on an activity that reached an inbox. A proof counts only when it verifies with
 * an Ed25519 key that the activity's own actor publishes in its {@code assertionMethod}: a valid proof made by
 * someone else (another actor of the same server, or the relay) proves nothing about the actor, so it is refused
 * like a tampered one. The keys come through the {@link Resolver} (cached with the actor document, which the
 * HTTP signature check has usually just fetched).
 */
public final class ActivityProofs {
    private final Resolver resolver;

    public ActivityProofs(Resolver resolver) {
        this.resolver = resolver;
    }

    /** VALID, ABSENT (no proof: the caller falls back on other checks) or INVALID with the reason. */
    public ObjectProofs.Verification verify(JsonNode activity, String actorUri, FetchBudget budget) {
        return ObjectProofs.verify(activity, method -> Optional.of(keyOf(method, actorUri, budget)));
    }

    /**
     * As {@link #verify}, but a key that could not be had for want of budget (none on an inbox's request thread)
     * or because its server did not answer now throws that, instead of counting as a failed proof: the caller
     * tries again later. A key that its server says is not there still makes the proof INVALID.
     */
    public ObjectProofs.Verification verifyOrNeedsFetch(JsonNode activity, String actorUri, FetchBudget budget)
            throws FetchException {
        java.util.concurrent.atomic.AtomicReference<FetchException> later = new java.util.concurrent.atomic
                .AtomicReference<>();
        ObjectProofs.Verification v = ObjectProofs.verify(activity, method -> {
            try {
                return Optional.of(keyOf(method, actorUri, budget));
            } catch (IllegalArgumentException e) {
                if (e.getCause() instanceof FetchException f && (f.reason() == FetchException.Reason.BUDGET_EXHAUSTED
                        || f.reason() == FetchException.Reason.NETWORK
                        || f.reason() == FetchException.Reason.HTTP_STATUS && f.status() >= 500)) {
                    later.compareAndSet(null, f);
                }
                throw e;
            }
        });
        if (later.get() != null) {
            throw later.get();
        }
        return v;
    }

    private PublicKey keyOf(String method, String actorUri, FetchBudget budget) {
        ResolvedKey key;
        try {
            key = resolver.assertionKey(method, budget);
        } catch (FetchException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!key.ownerId().equals(actorUri)) {
            throw new IllegalArgumentException("the proof is made by " + key.ownerId() + ", not by the activity's actor "
                    + actorUri);
        }
        return key.publicKey();
    }
}
