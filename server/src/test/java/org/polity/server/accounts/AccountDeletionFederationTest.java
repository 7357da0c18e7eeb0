package org.polity.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.PASSWORD;
import static org.polity.server.testing.TestInstance.eventually;
import static org.polity.server.testing.TestInstance.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.audit.AuditLog;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.storage.Stores;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;

/**
 * Three instances. A post delivered to B and C and then deleted on A is gone from both, C included after its
 * member stopped following (the deliveries say C has it). An account deleted on A (by its member, then one by an
 * administrator) sends a Delete of the actor to every server that knew it: its posts, follows and the actor go
 * there; on A it answers 410 Gone with a Tombstone and its name cannot be taken again.
 */
class AccountDeletionFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    @TempDir
    static Path dirC;
    static TestInstance a;
    static TestInstance b;
    static TestInstance c;

    @BeforeAll
    static void start() {
        a = TestInstance.federating(dirA, Map.of());
        b = TestInstance.federating(dirB, Map.of());
        c = TestInstance.federating(dirC, Map.of());
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(a, b, c);
    }

    static Stores stores(TestInstance i) {
        return i.server().polity().storage().stores();
    }

    static String post(Actor author, String text) {
        ObjectNode note = JsonNodeFactory.instance.objectNode();
        note.put("type", "Note");
        note.put("content", "<p>" + text + "</p>");
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        note.putArray("cc").add(author.followersUri());
        return a.server().polity().federation().objects().create(author, note, null).objectUri();
    }

    static long searchTotal(TestInstance i, String q) {
        return Api.json(i.get("/search?q=" + q, "application/activity+json")).get("totalItems").asLong();
    }

    /** {@code follower} on {@code there} follows {@code username} on A, then A forgets the follow (they left). */
    static void followThenLeave(TestInstance there, String follower, String username) {
        try {
            there.follow(follower, a, username);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDeletedPostIsGoneFromEveryServerThatWasSentIt() throws Exception {
        Actor ana = a.member("ana");
        b.member("bea");
        c.member("cid");
        b.follow("bea", a, "ana");
        c.follow("cid", a, "ana");
        String uri = post(ana, "Kelpwater resilience pilot");
        eventually("the post reaches B", () -> stores(b).objects().findObjectByUri(uri).isPresent());
        eventually("the post reaches C", () -> stores(c).objects().findObjectByUri(uri).isPresent());
        assertThat(searchTotal(b, "kelpwater")).isEqualTo(1);
        assertThat(searchTotal(c, "kelpwater")).isEqualTo(1);
        TestInstance.Browser bea = b.loggedIn("bea");
        assertThat(bea.page("/home").text()).contains("Kelpwater resilience pilot");
        // cid stops following: A's followers no longer name C, but C still holds the post.
        long cidOnA = stores(a).actors().findActorByUri(c.localActor("cid").uri()).orElseThrow().id();
        Follow leaving = stores(a).follows().findFollow(cidOnA, ana.id()).orElseThrow();
        assertThat(stores(a).follows().delete(leaving.id())).isTrue();

        ObjectNode delete = JsonNodeFactory.instance.objectNode();
        delete.put("type", "Delete");
        delete.put("object", uri);
        a.server().polity().federation().objects().delete(ana, delete);
        eventually("B drops it", () -> stores(b).objects().findObjectByUri(uri).filter(o -> o.deleted()).isPresent());
        eventually("C drops it too", () -> stores(c).objects().findObjectByUri(uri).filter(o -> o.deleted()).isPresent());
        assertThat(searchTotal(b, "kelpwater")).isZero();
        assertThat(searchTotal(c, "kelpwater")).isZero();
        assertThat(bea.page("/home").text()).as("gone from B's listings").doesNotContain("Kelpwater");
        assertThat(c.loggedIn("cid").page("/home").text()).as("gone from C's listings").doesNotContain("Kelpwater");
        HttpResponse<String> onA = a.get(uri.substring(uri.indexOf("/", 8)), "application/activity+json");
        assertThat(onA.statusCode()).isIn(404, 410);
    }

    @Test
    void aMemberDeletesTheirAccountAndEveryServerThatKnewThemForgetsThem() throws Exception {
        Actor oli = a.member("oli");
        b.member("ben");
        c.member("cat");
        b.follow("ben", a, "oli");
        c.follow("cat", a, "oli");
        String uri = post(oli, "Mangrove procurement framework");
        eventually("the post reaches B", () -> stores(b).objects().findObjectByUri(uri).isPresent());
        eventually("the post reaches C", () -> stores(c).objects().findObjectByUri(uri).isPresent());
        long catOnA = stores(a).actors().findActorByUri(c.localActor("cat").uri()).orElseThrow().id();
        stores(a).follows().delete(stores(a).follows().findFollow(catOnA, oli.id()).orElseThrow().id());

        TestInstance.Browser browser = a.loggedIn("oli");
        HttpResponse<String> wrong = browser.submit("/settings/delete", "/settings/delete",
                Map.of("password", "not my password"));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(html(wrong).select("#password-error").text()).isNotEmpty();
        assertThat(a.accounts().findByUsername("oli").orElseThrow().status()).isEqualTo(Account.Status.ACTIVE);

        HttpResponse<String> done = browser.submit("/settings/delete", "/settings/delete", Map.of("password", PASSWORD));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(html(done).select("#account-deleted").text()).contains("@oli@" + a.authority());
        assertThat(browser.get("/settings/profile").statusCode()).as("logged out").isEqualTo(303);
        Account gone = a.accounts().findByUsername("oli").orElseThrow();
        assertThat(gone.status()).isEqualTo(Account.Status.DELETED);
        assertThat(gone.email()).doesNotContain("oli@");
        assertThat(a.accounts().logIn("oli", PASSWORD).outcome()).isNotEqualTo(
                org.polity.server.service.AccountService.LoginResult.Outcome.OK);
        assertThat(stores(a).objects().findObjectByUri(uri).orElseThrow().deleted()).isTrue();

        HttpResponse<String> actorDoc = a.get("/users/oli", "application/activity+json");
        assertThat(actorDoc.statusCode()).isEqualTo(410);
        JsonNode tombstone = Api.json(actorDoc);
        assertThat(tombstone.get("type").asText()).isEqualTo("Tombstone");
        assertThat(tombstone.get("id").asText()).isEqualTo(oli.uri());
        assertThat(a.get("/users/oli", "text/html").statusCode()).isEqualTo(410);
        assertThat(a.get("/.well-known/webfinger?resource=acct:oli@" + a.authority(), "application/jrd+json")
                .statusCode()).isEqualTo(410);
        // The handle is not given again.
        HttpResponse<String> again = a.browser().submit("/signup", "/signup", InvitationWebTest.application("oli",
                "oli2@agency.gov.au"));
        assertThat(again.statusCode()).isEqualTo(422);

        for (TestInstance there : new TestInstance[] {b, c}) {
            Stores s = stores(there);
            eventually("the actor's Delete reaches " + there.authority(), () -> s.actors().findActorByUri(oli.uri())
                    .flatMap(x -> s.actors().findDeletedAt(x.id())).isPresent());
            long oliThere = s.actors().findActorByUri(oli.uri()).orElseThrow().id();
            assertThat(s.objects().findObjectByUri(uri).orElseThrow().deleted()).isTrue();
            assertThat(s.follows().countFollowing(oliThere, Follow.State.ACCEPTED)
                    + s.follows().countFollowers(oliThere, Follow.State.ACCEPTED)).isZero();
            assertThat(searchTotal(there, "mangrove")).isZero();
        }
        JsonNode sent = Api.json(a.get("/users/oli/outbox?page=true", "application/activity+json"));
        assertThat(sent.toString()).doesNotContain("Mangrove");
    }

    @Test
    void anAdministratorDeletesAnAccountAndTheAuditLogSaysSo() throws Exception {
        a.create("chief", Account.Role.ADMIN, Account.Status.ACTIVE);
        Actor zoe = a.member("zoe");
        b.member("bix");
        b.follow("bix", a, "zoe");
        TestInstance.Browser root = a.loggedIn("chief");
        assertThat(root.page("/users/zoe").select("#admin-delete-account").attr("href"))
                .isEqualTo("/admin/accounts/zoe/delete");
        assertThat(a.loggedIn("zoe").page("/users/zoe").select("#admin-delete-account")).isEmpty();
        assertThat(root.get("/admin/accounts/nobody/delete").statusCode()).isEqualTo(404);
        assertThat(a.loggedIn("zoe").get("/admin/accounts/zoe/delete").statusCode()).isEqualTo(403);
        HttpResponse<String> self = root.submit("/admin/accounts/chief/delete", "/admin/accounts/chief/delete", Map.of());
        assertThat(self.statusCode()).isEqualTo(422);
        var zoeLink = stores(a).invitations().insert(new Invitation(0, "z".repeat(64), zoe.id(), "", 3, 0,
                java.time.Instant.now(), java.time.Instant.now().plusSeconds(86_400), null));
        HttpResponse<String> done = root.submit("/admin/accounts/zoe/delete", "/admin/accounts/zoe/delete",
                Map.of("reason", "left the civil service"));
        assertThat(stores(a).invitations().findInvitationById(zoeLink.id()).orElseThrow().revokedAt())
                .as("the deleted member's invitation links stop working").isNotNull();
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(a.accounts().findByUsername("zoe").orElseThrow().status()).isEqualTo(Account.Status.DELETED);
        assertThat(a.server().polity().audit().page(null, AuditLog.ACCOUNT_DELETE, 5)).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo(zoe.acct());
            assertThat(e.detail()).isEqualTo("left the civil service");
            assertThat(e.actorLabel()).startsWith("chief@");
        });
        Stores s = stores(b);
        eventually("B forgets zoe", () -> s.actors().findActorByUri(zoe.uri())
                .flatMap(x -> s.actors().findDeletedAt(x.id())).isPresent());
    }
}
