package org.polity.server.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.polity.federation.vocab.ActivityStreams;
import org.polity.server.Polity;
import org.polity.server.activitypub.ObjectDeletion;
import org.polity.server.activitypub.Publisher;
import org.polity.server.audit.AuditLog;
import org.polity.server.crypto.Passwords;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.StoredObject;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;

/**
 * Deleting an account: by the member (after typing their password again) or by an administrator (audit-logged).
 * In one transaction the member's objects become Tombstones, their follows both ways and group memberships go,
 * their sessions, tokens and invitation links end, their e-mail and profile are erased, and the actor is marked deleted (its row
 * and handle stay, so no one else takes the name, and its key stays to sign what leaves). With it a {@code Delete}
 * of the actor (Mastodon's form: {@code object} = {@code actor}, to Public) is queued to every inbox that knew
 * the actor: its followers', those it followed (groups it belonged to among them), and every inbox it was ever
 * delivered to. The actor then answers 410 Gone with a Tombstone.
 */
public final class AccountDeletion {
    static final int PAGE = 500;

    private final Polity polity;

    public AccountDeletion(Polity polity) {
        this.polity = polity;
    }

    /** A member deletes their own account; {@code password} must be theirs. */
    public void deleteOwn(Account account, String password) {
        if (password == null || password.isEmpty() || !Passwords.verify(password, account.passwordHash())) {
            throw InvalidInput.of("password", Message.of("svc.password.current"));
        }
        delete(account, null, null);
    }

    /** An administrator deletes someone's account (not their own: that is done from their settings). */
    public void deleteByAdmin(Account admin, long accountId, String reason) {
        if (admin == null || !admin.isAdmin() || !admin.isActive()) {
            throw new Forbidden(Message.of("svc.settings.adminsOnly"));
        }
        Account target = polity.storage().stores().accounts().findAccountById(accountId)
                .filter(a -> a.status() != Account.Status.DELETED)
                .orElseThrow(() -> new NotFound(Message.of("svc.account.none")));
        if (target.id() == admin.id()) {
            throw InvalidInput.of("account", Message.of("invitations.delete.notSelf"));
        }
        String text = reason == null ? "" : reason.strip();
        if (text.length() > 1000) {
            throw InvalidInput.of("reason", Message.of("svc.reason.long"));
        }
        delete(target, admin, text);
    }

    private void delete(Account account, Account admin, String reason) {
        Stores stores = polity.storage().stores();
        Actor actor = stores.actors().findActorById(account.actorId())
                .orElseThrow(() -> new NotFound(Message.of("svc.account.none")));
        if (account.status() == Account.Status.DELETED || stores.actors().findDeletedAt(actor.id()).isPresent()) {
            throw new NotFound(Message.of("svc.account.none"));
        }
        Set<String> inboxes = new LinkedHashSet<>(stores.follows().findFollowerInboxes(actor.id()));
        for (Follow.State state : Follow.State.values()) {
            for (Follow f : stores.follows().findFollowing(actor.id(), state, 0, 10_000)) {
                stores.actors().findActorById(f.followedId()).filter(a -> !a.local())
                        .map(a -> a.sharedInboxUri() != null ? a.sharedInboxUri() : a.inboxUri())
                        .ifPresent(inboxes::add);
            }
        }
        inboxes.addAll(stores.deliveries().findInboxesForActor(actor.id()));
        inboxes.removeIf(i -> i == null || polity.uris().isLocal(i));

        Publisher publisher = polity.federation().publisher();
        ObjectNode activity = publisher.activity(actor, "Delete");
        activity.put("object", actor.uri());
        activity.set("to", Publisher.array(ActivityStreams.PUBLIC));
        Instant now = polity.clock().instant();
        String handle = actor.acct();
        publisher.publish(actor, activity, tx -> {
            removeContent(tx, actor, now);
            removeFollows(tx, actor);
            for (var token : tx.tokens().findTokensByAccountId(account.id())) {
                tx.tokens().delete(account.id(), token.id());
            }
            tx.sessions().deleteByAccountId(account.id());
            for (Invitation link : tx.invitations().findInvitations(actor.id(), Invitations.LIST_LIMIT)) {
                tx.invitations().revoke(link.id(), now); // their links stop working with them
            }
            tx.accounts().markDeleted(account.id(), now);
            tx.actors().markDeleted(actor.id(), now);
            if (admin != null) {
                polity.audit().record(tx, admin.actorId(), AuditLog.ACCOUNT_DELETE, handle,
                        reason == null || reason.isEmpty() ? null : reason);
            }
        }, inbox -> true, inboxes);
    }

    /** Every live object of {@code author} becomes a Tombstone (and leaves its thread's count). */
    static int removeContent(Stores tx, Actor author, Instant now) {
        int removed = 0;
        long before = Long.MAX_VALUE;
        while (true) {
            List<StoredObject> page = tx.objects().findObjectsByAuthor(author.id(), before, PAGE);
            if (page.isEmpty()) {
                return removed;
            }
            for (StoredObject o : page) {
                before = Math.min(before, o.id());
                if (author.local()) {
                    tx.objects().update(o.uri(), null, "", ObjectDeletion.tombstone(o.uri(), o.type(), now).toString(),
                            now);
                }
                if (tx.objects().markDeleted(o.uri(), now)) {
                    removed++;
                    tx.groups().findPost(o.uri()).filter(p -> !p.isThread())
                            .ifPresent(p -> tx.groups().touchThread(p.threadUri(), -1, now));
                }
            }
        }
    }

    /** Every follow from and to the actor, whatever its state (group memberships are follows of the group). */
    static int removeFollows(Stores tx, Actor actor) {
        int removed = 0;
        for (Follow.State state : Follow.State.values()) {
            for (Follow f : tx.follows().findFollowers(actor.id(), state, 0, 10_000)) {
                removed += tx.follows().delete(f.id()) ? 1 : 0;
            }
            for (Follow f : tx.follows().findFollowing(actor.id(), state, 0, 10_000)) {
                removed += tx.follows().delete(f.id()) ? 1 : 0;
            }
        }
        return removed;
    }

    /**
     * A remote actor's server deleted it (the Delete's object is the actor): its objects here become Tombstones,
     * its follows and memberships go, and it is marked deleted. Returns how many objects were removed.
     */
    public int receiveActorDelete(Actor gone) {
        Instant now = polity.clock().instant();
        return polity.storage().transaction(tx -> {
            int removed = removeContent(tx, gone, now);
            removeFollows(tx, gone);
            tx.actors().markDeleted(gone.id(), now);
            return removed;
        });
    }
}
