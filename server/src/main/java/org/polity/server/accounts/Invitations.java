package org.polity.server.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.Polity;
import org.polity.server.audit.AuditLog;
import org.polity.server.crypto.Secrets;
import org.polity.server.model.Account;
import org.polity.server.service.AccountService;
import org.polity.server.service.Forbidden;
import org.polity.server.service.InstanceSettings;
import org.polity.server.service.InvalidInput;
import org.polity.server.service.Message;
import org.polity.server.service.NotFound;
import org.polity.server.storage.Stores;

/**
 * Sign-up by invitation, beside the e-mail domain allowlist: administrators (and members, when an administrator
 * allows it) create links with an expiry and a number of uses, list and revoke them; whoever opens a usable link
 * signs up with any e-mail address. A link's token is shown once and stored only as a SHA-256 hash; each sign-up
 * counts one use in its own transaction, with one conditional update, so concurrent sign-ups never pass the
 * maximum. An administrator's link makes active accounts; a member's follows the instance's approval setting.
 */
public final class Invitations {
    public static final int MAX_USES = 1000;
    public static final int MAX_DAYS = 90;
    public static final int MAX_NOTE = 200;
    static final int LIST_LIMIT = 200;

    private final Polity polity;

    public Invitations(Polity polity) {
        this.polity = polity;
    }

    /** A new link: the stored row and the token (shown once, never stored). */
    public record Created(Invitation invitation, String token) {}

    /** What a token is worth now; {@code invitation} is empty for an unknown token. */
    public record Check(Optional<Invitation> invitation, Invitation.State state) {
        public boolean usable() {
            return state == Invitation.State.USABLE;
        }
    }

    /** Whether {@code account} may create links (administrators always; members when allowed). */
    public boolean mayInvite(Account account) {
        return account != null && account.isActive() && (account.isAdmin() || polity.settings().membersInvite());
    }

    public Created create(Account by, int maxUses, int validDays, String note) {
        if (!mayInvite(by)) {
            throw new Forbidden(Message.of("invitations.svc.notAllowed"));
        }
        InvalidInput.Collector errors = new InvalidInput.Collector();
        if (maxUses < 1 || maxUses > MAX_USES) {
            errors.add("maxUses", Message.of("invitations.svc.maxUses", MAX_USES));
        }
        if (validDays < 1 || validDays > MAX_DAYS) {
            errors.add("validDays", Message.of("invitations.svc.validDays", MAX_DAYS));
        }
        String text = note == null ? "" : note.strip();
        if (text.length() > MAX_NOTE) {
            errors.add("note", Message.of("invitations.svc.note", MAX_NOTE));
        }
        errors.throwIfAny();
        String token = Secrets.newToken();
        Instant now = polity.clock().instant();
        Invitation row = polity.storage().transaction(tx -> {
            Invitation inserted = tx.invitations().insert(new Invitation(0, Secrets.sha256Hex(token), by.actorId(),
                    text, maxUses, 0, now, now.plus(Duration.ofDays(validDays)), null));
            polity.audit().record(tx, by.actorId(), AuditLog.INVITATION_CREATE, "invitation " + inserted.id(),
                    "uses: " + maxUses + "; expires: " + inserted.expiresAt() + (text.isEmpty() ? "" : "; note: " + text));
            return inserted;
        });
        return new Created(row, token);
    }

    /** The links {@code viewer} may see: an administrator's view has everyone's, a member's their own. */
    public List<Invitation> list(Account viewer, boolean everyone) {
        if (everyone && !viewer.isAdmin()) {
            throw new Forbidden(Message.of("invitations.svc.notAllowed"));
        }
        return polity.storage().stores().invitations().findInvitations(everyone ? null : viewer.actorId(), LIST_LIMIT);
    }

    /** Revokes a link: an administrator any, a member their own. False when it was already revoked. */
    public boolean revoke(Account by, long id) {
        Invitation invitation = polity.storage().stores().invitations().findInvitationById(id)
                .orElseThrow(() -> new NotFound(Message.of("invitations.svc.none")));
        if (!by.isActive() || (!by.isAdmin() && invitation.createdBy() != by.actorId())) {
            throw new Forbidden(Message.of("invitations.svc.notYours"));
        }
        return polity.storage().transaction(tx -> {
            boolean revoked = tx.invitations().revoke(id, polity.clock().instant());
            if (revoked) {
                polity.audit().record(tx, by.actorId(), AuditLog.INVITATION_REVOKE, "invitation " + id, null);
            }
            return revoked;
        });
    }

    /** An administrator lets members create links, or stops them (links they made stay until revoked). */
    public void setMembersInvite(Account admin, boolean allowed) {
        if (admin == null || !admin.isAdmin() || !admin.isActive()) {
            throw new Forbidden(Message.of("svc.settings.adminsOnly"));
        }
        polity.storage().transaction(tx -> {
            tx.settings().upsert(InstanceSettings.MEMBERS_INVITE, Boolean.toString(allowed));
            polity.audit().record(tx, admin.actorId(), AuditLog.SETTINGS_SAVE, "settings",
                    "members invite: " + allowed);
            return null;
        });
    }

    /** What {@code token} is worth now. */
    public Check check(String token) {
        Optional<Invitation> found = find(token);
        return new Check(found, found.map(i -> i.state(polity.clock().instant())).orElse(null));
    }

    /**
     * Signs up with a link. The use is counted in the account's transaction; a link that expired, was used up or
     * revoked meanwhile throws {@link InvalidInput} on {@code invite} and nothing is stored.
     */
    public Account signUp(AccountService.NewAccount request, String token) {
        Check check = check(token);
        if (!check.usable()) {
            throw InvalidInput.of("invite", stateMessage(check.state()));
        }
        Invitation invitation = check.invitation().orElseThrow();
        boolean byAdmin = polity.storage().stores().accounts().findAccountByActorId(invitation.createdBy())
                .map(Account::isAdmin).orElse(false);
        boolean approval = !byAdmin && polity.settings().signupApproval();
        return polity.accounts().signUpInvited(request, approval, (Stores tx, Account account) -> {
            if (!tx.invitations().claimUse(invitation.id(), polity.clock().instant())) {
                Invitation now = tx.invitations().findInvitationById(invitation.id()).orElse(invitation);
                throw InvalidInput.of("invite", stateMessage(now.state(polity.clock().instant())));
            }
            tx.invitations().recordInvitedAccount(account.id(), invitation.createdBy(), invitation.id());
        });
    }

    /** The sentence for a link that cannot be used ({@code null}: unknown link). */
    public static Message stateMessage(Invitation.State state) {
        if (state == null) {
            return Message.of("invitations.state.unknown");
        }
        return switch (state) {
            case EXPIRED -> Message.of("invitations.state.expired");
            case USED_UP -> Message.of("invitations.state.usedUp");
            case REVOKED -> Message.of("invitations.state.revoked");
            case USABLE -> Message.of("invitations.state.usable");
        };
    }

    private Optional<Invitation> find(String token) {
        if (token == null || token.length() < 20 || token.length() > 200) {
            return Optional.empty();
        }
        return polity.storage().stores().invitations().findInvitationByTokenHash(Secrets.sha256Hex(token));
    }
}
