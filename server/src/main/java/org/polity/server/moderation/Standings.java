package org.polity.server.moderation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.polity.server.Polity;
import org.polity.server.audit.AuditLog;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.storage.Stores;

/**
 * Suspension and silencing of actors, ours and remote ones (docs/operations.md, Moderation), and the questions
 * the rest of the server asks about them: is this actor suspended (its content answers 410 Gone, its activities
 * are dropped at the inbox), is it hidden from public listings (suspended or silenced). Every change is recorded
 * in the audit log in the same transaction.
 *
 * <p>The states are few, and asked about on every listing, so they are held in memory and read again from the
 * database after each change made here and at least every {@link #REFRESH} (a change made with the CLI while the
 * server runs).
 */
public final class Standings {
    static final Duration REFRESH = Duration.ofSeconds(15);
    public static final int MAX_REASON = 2000;

    private final Polity polity;
    private volatile Map<Long, ActorStanding> cache;
    private volatile Instant loadedAt = Instant.EPOCH;

    public Standings(Polity polity) {
        this.polity = polity;
    }

    /** The actor's state, if it has one. */
    public Optional<ActorStanding> of(long actorId) {
        return Optional.ofNullable(states().get(actorId));
    }

    public boolean suspended(long actorId) {
        ActorStanding s = states().get(actorId);
        return s != null && s.state() == ActorStanding.State.SUSPENDED;
    }

    public boolean silenced(long actorId) {
        ActorStanding s = states().get(actorId);
        return s != null && s.state() == ActorStanding.State.SILENCED;
    }

    /** Whether the actor's content stays out of public listings, search and directories (suspended or silenced). */
    public boolean hiddenFromListings(long actorId) {
        return states().containsKey(actorId);
    }

    /** {@code objects} without those of suspended or silenced authors (public listings and directories). */
    public List<org.polity.server.model.StoredObject> listed(List<org.polity.server.model.StoredObject> objects) {
        if (!any()) {
            return objects;
        }
        return objects.stream().filter(o -> !hiddenFromListings(o.attributedToId())).toList();
    }

    /** Whether the actor with this URI is known and suspended (an inbox POST by it is dropped). */
    public boolean suspendedUri(String actorUri) {
        if (states().isEmpty() || actorUri == null) {
            return false;
        }
        return polity.storage().stores().actors().findActorByUri(actorUri).map(a -> suspended(a.id())).orElse(false);
    }

    /** Whether any actor at all is suspended or silenced (the filters cost nothing when none is). */
    public boolean any() {
        return !states().isEmpty();
    }

    /** Every actor in a moderation state, newest first. */
    public List<ActorStanding> all() {
        return polity.storage().stores().moderation().findStandings();
    }

    /**
     * Suspends {@code target}. One of ours: its account can no longer log in (its sessions end, its tokens stop
     * working), its actor and objects answer 410 Gone. A remote one: what its server sends is dropped, its
     * follows with our actors are severed. Its content disappears from listings and search either way. Nothing is
     * deleted, so lifting restores everything.
     */
    public void suspend(Account by, Actor target, String reason) {
        put(by, target, ActorStanding.State.SUSPENDED, reason, AuditLog.ACTOR_SUSPEND);
    }

    /** Silences {@code target}: its content leaves public listings, search and directories except for its followers. */
    public void silence(Account by, Actor target, String reason) {
        put(by, target, ActorStanding.State.SILENCED, reason, AuditLog.ACTOR_SILENCE);
    }

    /**
     * Puts {@code target} in good standing again (an account of ours can log in again). Follows severed by the
     * suspension are not restored: people follow again if they want to.
     */
    public void lift(Account by, Actor target, String note) {
        String why = note == null ? "" : note.strip();
        polity.storage().transaction(tx -> {
            Optional<ActorStanding> was = tx.moderation().findStanding(target.id());
            if (was.isEmpty()) {
                return null;
            }
            tx.moderation().clearStanding(target.id());
            if (target.local()) {
                tx.accounts().findAccountByActorId(target.id()).ifPresent(a -> tx.accounts().updateStatus(a.id(),
                        Account.Status.SUSPENDED, Account.Status.ACTIVE, by.id(), polity.clock().instant()));
            }
            polity.audit().record(tx, by.actorId(), AuditLog.ACTOR_RESTORE, target.uri(),
                    "was " + was.get().state().name().toLowerCase(java.util.Locale.ROOT) + (why.isEmpty() ? "" : ": " + why));
            return null;
        });
        reload();
    }

    private void put(Account by, Actor target, ActorStanding.State state, String reason, String action) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON) {
            throw InvalidInput.of("reason", Message.of("moderation.error.reasonTooLong", MAX_REASON));
        }
        if (target.id() == by.actorId()) {
            throw InvalidInput.of("actor", Message.of("moderation.error.self"));
        }
        if (target.local() && target.username().equals(org.polity.server.service.ActorService.INSTANCE_ACTOR)) {
            throw InvalidInput.of("actor", Message.of("moderation.error.instanceActor"));
        }
        Instant now = polity.clock().instant();
        polity.storage().transaction(tx -> {
            Optional<Account> account = target.local() ? tx.accounts().findAccountByActorId(target.id())
                    : Optional.empty();
            if (account.filter(Account::isAdmin).isPresent() && state == ActorStanding.State.SUSPENDED) {
                throw InvalidInput.of("actor", Message.of("moderation.error.admin"));
            }
            tx.moderation().putStanding(new ActorStanding(target.id(), state, why, by.actorId(), now));
            if (account.isPresent()) {
                Account a = account.get();
                if (state == ActorStanding.State.SUSPENDED) {
                    tx.accounts().updateStatus(a.id(), Account.Status.ACTIVE, Account.Status.SUSPENDED, by.id(), now);
                    tx.sessions().deleteByAccountId(a.id());
                } else {
                    // Silenced after a suspension: the account may log in again.
                    tx.accounts().updateStatus(a.id(), Account.Status.SUSPENDED, Account.Status.ACTIVE, by.id(), now);
                }
            }
            int severed = state == ActorStanding.State.SUSPENDED && !target.local() ? severFollows(tx, target) : 0;
            polity.audit().record(tx, by.actorId(), action, target.uri(),
                    (why.isEmpty() ? "" : why) + (severed > 0 ? (why.isEmpty() ? "" : "; ") + severed
                            + " follows severed" : ""));
            return null;
        });
        reload();
    }

    /** Deletes every follow between the remote {@code target} and our actors, both ways; returns how many. */
    private static int severFollows(Stores tx, Actor target) {
        int n = 0;
        for (Follow.State s : Follow.State.values()) {
            for (Follow f : tx.follows().findFollowers(target.id(), s, 0, 10_000)) {
                if (tx.actors().findActorById(f.followerId()).filter(Actor::local).isPresent() && tx.follows().delete(f.id())) {
                    n++;
                }
            }
            for (Follow f : tx.follows().findFollowing(target.id(), s, 0, 10_000)) {
                if (tx.actors().findActorById(f.followedId()).filter(Actor::local).isPresent() && tx.follows().delete(f.id())) {
                    n++;
                }
            }
        }
        return n;
    }

    private Map<Long, ActorStanding> states() {
        Map<Long, ActorStanding> c = cache;
        if (c == null || polity.clock().instant().isAfter(loadedAt.plus(REFRESH))) {
            c = reload();
        }
        return c;
    }

    private Map<Long, ActorStanding> reload() {
        Map<Long, ActorStanding> c = polity.storage().stores().moderation().findStandings().stream()
                .collect(Collectors.toUnmodifiableMap(ActorStanding::actorId, Function.identity()));
        cache = c;
        loadedAt = polity.clock().instant();
        return c;
    }
}
