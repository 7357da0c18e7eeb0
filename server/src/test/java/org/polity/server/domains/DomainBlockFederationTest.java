package org.polity.server.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.testing.LocalServer;
import org.polity.server.Polity;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Delivery;
import org.polity.server.model.Follow;
import org.polity.server.model.StoredActivity;
import org.polity.server.model.Visibility;
import org.polity.server.search.SearchQuery;
import org.polity.server.testing.TestInstance;

/**
 * Blocking and silencing with real instances over loopback, a stand-in server that counts every request it gets,
 * and a subscribed list served on loopback (the instances federate with private addresses, as every federation
 * test does, which is what lets them fetch it).
 */
class DomainBlockFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;

    static TestInstance au;
    static TestInstance blocked;
    static TestInstance silenced;
    static Account root;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        blocked = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
        silenced = TestInstance.federating(dirC, Map.of("POLITY_COUNTRY", "ES"));
        root = au.create("blockadmin", Account.Role.ADMIN, Account.Status.ACTIVE);
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, blocked, silenced);
    }

    static Polity polity() {
        return au.server().polity();
    }

    static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        TestInstance.eventually(what, condition);
    }

    static boolean accepted(TestInstance at, Actor follower, Actor followed) {
        var s = at.server().polity().storage().stores();
        return s.actors().findActorByUri(follower.uri()).flatMap(f -> s.actors().findActorByUri(followed.uri())
                .flatMap(t -> s.follows().findFollow(f.id(), t.id())))
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent();
    }

    @Test
    void aBlockedDomainIsNeverContactedForFetchesWebFingerNodeInfoOrDeliveries() throws Exception {
        try (LocalServer standIn = new LocalServer()) {
            standIn.route("/inbox", r -> LocalServer.Reply.of(503));
            String authority = "127.0.0.1:" + standIn.port();
            Actor alice = au.member("alice_b");
            var stores = polity().storage().stores();
            StoredActivity activity = stores.activities().insert(new StoredActivity(0,
                    alice.uri() + "/activities/queued", "Create", alice.id(), null, Visibility.PUBLIC, Instant.now(),
                    "{}"));
            stores.deliveries().enqueue(activity.id(), List.of(standIn.url("/inbox").toString()), Instant.now());
            polity().federation().deliveries().wake();
            eventually("the first attempt reaches the stand-in and is put back", () ->
                    standIn.requests().size() == 1 && stores.deliveries().findDeliveriesByActivityId(activity.id())
                            .get(0).attempts() == 1);
            polity().domainPolicy().save(root, authority, "block", "", "test stand-in", false, false, false);
            Delivery dropped = stores.deliveries().findDeliveriesByActivityId(activity.id()).get(0);
            assertThat(dropped.state()).isEqualTo(Delivery.State.FAILED);
            assertThat(dropped.lastError()).contains("blocked by this server's domain policy");
            int hits = standIn.requests().size();

            var fed = polity().federation();
            assertThatThrownBy(() -> fed.fetcher().fetch(standIn.url("/users/x"), FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason())
                            .isEqualTo(FetchException.Reason.REFUSED_BY_APPLICATION));
            assertThatThrownBy(() -> fed.actors().lookup("@x@" + authority, FetchBudget.perRequest()))
                    .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason())
                            .isEqualTo(FetchException.Reason.REFUSED_BY_APPLICATION));
            assertThatThrownBy(() -> fed.http().get(standIn.url("/.well-known/nodeinfo"), "application/json", null,
                    FetchBudget.perRequest())).isInstanceOf(FetchException.class);
            assertThatThrownBy(() -> fed.actors().resolve(standIn.url("/users/y").toString(), FetchBudget.perRequest()))
                    .isInstanceOf(FetchException.class);

            StoredActivity later = stores.activities().insert(new StoredActivity(0, alice.uri() + "/activities/later",
                    "Create", alice.id(), null, Visibility.PUBLIC, Instant.now(), "{}"));
            stores.deliveries().enqueue(later.id(), List.of(standIn.url("/inbox").toString()), Instant.now());
            fed.deliveries().wake();
            eventually("a delivery queued after the block ends, refused, without a retry", () ->
                    stores.deliveries().findDeliveriesByActivityId(later.id()).get(0).state() == Delivery.State.FAILED);
            assertThat(stores.deliveries().findDeliveriesByActivityId(later.id()).get(0).lastError())
                    .contains("domain policy");
            assertThat(standIn.requests()).as("requests after the block").hasSize(hits);
            polity().domainPolicy().remove(root, authority);
        }
    }

    @Test
    void blockingAnInstanceEndsItsFollowsAndRefusesItsDeliveriesAndSignedFetches() throws Exception {
        Actor alice = au.member("alice_c");
        Actor bob = blocked.member("bob_c");
        polity().federation().follows().follow(alice, "@bob_c@" + blocked.authority());
        blocked.server().polity().federation().follows().follow(bob, "@alice_c@" + au.authority());
        eventually("alice and bob follow each other", () -> accepted(au, alice, bob) && accepted(au, bob, alice));

        polity().domainPolicy().save(root, blocked.authority(), "block", "Spam", "", false, false, false);
        var stores = polity().storage().stores();
        Actor bobHere = stores.actors().findActorByUri(bob.uri()).orElseThrow();
        assertThat(stores.follows().findFollow(alice.id(), bobHere.id())).isEmpty();
        assertThat(stores.follows().findFollow(bobHere.id(), alice.id())).isEmpty();
        assertThat(polity().audit().page(null, "domain.block", 1).get(0).detail()).contains("2 follows ended");

        // bob's next post to his followers (alice among them on his side) is refused by alice's server: 403, final.
        StoredActivity create = AllowlistNetworkFederationTest.publicNote(blocked, bob, "<p>After the block</p>",
                List.of(alice.uri()));
        var blockedStores = blocked.server().polity().storage().stores();
        eventually("bob's delivery to alice's server ends refused", () -> blockedStores.deliveries()
                .findDeliveriesByActivityId(create.id()).stream()
                .anyMatch(d -> d.host().equals(au.authority()) && d.state() == Delivery.State.FAILED));
        assertThat(blockedStores.deliveries().findDeliveriesByActivityId(create.id()).stream()
                .filter(d -> d.host().equals(au.authority())).findFirst().orElseThrow().lastStatus()).isEqualTo(403);
        assertThat(stores.objects().findObjectByUri(create.objectUri())).isEmpty();
        assertThat(stores.inbox().findInboxItemByActivityUri(create.uri())).isEmpty();
        // Its signed fetch (authorized fetch) of alice is refused too.
        assertThatThrownBy(() -> blocked.server().polity().federation().fetcher()
                .fetch(URI.create(alice.uri()), FetchBudget.perRequest()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.status()).isEqualTo(403));
        // And alice's posts are not queued for bob's server.
        StoredActivity mine = AllowlistNetworkFederationTest.publicNote(au, alice, "<p>Not for them</p>",
                List.of(bob.uri()));
        assertThat(stores.deliveries().findDeliveriesByActivityId(mine.id())).extracting(Delivery::host)
                .doesNotContain(blocked.authority());
        polity().domainPolicy().remove(root, blocked.authority());
    }

    @Test
    void whatWasQueuedBeforeABlockIsRejectedUnprocessedAndNoPathStoresTheDomainsObjects() throws Exception {
        var stores = polity().storage().stores();
        String actor = "https://queued-block.example/users/zed";
        String activity = "https://queued-block.example/activities/1";
        String payload = "{\"id\":\"" + activity + "\",\"type\":\"Create\",\"actor\":\"" + actor + "\","
                + "\"object\":{\"id\":\"https://queued-block.example/notes/1\",\"type\":\"Note\","
                + "\"attributedTo\":\"" + actor + "\",\"content\":\"queued\"}}";
        polity().domainPolicy().save(root, "queued-block.example", "block", "", "", false, false, false);
        assertThat(stores.inbox().insertIfNew(activity, "Create", actor, null, payload, Instant.now())).isTrue();
        polity().federation().inboxWorker().wake();
        eventually("the queued item ends rejected", () -> stores.inbox().findInboxItemByActivityUri(activity)
                .filter(i -> "REJECTED".equals(i.outcome())).isPresent());
        assertThat(stores.objects().findObjectByUri("https://queued-block.example/notes/1")).isEmpty();
        Actor zed = stores.actors().insert(new Actor(0, actor, org.polity.server.model.ActorType.Person, "zed",
                "queued-block.example", false, "Zed", "", null, null, null, null, null, null, actor + "#k",
                au.localActor("blockadmin").publicKeyPem(), false, Instant.now(), Instant.now()));
        var note = org.polity.server.activitypub.Publisher.JSON.createObjectNode()
                .put("id", "https://queued-block.example/notes/2").put("type", "Note").put("attributedTo", actor)
                .put("content", "<p>backfilled</p>");
        assertThatThrownBy(() -> new org.polity.server.activitypub.RemoteObjects(polity()).store(zed, note, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not federate");
        polity().domainPolicy().remove(root, "queued-block.example");
    }

    @Test
    void aSilencedDomainsPostsArriveButStayOutOfSearchAndItsFollowersMustAsk() throws Exception {
        polity().domainPolicy().save(root, silenced.authority(), "silence", "Loud", "", false, false, false);
        Actor alice = au.member("alice_s");
        Actor carol = silenced.member("carol_s");
        // carol asks to follow alice, who approves no one by hand: it waits all the same.
        silenced.server().polity().federation().follows().follow(carol, "@alice_s@" + au.authority());
        var stores = polity().storage().stores();
        eventually("carol's follow arrives", () -> stores.actors().findActorByUri(carol.uri())
                .flatMap(c -> stores.follows().findFollow(c.id(), alice.id())).isPresent());
        Actor carolHere = stores.actors().findActorByUri(carol.uri()).orElseThrow();
        assertThat(stores.follows().findFollow(carolHere.id(), alice.id()).orElseThrow().state())
                .isEqualTo(Follow.State.PENDING);

        // alice follows carol: carol's public post reaches alice's home, but not search.
        polity().federation().follows().follow(alice, "@carol_s@" + silenced.authority());
        eventually("alice's follow of carol is accepted", () -> accepted(au, alice, carol));
        String word = "silencedzebra";
        StoredActivity post = AllowlistNetworkFederationTest.publicNote(silenced, carol, "<p>" + word + "</p>",
                List.of());
        eventually("carol's post is stored on alice's server", () ->
                stores.objects().findObjectByUri(post.objectUri()).isPresent());
        assertThat(stores.objects().findHomeTimeline(alice.id(), alice.uri(), Long.MAX_VALUE, 20))
                .extracting(o -> o.uri()).contains(post.objectUri());
        assertThat(stores.search().search(SearchQuery.text(word), null, 10)).isEmpty();
        polity().domainPolicy().remove(root, silenced.authority());
        assertThat(stores.search().search(SearchQuery.text(word), null, 10)).hasSize(1);
    }

    @Test
    void aSubscribedListIsFetchedConditionallyReplacedWholeAndKeptWhenARefreshFails() throws Exception {
        AtomicReference<String> list = new AtomicReference<>("#domain,#severity,#public_comment\n"
                + "listed-a.example,suspend,Spam\nlisted-b.example,silence,\nmanual-wins.example,suspend,\n");
        AtomicReference<Integer> status = new AtomicReference<>(200);
        try (LocalServer lists = new LocalServer()) {
            lists.route("/blocks.csv", r -> {
                String tag = "\"" + Integer.toHexString(list.get().hashCode()) + "\"";
                String asked = r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("If-None-Match"))
                        .map(e -> e.getValue().get(0)).findFirst().orElse(null);
                if (status.get() != 200) {
                    return LocalServer.Reply.of(status.get());
                }
                if (tag.equals(asked)) {
                    return LocalServer.Reply.of(304).header("ETag", tag);
                }
                return LocalServer.Reply.json("text/csv", list.get()).header("ETag", tag);
            });
            DomainPolicy policy = polity().domainPolicy();
            policy.save(root, "manual-wins.example", "silence", "", "", false, false, false);
            DomainSubscription s = policy.subscribe(root, lists.url("/blocks.csv").toString(), "block", "60");
            DomainLists refresher = polity().federation().domainLists();

            DomainSubscription first = refresher.refreshNow(root, s.id());
            assertThat(first.lastStatus()).isEqualTo(DomainSubscription.OK);
            assertThat(first.entryCount()).isEqualTo(2);
            assertThat(policy.verdictFor("www.listed-a.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);
            assertThat(policy.verdictFor("listed-b.example")).isEqualTo(DomainPolicy.Verdict.SILENCED);
            assertThat(policy.verdictFor("manual-wins.example")).isEqualTo(DomainPolicy.Verdict.SILENCED);

            assertThat(refresher.refreshNow(root, s.id()).lastStatus()).isEqualTo(DomainSubscription.UNCHANGED);
            assertThat(lists.requests().get(1).headers().entrySet().stream()
                    .anyMatch(e -> e.getKey().equalsIgnoreCase("If-None-Match"))).isTrue();

            status.set(500);
            DomainSubscription failed = refresher.refreshNow(root, s.id());
            assertThat(failed.lastStatus()).isEqualTo(DomainSubscription.FAILED);
            assertThat(failed.lastError()).contains("500");
            assertThat(policy.verdictFor("listed-a.example")).as("the last good list stays")
                    .isEqualTo(DomainPolicy.Verdict.REFUSED);
            status.set(200);
            list.set("not a domain at all\n");
            assertThat(refresher.refreshNow(root, s.id()).lastError()).contains("Line 1");
            assertThat(policy.verdictFor("listed-a.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);

            list.set("listed-c.example\n");
            assertThat(refresher.refreshNow(root, s.id()).entryCount()).isEqualTo(1);
            assertThat(policy.verdictFor("listed-a.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            assertThat(policy.verdictFor("listed-c.example")).isEqualTo(DomainPolicy.Verdict.REFUSED);
            TestInstance.Browser page = au.loggedIn("blockadmin");
            assertThat(page.page("/admin/domains").select("#list-" + s.id()).text())
                    .contains(lists.url("/blocks.csv").toString(), "Fetched", "1 entries");
            assertThat(polity().audit().page(null, "domain.subscription.refresh", 10)).hasSizeGreaterThanOrEqualTo(2);

            policy.unsubscribe(root, s.id());
            assertThat(policy.verdictFor("listed-c.example")).isEqualTo(DomainPolicy.Verdict.FEDERATE);
            policy.remove(root, "manual-wins.example");
        }
    }
}
