package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.polity.server.accounts.Invitation;
import org.polity.server.accounts.InvitationStore;
import org.polity.server.model.Account;

/** Invitation links (V20) on every engine: a use is counted only while the link is usable, never past its maximum. */
abstract class AccountsStoreContract extends AuditStoreContract {
    @Test
    void anInvitationIsUsedOnlyWhileUsableAndRecordsWhoCameWithIt() {
        Account admin = account("inviter", Account.Status.ACTIVE);
        InvitationStore invitations = stores.invitations();
        Invitation link = invitations.insert(new Invitation(0, "a".repeat(64), admin.actorId(), "lab", 2, 0, T0,
                T0.plus(Duration.ofDays(1)), null));
        assertThat(invitations.findInvitationByTokenHash("a".repeat(64))).hasValue(link);
        assertThat(link.state(T0)).isEqualTo(Invitation.State.USABLE);
        assertThat(invitations.claimUse(link.id(), T0.plusSeconds(1))).isTrue();
        assertThat(invitations.claimUse(link.id(), T0.plusSeconds(2))).isTrue();
        assertThat(invitations.claimUse(link.id(), T0.plusSeconds(3))).as("used up").isFalse();
        Invitation used = invitations.findInvitationById(link.id()).orElseThrow();
        assertThat(used.uses()).isEqualTo(2);
        assertThat(used.state(T0)).isEqualTo(Invitation.State.USED_UP);

        Invitation other = invitations.insert(new Invitation(0, "b".repeat(64), admin.actorId(), "", 5, 0, T0,
                T0.plus(Duration.ofDays(1)), null));
        assertThat(invitations.claimUse(other.id(), T0.plus(Duration.ofDays(1)))).as("expired").isFalse();
        assertThat(invitations.revoke(other.id(), T0)).isTrue();
        assertThat(invitations.revoke(other.id(), T0)).isFalse();
        assertThat(invitations.claimUse(other.id(), T0)).as("revoked").isFalse();
        assertThat(invitations.findInvitationById(other.id()).orElseThrow().state(T0)).isEqualTo(Invitation.State.REVOKED);
        assertThat(invitations.findInvitations(admin.actorId(), 10)).extracting(Invitation::id)
                .containsExactly(other.id(), link.id());
        assertThat(invitations.findInvitations(admin.actorId() + 1000, 10)).isEmpty();

        Account invited = account("invitee", Account.Status.ACTIVE);
        assertThat(invitations.findInviterOfAccount(invited.id())).isEmpty();
        invitations.recordInvitedAccount(invited.id(), admin.actorId(), link.id());
        assertThat(invitations.findInviterOfAccount(invited.id())).hasValue(admin.actorId());
        assertThat(invitations.countAccountsInvitedWith(link.id())).isEqualTo(1);
    }
}
