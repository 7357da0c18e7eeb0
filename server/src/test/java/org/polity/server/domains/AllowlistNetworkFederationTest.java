package org.polity.server.domains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.Pem;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.server.activitypub.Federation;
import org.polity.server.activitypub.Publisher;
import org.polity.server.activitypub.StandIn;
import org.polity.server.config.FederationPolicyConfig;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Delivery;
import org.polity.server.model.Follow;
import org.polity.server.model.StoredActivity;
import org.polity.server.testing.TestInstance;

/**
 * Issue 11's "done when": three instances in allowlist mode, each listing the other two, federate (a follow is
 * accepted, a post is delivered), while a fourth, listed by none, is refused both ways: its follow and its
 * deliveries get 403 and nothing of them is stored, and the three never deliver to it nor fetch from it.
 *
 * <p>Every test instance is {@code localhost:<port>}: the rules are {@code host:port} authorities
 * ({@link DomainName}), so the four differ by port alone.
 */
class AllowlistNetworkFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    @TempDir
    static Path dirD;

    static TestInstance au;
    static TestInstance fr;
    static TestInstance es;
    static TestInstance outsider;

    @BeforeAll
    static void start() {
        Map<String, String> allowlist = Map.of("POLITY_FEDERATION_MODE", "allowlist");
        au = TestInstance.federating(dirA, allowlist);
        fr = TestInstance.federating(dirB, Map.of("POLITY_FEDERATION_MODE", "allowlist", "POLITY_COUNTRY", "FR"));
        es = TestInstance.federating(dirC, Map.of("POLITY_FEDERATION_MODE", "allowlist", "POLITY_COUNTRY", "ES"));
        outsider = TestInstance.federating(dirD, Map.of("POLITY_COUNTRY", "NZ"));
        List<TestInstance> network = List.of(au, fr, es);
        for (TestInstance instance : network) {
            Account root = instance.create("netadmin", Account.Role.ADMIN, Account.Status.ACTIVE);
            for (TestInstance other : network) {
                if (other != instance) {
                    instance.server().polity().domainPolicy().save(root, other.authority(), "allow",
                            "member of the network", "", false, false, false);
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, fr, es, outsider);
    }

    @Test
    void theThreeFederateWithEachOther() throws Exception {
        for (TestInstance instance : List.of(au, fr, es)) {
            assertThat(instance.server().polity().domainPolicy().mode()).isEqualTo(FederationPolicyConfig.Mode.ALLOWLIST);
        }
        Actor alice = au.member("alice");
        Actor bob = fr.member("bob");
        Actor carmen = es.member("carmen");
        Federation auFed = au.server().polity().federation();
        auFed.follows().follow(alice, "@bob@" + fr.authority());
        es.server().polity().federation().follows().follow(carmen, "@bob@" + fr.authority());
        var auStores = au.server().polity().storage().stores();
        var esStores = es.server().polity().storage().stores();
        TestInstance.eventually("alice's and carmen's follows of bob are accepted", () ->
                auStores.actors().findActorByUri(bob.uri())
                        .flatMap(b -> auStores.follows().findFollow(alice.id(), b.id()))
                        .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent()
                && esStores.actors().findActorByUri(bob.uri())
                        .flatMap(b -> esStores.follows().findFollow(carmen.id(), b.id()))
                        .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());

        String noteId = publicNote(fr, bob, "<p>Open budgets across the network</p>", List.of()).objectUri();
        TestInstance.eventually("the note reaches both followers' instances", () ->
                auStores.objects().findObjectByUri(noteId).isPresent()
                        && esStores.objects().findObjectByUri(noteId).isPresent());
    }

    @Test
    void theFourthsFollowAndDeliveriesAreRefusedAndNothingIsStored() throws Exception {
        Actor alice = au.member("alice2");
        Actor dave = outsider.member("dave");
        var polity = outsider.server().polity();
        var key = Pem.privateKey(polity.actors().privateKeyPem(dave));

        ObjectNode follow = Publisher.JSON.createObjectNode();
        String followId = dave.uri() + "/follows/1";
        follow.put("@context", "https://www.w3.org/ns/activitystreams");
        follow.put("id", followId);
        follow.put("type", "Follow");
        follow.put("actor", dave.uri());
        follow.put("object", alice.uri());
        for (TestInstance member : List.of(au, fr, es)) {
            HttpResponse<String> refused = StandIn.post(member.uri("/inbox"), follow, dave.publicKeyId(), key);
            assertThat(refused.statusCode()).as("a Follow from the fourth to " + member.authority()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                    assertThat(t).startsWith("application/problem+json"));
            assertThat(refused.body()).contains(outsider.authority());
            var stores = member.server().polity().storage().stores();
            assertThat(stores.inbox().findInboxItemByActivityUri(followId)).isEmpty();
            assertThat(stores.actors().findActorByUri(dave.uri())).as("the fourth's actor is never fetched").isEmpty();
        }
        HttpResponse<String> personal = StandIn.postRfc9421(au.uri("/users/alice2/inbox"), follow, dave.publicKeyId(),
                key);
        assertThat(personal.statusCode()).isEqualTo(403);

        // Its own follow, the way its server sends one: refused before it reaches an inbox (its server's signed
        // fetch of alice's actor is refused with 403 too), so nothing is stored on either side as accepted.
        assertThatThrownBy(() -> polity.federation().follows().follow(dave, "@alice2@" + au.authority()))
                .isInstanceOf(FetchException.class);
        assertThatThrownBy(() -> polity.federation().fetcher().fetch(URI.create(alice.uri()), FetchBudget.perRequest()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.status()).isEqualTo(403));

        ObjectNode create = Publisher.JSON.createObjectNode();
        create.put("@context", "https://www.w3.org/ns/activitystreams");
        create.put("id", dave.uri() + "/creates/1");
        create.put("type", "Create");
        create.put("actor", dave.uri());
        ObjectNode note = create.putObject("object");
        note.put("id", dave.uri() + "/notes/1");
        note.put("type", "Note");
        note.put("attributedTo", dave.uri());
        note.put("content", "<p>Let me in</p>");
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        create.set("to", note.get("to"));
        HttpResponse<String> delivered = StandIn.post(au.uri("/users/alice2/inbox"), create, dave.publicKeyId(), key);
        assertThat(delivered.statusCode()).isEqualTo(403);
        assertThat(au.server().polity().storage().stores().objects().findObjectByUri(dave.uri() + "/notes/1")).isEmpty();
    }

    @Test
    void theThreeNeverDeliverToTheFourthNorFetchFromIt() throws Exception {
        Actor dave = outsider.member("dave2");
        Actor bob = fr.member("bob2");
        var frPolity = fr.server().polity();
        // A look-up of the fourth's actor is refused before anything is sent.
        assertThatThrownBy(() -> frPolity.federation().actors().resolve(dave.uri(), FetchBudget.perRequest()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason())
                        .isEqualTo(FetchException.Reason.REFUSED_BY_APPLICATION));
        assertThatThrownBy(() -> frPolity.federation().follows().follow(bob, "@dave2@" + outsider.authority()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.reason())
                        .isEqualTo(FetchException.Reason.REFUSED_BY_APPLICATION));

        // A post addressed to the fourth's member queues nothing for its server.
        StoredActivity sent = publicNote(fr, bob, "<p>Not for outsiders</p>", List.of(dave.uri()));
        String noteId = sent.objectUri();
        assertThat(frPolity.storage().stores().deliveries().findDeliveriesByActivityId(sent.id()))
                .extracting(Delivery::host).doesNotContain(outsider.authority());
        Thread.sleep(1000);
        var outsiderStores = outsider.server().polity().storage().stores();
        assertThat(outsiderStores.objects().findObjectByUri(noteId)).isEmpty();
        assertThat(outsiderStores.actors().findActorByUri(bob.uri())).isEmpty();
        assertThat(outsiderStores.hosts().findHost(fr.authority())).isEmpty();
    }

    /** Publishes a public note by {@code author}, also addressed to {@code to}; returns its Create. */
    static StoredActivity publicNote(TestInstance instance, Actor author, String html, List<String> to) {
        Federation fed = instance.server().polity().federation();
        ObjectNode note = Publisher.JSON.createObjectNode();
        String noteId = fed.publisher().newObjectId();
        note.put("id", noteId);
        note.put("type", "Note");
        note.put("attributedTo", author.uri());
        note.put("content", html);
        var toArray = Publisher.array("https://www.w3.org/ns/activitystreams#Public");
        to.forEach(toArray::add);
        note.set("to", toArray);
        note.set("cc", Publisher.array(author.followersUri()));
        ObjectNode create = fed.publisher().activity(author, "Create");
        create.set("object", note);
        create.set("to", note.get("to"));
        create.set("cc", note.get("cc"));
        return fed.publisher().publish(author, create);
    }
}
