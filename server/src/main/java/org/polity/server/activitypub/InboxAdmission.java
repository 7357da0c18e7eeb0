package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.proofs.ObjectProofs;
import org.polity.federation.resolve.ResolvedKey;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.signatures.SignatureVerifier;
import org.polity.federation.signatures.VerifiedSignature;
import org.polity.server.Polity;
import org.polity.server.limits.Limits;
import org.polity.server.model.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a received activity must pass, after the request's own checks, to be stored for processing: its HTTP
 * signature, the signer being its actor (or our hub relaying it), the per-signer limits, its integrity proof, a
 * relayed activity confirmed by its origin, a challenge still open; then it is stored once, with who it is
 * addressed to.
 *
 * <p>The same steps run in two places. On the request thread ({@link InboxRoutes}) they run with a fetch budget
 * of zero: nothing there waits on a remote server. When a step would need a fetch (a signing key not cached
 * yet, a proof key, a relayed activity's origin), the answer is {@link Result.Deferred}: the request is kept as
 * it came, answered 202, and the inbox worker runs these steps again later with a real budget
 * ({@link InboxWorker}), at the time it was received.
 */
final class InboxAdmission {
    private static final Logger log = LoggerFactory.getLogger(InboxAdmission.class);
    private final Polity polity;
    private final SignatureVerifier verifier = new SignatureVerifier(InboxRoutes.SIGNATURE_WINDOW);
    private final HostsSeen hostsSeen;

    InboxAdmission(Polity polity) {
        this.polity = polity;
        this.hostsSeen = new HostsSeen(polity.storage());
    }

    /** A received activity, parsed and past the checks that need nothing remote. */
    record Received(HttpMessage message, byte[] body, ObjectNode activity, String id, String type, String actorUri,
            Optional<Actor> recipient, Instant receivedAt) {}

    sealed interface Result {
        /** Stored ({@code fresh}) or a repeat of an id already stored. */
        record Accepted(boolean fresh) implements Result {}

        /** Refused: the sender is told why. */
        record Refused(int status, String title, String detail, Map<String, String> headers) implements Result {}

        /** Not taken, without telling the sender anything it could use (answered 202). */
        record Dropped(String why) implements Result {}

        /** A step needs a remote fetch: to be admitted later, off the request thread. */
        record Deferred(String why) implements Result {}

        /** A remote server did not answer now: worth trying again later (only off the request thread). */
        record Retry(String why) implements Result {}
    }

    /**
     * Runs the steps. {@code onRequest}: on the request thread, with no fetches allowed; else in the worker with
     * {@code budget}. An activity stored here while earlier ones of its actor wait in {@code inbox_deferred} is
     * not processed before them: the queue holds it back (InboxStore#findDue).
     */
    Result admit(Received r, FetchBudget budget, boolean onRequest) {
        VerifiedSignature signature;
        ResolvedKey key;
        try {
            signature = verifier.verify(r.message(), keys(budget, onRequest), r.receivedAt());
            key = polity.federation().resolver().key(signature.keyId(), false, budget);
            polity.metrics().signature(signature.scheme().name());
        } catch (SignatureException e) {
            Optional<FetchException> fetch = fetchCause(e);
            if (fetch.isPresent() && fetch.get().reason() == FetchException.Reason.BUDGET_EXHAUSTED && onRequest) {
                return new Result.Deferred("the signing key is not cached");
            }
            if (fetch.isPresent() && !onRequest && transientFailure(fetch.get())) {
                return new Result.Retry("the signing key could not be fetched: " + fetch.get().getMessage());
            }
            return unauthorized(e.getMessage());
        } catch (FetchException e) {
            if (e.reason() == FetchException.Reason.BUDGET_EXHAUSTED && onRequest) {
                return new Result.Deferred("the signing key is not cached");
            }
            if (!onRequest && transientFailure(e)) {
                return new Result.Retry("the signing key could not be fetched: " + e.getMessage());
            }
            return unauthorized("the signing key could not be fetched: " + e.getMessage());
        }
        org.polity.server.hub.Hub hub = new org.polity.server.hub.Hub(polity);
        boolean relayed = !key.ownerId().equals(r.actorUri());
        if (relayed && !hub.relayedBy(key.ownerId())) {
            return new Result.Refused(401, "Signature does not match the actor", "The request is signed by "
                    + key.ownerId() + " but the activity's actor is " + r.actorUri() + ".", Map.of());
        }
        // FEP-8b32: a proof must verify with the actor's own key, whoever delivered the activity; a tampered byte
        // anywhere, or a proof by anyone else, is refused and nothing is stored.
        ObjectProofs.Verification proof;
        try {
            proof = new ActivityProofs(polity.federation().resolver()).verifyOrNeedsFetch(r.activity(),
                    r.actorUri(), budget);
        } catch (FetchException e) {
            return onRequest ? new Result.Deferred("a proof key is not cached")
                    : new Result.Retry("a proof key could not be fetched: " + e.getMessage());
        }
        if (proof.status() == ObjectProofs.Status.INVALID) {
            log.info("refused {} from {} (delivered by {}): {}", r.id(), r.actorUri(), key.ownerId(), proof.failure());
            return new Result.Refused(401, "Integrity proof refused", "The activity's integrity proof does not"
                    + " verify: " + proof.failure() + ".", Map.of());
        }
        ObjectNode activity = r.activity();
        if (relayed && !proof.valid()) {
            // Relayed by our hub without a proof: the hub's signature says who relayed it, not who wrote it. It is
            // taken as the origin's own only as the origin serves it (hub.Hub#checkedWithOrigin), else dropped.
            if (onRequest) {
                return new Result.Deferred("a relayed activity is checked with its origin");
            }
            Optional<ObjectNode> checked = hub.checkedWithOrigin(activity, budget);
            if (checked.isEmpty()) {
                log.info("dropped {} relayed by {}: no proof, and its origin does not confirm it", r.id(),
                        key.ownerId());
                return new Result.Dropped("relayed without a proof, and its origin does not confirm it");
            }
            activity = checked.get();
        }
        // Per signer and per signer's host only now: before the signature verified, the key id was a claim that
        // anyone could make, and counting it would let a forger use up another server's allowance. The actor is
        // checked first, so one noisy actor that is refused does not also use up its host's share. A deferred
        // activity is counted when the worker verifies it; over the limit then, it is refused (not stored).
        Optional<Result> limited = limited(Limits.Rule.INBOX_PER_ACTOR, key.ownerId())
                .or(() -> limited(Limits.Rule.INBOX_PER_DOMAIN, InboxRoutes.authority(URI.create(key.ownerId()))));
        if (limited.isPresent()) {
            return limited.get();
        }
        ObjectNode received = activity;
        Optional<String> refused = new org.polity.server.challenges.ChallengeRelay(polity).refusal(activity);
        if (refused.isPresent()) {
            return new Result.Refused(422, "Challenge not open", refused.get(), Map.of());
        }

        hostsSeen.seen(InboxRoutes.authority(URI.create(r.actorUri())), r.receivedAt());
        Long recipientId = r.recipient().map(Actor::id).orElse(null);
        List<String> addressedTo = Publisher.allRecipients(activity);
        if (addressedTo.size() > InboxRoutes.MAX_RECIPIENTS) {
            addressedTo = addressedTo.subList(0, InboxRoutes.MAX_RECIPIENTS); // a longer list says nothing more
        }
        List<String> recipients = addressedTo;
        boolean fresh = polity.storage().transaction(tx -> {
            boolean stored = tx.inbox().insertIfNew(r.id(), r.type(), r.actorUri(), recipientId, received.toString(),
                    r.receivedAt());
            if (stored) {
                tx.objects().insertAddressing(r.id(), recipients); // who may read it (the owner's inbox view)
            }
            return stored;
        });
        if (fresh) {
            polity.federation().inboxWorker().wake();
            if (hub.isHub() && !relayed) {
                // The hub forwards only what members can check as the origin's own, whoever hands it on.
                Optional<String> notRelayed = proof.valid() ? hub.relay(r.actorUri(), received, r.body())
                        : Optional.of("it has no integrity proof");
                notRelayed.ifPresent(why -> log.info("not relayed {}: {}", r.id(), why));
            }
        }
        return new Result.Accepted(fresh);
    }

    /**
     * The signing keys. On the request thread a failed signature asks for a fresh copy of its key (rotation) only
     * when the cached one is older than {@link #REFETCH_AFTER}, so that is deferred; a signature that fails with
     * a key fetched just now is refused at once, as before, and a forger cannot make us refetch keys at will.
     */
    private org.polity.federation.signatures.KeyResolver keys(FetchBudget budget, boolean onRequest) {
        var resolver = polity.federation().resolver();
        var fetching = resolver.keyResolver(budget);
        if (!onRequest) {
            return fetching;
        }
        return (keyId, refresh) -> {
            if (refresh) {
                Optional<ResolvedKey> cached = resolver.cachedKey(keyId);
                if (cached.isPresent() && cached.get().fetchedAt().isAfter(polity.clock().instant()
                        .minus(REFETCH_AFTER))) {
                    return fetching.resolve(keyId, false);
                }
            }
            return fetching.resolve(keyId, refresh);
        };
    }

    /** How old a cached key must be before a failed signature asks for it again. */
    static final java.time.Duration REFETCH_AFTER = java.time.Duration.ofMinutes(10);

    private Optional<Result> limited(Limits.Rule rule, String key) {
        OptionalLong wait = polity.limits().acquire(rule, key);
        if (wait.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Result.Refused(429, "Too many requests", "Over the limit of "
                + polity.config().limits().rate(rule) + " (" + rule.setting() + "); retry after " + wait.getAsLong()
                + " seconds.", Map.of("Retry-After", Long.toString(wait.getAsLong()))));
    }

    private static Result unauthorized(String detail) {
        return new Result.Refused(401, "Signature refused", detail, Map.of("WWW-Authenticate", "Signature"));
    }

    private static Optional<FetchException> fetchCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof FetchException f) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** A failure that may pass: the network, or the server's own trouble (5xx, 429). */
    private static boolean transientFailure(FetchException e) {
        return e.reason() == FetchException.Reason.NETWORK
                || e.reason() == FetchException.Reason.HTTP_STATUS && (e.status() >= 500 || e.status() == 429);
    }
}
