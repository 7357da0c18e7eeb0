package org.polity.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polity.server.domains.DomainRule;
import org.polity.server.domains.DomainSubscription;
import org.polity.server.domains.Severity;
import org.polity.server.model.Actor;
import org.polity.server.model.ActorType;
import org.polity.server.model.Delivery;
import org.polity.server.model.Follow;
import org.polity.server.model.ObjectKind;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;

/**
 * Domain rules and subscribed lists on every engine (V18): one rule per domain, subscribed rules replaced whole
 * without touching manual ones, a block's follows and queued deliveries, and public listings and search without
 * the authors of blocked and silenced domains.
 */
abstract class DomainPolicyStoreContract extends BlockStoreContract {
    static DomainRule rule(String domain, Severity severity, DomainRule.Source source) {
        return new DomainRule(domain, severity, "public " + domain, "private", true, false, true, source, null, T0,
                null);
    }

    Actor remote(String username, String domain) {
        String uri = "https://" + domain + "/users/" + username;
        return stores.actors().insert(new Actor(0, uri, ActorType.Person, username, domain, false, username, "",
                uri + "/inbox", null, null, null, null, null, uri + "#k", person("x").publicKeyPem(), false, T0, T0));
    }

    @Test
    void rulesAreOnePerDomainAndReadBackWhole() {
        var store = stores.domainPolicies();
        store.upsertRule(rule("bad.example", Severity.BLOCK, DomainRule.Source.MANUAL));
        store.upsertRule(rule("loud.example", Severity.SILENCE, DomainRule.Source.IMPORT));
        store.upsertRule(new DomainRule("bad.example", Severity.SILENCE, "", "", false, false, false,
                DomainRule.Source.MANUAL, null, T0.plusSeconds(5), null));
        assertThat(store.findRules()).extracting(DomainRule::domain).containsExactly("bad.example", "loud.example");
        assertThat(store.findRule("bad.example").orElseThrow().severity()).isEqualTo(Severity.SILENCE);
        assertThat(store.findRule("loud.example").orElseThrow())
                .isEqualTo(rule("loud.example", Severity.SILENCE, DomainRule.Source.IMPORT));
        assertThat(store.deleteRule("loud.example")).isTrue();
        assertThat(store.deleteRule("loud.example")).isFalse();
        assertThat(store.findRule("loud.example")).isEmpty();
    }

    @Test
    void aSubscriptionsRulesAreReplacedWholeAndManualRulesWin() {
        var store = stores.domainPolicies();
        long list = store.insertSubscription(new DomainSubscription(0, "https://lists.example/blocks.csv",
                Severity.BLOCK, 60, null, null, null, null, null, 0, T0, null));
        store.upsertRule(rule("manual.example", Severity.SILENCE, DomainRule.Source.MANUAL));
        int first = store.replaceSubscribedRules(list, List.of(rule("a.example", Severity.BLOCK, null),
                rule("b.example", Severity.BLOCK, null), rule("manual.example", Severity.BLOCK, null)));
        assertThat(first).isEqualTo(2);
        assertThat(store.findRule("a.example").orElseThrow().subscriptionId()).isEqualTo(list);
        assertThat(store.findRule("a.example").orElseThrow().source()).isEqualTo(DomainRule.Source.SUBSCRIPTION);
        assertThat(store.findRule("manual.example").orElseThrow().severity()).isEqualTo(Severity.SILENCE);
        int second = store.replaceSubscribedRules(list, List.of(rule("c.example", Severity.SILENCE, null)));
        assertThat(second).isEqualTo(1);
        assertThat(store.findRules()).extracting(DomainRule::domain)
                .containsExactly("c.example", "manual.example");

        store.recordFetch(list, T0.plusSeconds(60), DomainSubscription.OK, null, "\"v2\"", "Tue, 01 Dec 2026", 1);
        store.recordFetch(list, T0.plusSeconds(120), DomainSubscription.FAILED, "timed out", null, null, null);
        DomainSubscription read = store.findSubscription(list).orElseThrow();
        assertThat(read.lastFetchedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(read.lastStatus()).isEqualTo(DomainSubscription.FAILED);
        assertThat(read.lastError()).isEqualTo("timed out");
        assertThat(read.etag()).isEqualTo("\"v2\"");
        assertThat(read.lastModified()).isEqualTo("Tue, 01 Dec 2026");
        assertThat(read.entryCount()).isEqualTo(1);
        assertThat(store.findSubscriptions()).extracting(DomainSubscription::url)
                .containsExactly("https://lists.example/blocks.csv");

        assertThat(store.deleteSubscription(list)).isTrue();
        assertThat(store.findSubscriptions()).isEmpty();
        assertThat(store.findRules()).extracting(DomainRule::domain).containsExactly("manual.example");
    }

    @Test
    void aBlockEndsFollowsWithTheDomainAndItsSubdomainsAndDropsQueuedDeliveries() {
        Actor ours = stores.actors().insert(person("ana"));
        Actor bad = remote("zed", "bad.example");
        Actor sub = remote("yan", "social.bad.example:8443");
        Actor good = remote("amy", "notbad.example");
        Actor port = remote("lee", "localhost:9001");
        Actor otherPort = remote("kim", "localhost:9002");
        for (Actor a : List.of(bad, sub, good, port, otherPort)) {
            stores.follows().insertOrGet(ours.id(), a.id(), Follow.State.ACCEPTED, ours.uri() + "/f/" + a.id(), T0);
            stores.follows().insertOrGet(a.id(), ours.id(), Follow.State.ACCEPTED, a.uri() + "/f", T0);
        }
        assertThat(stores.domainPolicies().severFollows("bad.example")).isEqualTo(4);
        assertThat(stores.domainPolicies().severFollows("localhost:9001")).isEqualTo(2);
        assertThat(stores.follows().findFollowing(ours.id(), Follow.State.ACCEPTED, 0, 10))
                .extracting(Follow::followedId).containsExactlyInAnyOrder(good.id(), otherPort.id());

        StoredActivity activity = stores.activities().insert(new StoredActivity(0,
                "https://polity.example.gov/activities/1", "Create", ours.id(), null, Visibility.PUBLIC, T0, "{}"));
        stores.deliveries().enqueue(activity.id(), List.of("https://bad.example/inbox",
                "https://x.bad.example:8443/inbox", "https://notbad.example/inbox"), T0);
        assertThat(stores.domainPolicies().dropPendingDeliveries("bad.example", "blocked", T0)).isEqualTo(2);
        assertThat(stores.deliveries().findDeliveriesByActivityId(activity.id()))
                .filteredOn(d -> d.state() == Delivery.State.FAILED)
                .extracting(Delivery::inboxUri)
                .containsExactlyInAnyOrder("https://bad.example/inbox", "https://x.bad.example:8443/inbox");
        assertThat(stores.deliveries().findDeliveriesByActivityId(activity.id()))
                .filteredOn(d -> d.state() == Delivery.State.FAILED).allMatch(d -> "blocked".equals(d.lastError()));
    }

    @Test
    void publicListingsAndSearchLeaveOutBlockedAndSilencedAuthors() {
        Actor ours = stores.actors().insert(person("ana"));
        Actor loud = remote("zed", "loud.example");
        Actor fine = remote("amy", "fine.example");
        stores.objects().insert(new org.polity.server.model.StoredObject(0, "https://loud.example/o/1", "Article",
                loud.id(), false, "Silenced Casestudyword", "<p>x</p>", null, null, null, Visibility.PUBLIC, T0,
                null, null, "{}", ObjectKind.RESOURCE));
        stores.objects().insert(new org.polity.server.model.StoredObject(0, "https://fine.example/o/1", "Article",
                fine.id(), false, "Fine Casestudyword", "<p>x</p>", null, null, null, Visibility.PUBLIC, T0,
                null, null, "{}", ObjectKind.RESOURCE));
        object(ours, "o1", ObjectKind.RESOURCE, Visibility.PUBLIC, "Ours Casestudyword", "<p>x</p>", T0);
        assertThat(stores.objects().countPublicObjectsByKind(ObjectKind.RESOURCE)).isEqualTo(3);
        stores.domainPolicies().upsertRule(rule("loud.example", Severity.SILENCE, DomainRule.Source.MANUAL));
        assertThat(stores.objects().findPublicObjectsByKind(ObjectKind.RESOURCE, null, 10))
                .extracting(o -> o.name()).containsExactlyInAnyOrder("Fine Casestudyword", "Ours Casestudyword");
        assertThat(stores.objects().countPublicObjectsByKind(ObjectKind.RESOURCE)).isEqualTo(2);
        var hits = stores.search().search(org.polity.server.search.SearchQuery.text("casestudyword"), null, 10);
        assertThat(hits.stream().map(h -> stores.objects().findObjectById(h.objectId()).orElseThrow().name()).toList())
                .containsExactlyInAnyOrder("Fine Casestudyword", "Ours Casestudyword");
        stores.domainPolicies().upsertRule(rule("example", Severity.ALLOW, DomainRule.Source.MANUAL));
        stores.domainPolicies().upsertRule(rule("fine.example", Severity.BLOCK, DomainRule.Source.MANUAL));
        assertThat(stores.objects().findPublicObjectsByKind(ObjectKind.RESOURCE, null, 10))
                .extracting(o -> o.name()).containsExactly("Ours Casestudyword");
    }
}
