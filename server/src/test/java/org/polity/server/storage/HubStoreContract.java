package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.hub.HubStore;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;

/** The hub's members, what it relayed, and a national instance's subscription, on every engine. */
abstract class HubStoreContract extends ChallengeStoreContract {
    @Test
    void membersRelayedActivitiesAndTheSubscription() {
        Actor mx = stores.actors().insert(person("mx_instance"));
        HubStore hub = stores.hub();
        hub.putMember(new HubStore.Member(mx.id(), "mx.example", HubStore.Member.PENDING, "https://mx.example/f/1", T0,
                null));
        assertThat(hub.findMembers(HubStore.Member.PENDING)).extracting(HubStore.Member::domain)
                .containsExactly("mx.example");
        hub.setMemberState(mx.id(), HubStore.Member.SUSPENDED, null, T0.plusSeconds(1));
        // Asking again does not lift a suspension.
        hub.putMember(new HubStore.Member(mx.id(), "mx.example", HubStore.Member.PENDING, "https://mx.example/f/2", T0,
                null));
        assertThat(hub.findMemberByDomain("mx.example").orElseThrow())
                .extracting(HubStore.Member::state, HubStore.Member::followActivityUri)
                .containsExactly(HubStore.Member.SUSPENDED, "https://mx.example/f/2");
        hub.setMemberState(mx.id(), HubStore.Member.ACCEPTED, null, T0.plusSeconds(2));
        assertThat(hub.findMember(mx.id()).orElseThrow().decidedAt()).isEqualTo(T0.plusSeconds(2));

        StoredActivity copy = stores.activities().insert(new StoredActivity(0, "https://mx.example/activities/1",
                "Create", mx.id(), "https://mx.example/objects/1", Visibility.DIRECT, T0, "{\"type\":\"Create\"}"));
        HubStore.Relayed relayed = new HubStore.Relayed(0, copy.uri(), "mx.example", "Create", copy.id(), T0);
        assertThat(hub.insertRelayed(relayed)).isTrue();
        assertThat(hub.insertRelayed(relayed)).as("once per id").isFalse();
        assertThat(hub.countRelayed()).isEqualTo(1);
        List<HubStore.Relayed> page = hub.findRelayed(0, 10);
        assertThat(page).extracting(HubStore.Relayed::relayedActivityId).containsExactly(copy.id());
        assertThat(hub.findRelayed(page.get(0).id(), 10)).isEmpty();

        assertThat(hub.findSubscription()).isEmpty();
        hub.putSubscription(new HubStore.Subscription("https://hub.example/actor", "https://hub.example/inbox",
                "https://au.example/f/1", HubStore.Member.PENDING, List.of("challenges", "responses"), T0));
        hub.putSubscription(new HubStore.Subscription("https://hub.example/actor", "https://hub.example/inbox",
                "https://au.example/f/1", HubStore.Member.ACCEPTED, List.of("challenges"), T0));
        assertThat(hub.findSubscription().orElseThrow())
                .extracting(HubStore.Subscription::state, HubStore.Subscription::kinds)
                .containsExactly(HubStore.Member.ACCEPTED, List.of("challenges"));
    }
}
