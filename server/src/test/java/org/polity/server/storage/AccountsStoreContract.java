package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.polity.server.accounts.Invitation;
import org.polity.server.accounts.InvitationStore;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;

/** Invitation links (V20) on every engine: a use is counted only while the link is usable, never past its maximum. */
abstract class AccountsStoreContract extends ModerationStoreContract {
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

    @Test
    void aDeletedAccountKeepsItsNameLosesItsDataAndItsActorIsMarked() {
        Account ana = account("ana", Account.Status.ACTIVE);
        assertThat(stores.actors().findDeletedAt(ana.actorId())).isEmpty();
        assertThat(stores.accounts().markDeleted(ana.id(), T0)).isTrue();
        assertThat(stores.accounts().markDeleted(ana.id(), T0)).as("once").isFalse();
        Account gone = stores.accounts().findAccountById(ana.id()).orElseThrow();
        assertThat(gone.status()).isEqualTo(Account.Status.DELETED);
        assertThat(gone.email()).isEqualTo("deleted-" + ana.id() + "@deleted.invalid");
        assertThat(gone.profile().organisation()).isEmpty();
        assertThat(stores.accounts().findAccountByEmail("ana@agency.gov.au")).isEmpty();
        assertThat(stores.actors().markDeleted(ana.actorId(), T0)).isTrue();
        assertThat(stores.actors().markDeleted(ana.actorId(), T0)).isFalse();
        assertThat(stores.actors().findDeletedAt(ana.actorId())).hasValue(T0);
        Actor row = stores.actors().findActorById(ana.actorId()).orElseThrow();
        assertThat(row.username()).as("the name stays taken").isEqualTo("ana");
        assertThat(row.displayName()).isEmpty();
    }

    @Test
    void theDeliveriesSayWhoWasSentAnObjectAndWhoKnowsAnActor() {
        Actor ana = stores.actors().insert(person("poster"));
        Actor bea = stores.actors().insert(person("other"));
        String note = "https://polity.example.gov/objects/n1";
        StoredActivity create = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/c1", "Create", ana.id(), note, Visibility.PUBLIC, T0, "{}"));
        StoredActivity announce = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/a1", "Announce", bea.id(), create.uri(), Visibility.PUBLIC, T0,
                "{}"));
        StoredActivity unrelated = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/c2", "Create", bea.id(), "https://polity.example.gov/objects/n2",
                Visibility.PUBLIC, T0, "{}"));
        stores.deliveries().enqueue(create.id(), java.util.List.of("https://b.example/inbox", "https://c.example/inbox"), T0);
        stores.deliveries().enqueue(announce.id(), java.util.List.of("https://d.example/inbox"), T0);
        stores.deliveries().enqueue(unrelated.id(), java.util.List.of("https://e.example/inbox", "https://b.example/inbox"), T0);
        assertThat(stores.deliveries().findInboxesForObject(note)).containsExactly("https://b.example/inbox",
                "https://c.example/inbox", "https://d.example/inbox");
        assertThat(stores.deliveries().findInboxesForActor(ana.id())).containsExactly("https://b.example/inbox",
                "https://c.example/inbox");
        assertThat(stores.deliveries().findInboxesForObject("https://polity.example.gov/objects/none")).isEmpty();
    }

    @Test
    void aGroupBanThatHasEndedBansNoMore() {
        Actor group = stores.actors().insert(person("commons"));
        Actor person = stores.actors().insert(person("banned"));
        Actor other = stores.actors().insert(person("banned2"));
        java.time.Instant now = java.time.Instant.now();
        assertThat(stores.groups().insertBan(group.id(), person.id(), null, now, now.minusSeconds(60))).isTrue();
        assertThat(stores.groups().isBanned(group.id(), person.id())).as("ended a minute ago").isFalse();
        assertThat(stores.groups().insertBan(group.id(), person.id(), null, now, now.plusSeconds(3600)))
                .as("an ended ban gives way to a new one").isTrue();
        assertThat(stores.groups().isBanned(group.id(), person.id())).isTrue();
        assertThat(stores.groups().insertBan(group.id(), other.id(), null, now, null)).isTrue();
        assertThat(stores.groups().findBans(group.id(), 10)).containsExactlyInAnyOrder(person.id(), other.id());
    }
}
