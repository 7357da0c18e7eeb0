package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.Signer;
import org.polity.server.model.Actor;
import org.polity.server.model.Follow;
import org.polity.server.model.GroupInfo;
import org.polity.server.model.GroupThread;
import org.polity.server.model.InboxItem;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * Attacks that have hit fediverse servers, each made for real against {@code au} by {@code mallory}, a validly
 * signed member of a third server ({@code xx}): she may sign as herself, but not make her server the authority on
 * anyone else's objects or groups. {@code fr} is the honest host of carol and of the group {@code energy} that
 * ana (on {@code au}) belongs to. Each case ends with what {@code au} holds unchanged and {@code au} still serving.
 * docs/security.md lists these with the other classes and their tests.
 */
class SecurityRegressionFederationTest {
    @TempDir
    static Path dirAu;
    @TempDir
    static Path dirFr;
    @TempDir
    static Path dirXx;

    static TestInstance au;
    static TestInstance fr;
    static TestInstance xx;
    static Actor ana;
    static Actor carol;
    static Actor mallory;
    static Actor groupAtAu;
    static Signer malloryKey;
    static String threadUri;
    static String threadHtml;

    @BeforeAll
    static void start() throws Exception {
        au = TestInstance.federating(dirAu, Map.of("POLITY_COUNTRY", "AU"));
        fr = TestInstance.federating(dirFr, Map.of("POLITY_COUNTRY", "FR"));
        xx = TestInstance.federating(dirXx, Map.of("POLITY_COUNTRY", "NZ"));
        ana = au.member("ana");
        carol = fr.member("carol");
        mallory = xx.member("mallory");
        malloryKey = xx.server().polity().federation().signer(mallory);
        Actor group = fr.server().polity().federation().groups().setup().create(carol, "energy", "Energy",
                "Open energy data.", GroupInfo.Membership.OPEN, false);
        groupAtAu = au.server().polity().federation().actors().resolve(group.uri(), FetchBudget.perRequest());
        au.server().polity().federation().groups().membership().join(ana, groupAtAu, "");
        TestInstance.eventually("ana is a member of energy", () -> au.server().polity().federation().groups()
                .queries().isMember(groupAtAu, ana));
        threadUri = fr.server().polity().federation().groups().posting().startThread(carol,
                group, "Grid data", "We publish the grid every five minutes.", GroupThread.Kind.DISCUSSION,
                List.of()).objectUri();
        TestInstance.eventually("au holds carol's thread", () -> object(threadUri).isPresent());
        threadHtml = object(threadUri).orElseThrow().contentHtml();
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, fr, xx);
    }

    static Optional<StoredObject> object(String uri) {
        return au.server().polity().storage().stores().objects().findObjectByUri(uri);
    }

    static ObjectNode activity(String type) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("@context", "https://www.w3.org/ns/activitystreams");
        a.put("id", mallory.uri() + "/activities/" + UUID.randomUUID());
        a.put("type", type);
        a.put("actor", mallory.uri());
        a.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        return a;
    }

    /** Mallory's public Create of a Note with this id, author and (when not null) url. */
    static ObjectNode create(String id, String attributedTo, String url, String html) {
        ObjectNode create = activity("Create");
        ObjectNode note = create.putObject("object");
        note.put("id", id);
        note.put("type", "Note");
        note.put("attributedTo", attributedTo);
        if (url != null) {
            note.put("url", url);
        }
        note.put("content", html);
        note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
        return create;
    }

    /** Mallory posts to au's shared inbox; the answer, then (once au's worker is done with it) what it decided. */
    static InboxItem deliver(ObjectNode activity) throws Exception {
        HttpResponse<String> answer = StandIn.post(URI.create(au.server().baseUrl() + "/inbox"), activity, malloryKey.keyId(),
                malloryKey.privateKey());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String id = activity.get("id").asText();
        var inbox = au.server().polity().storage().stores().inbox();
        TestInstance.eventually("au processed " + id, () -> inbox.findInboxItemByActivityUri(id)
                .filter(i -> i.state() != InboxItem.State.QUEUED).isPresent());
        return inbox.findInboxItemByActivityUri(id).orElseThrow();
    }

    static void assertThreadUntouched() {
        StoredObject thread = object(threadUri).orElseThrow();
        assertThat(thread.deleted()).isFalse();
        assertThat(thread.contentHtml()).isEqualTo(threadHtml);
        assertThat(thread.attributedToId()).isEqualTo(au.server().polity().storage().stores().actors()
                .findActorByUri(carol.uri()).orElseThrow().id());
        assertThat(au.get("/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUpdateOfSomeoneElsesObjectChangesNothing() throws Exception {
        ObjectNode update = activity("Update");
        ObjectNode forged = update.putObject("object");
        forged.put("id", threadUri);
        forged.put("type", "Page");
        forged.put("attributedTo", carol.uri());
        forged.put("content", "<p>Send your password to mallory</p>");
        InboxItem item = deliver(update);
        assertThat(item.outcome()).as(item.detail()).isIn("REJECTED", "IGNORED");
        assertThreadUntouched();
    }

    @Test
    void aDeleteOfSomeoneElsesObjectChangesNothing() throws Exception {
        ObjectNode delete = activity("Delete");
        delete.put("object", threadUri);
        InboxItem item = deliver(delete);
        assertThat(item.outcome()).as(item.detail()).isEqualTo("REJECTED");
        assertThreadUntouched();
    }

    @Test
    void anEmbeddedObjectFromAnotherOriginIsNotTakenOnTheSendersWord() throws Exception {
        String forgedId = carol.uri() + "/notes/" + UUID.randomUUID();
        InboxItem item = deliver(create(forgedId, carol.uri(), null, "<p>carol never wrote this</p>"));
        assertThat(item.outcome()).as(item.detail()).isEqualTo("REJECTED");
        assertThat(object(forgedId)).isEmpty();
    }

    @Test
    void authorityClaimedThroughUrlInsteadOfIdIsNotGiven() throws Exception {
        // Attributed to carol, on mallory's host, with carol's thread as its url: refused.
        String id = mallory.uri() + "/notes/" + UUID.randomUUID();
        assertThat(deliver(create(id, carol.uri(), threadUri, "<p>an official correction</p>")).outcome())
                .isEqualTo("REJECTED");
        assertThat(object(id)).isEmpty();

        // Her own, pointing its url at carol's thread: stored as hers, and carol's thread is still carol's.
        String mineId = mallory.uri() + "/notes/" + UUID.randomUUID();
        assertThat(deliver(create(mineId, mallory.uri(), threadUri, "<p>see the thread</p>")).outcome())
                .isEqualTo("PROCESSED");
        StoredObject stored = object(mineId).orElseThrow();
        assertThat(stored.attributedToId()).isEqualTo(au.server().polity().storage().stores().actors()
                .findActorByUri(mallory.uri()).orElseThrow().id());
        var found = new RemoteObjects(au.server().polity()).lookup(threadUri, FetchBudget.perRequest());
        assertThat(found.object().orElseThrow().uri()).as("the url finds carol's thread, not mallory's note")
                .isEqualTo(threadUri);
        assertThreadUntouched();
    }

    @Test
    void moderationFromAServerThatDoesNotHostTheGroupIsNotApplied() throws Exception {
        ObjectNode lock = activity("Lock");
        lock.put("object", threadUri);
        lock.put("audience", groupAtAu.uri());
        lock.putArray("cc").add(groupAtAu.uri());
        deliver(lock);
        ObjectNode announce = activity("Announce");
        ObjectNode inner = activity("Lock");
        inner.remove("@context");
        inner.put("object", threadUri);
        announce.set("object", inner);
        announce.put("audience", groupAtAu.uri());
        deliver(announce);
        ObjectNode remove = activity("Delete");
        remove.put("object", threadUri);
        remove.put("audience", groupAtAu.uri());
        deliver(remove);
        GroupThread thread = au.server().polity().storage().stores().groups().findThread(threadUri).orElseThrow();
        assertThat(thread.locked()).isFalse();
        assertThreadUntouched();
    }

    @Test
    void aMoveToAnAliasThatDoesNotPointBackMovesNoOne() throws Exception {
        au.server().polity().federation().follows().follow(ana, au.server().polity().federation().actors()
                .resolve(mallory.uri(), FetchBudget.perRequest()), null);
        var auStores = au.server().polity().storage().stores();
        long malloryAtAu = auStores.actors().findActorByUri(mallory.uri()).orElseThrow().id();
        TestInstance.eventually("ana follows mallory", () -> auStores.follows().findFollow(ana.id(), malloryAtAu)
                .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());
        ObjectNode move = activity("Move");
        move.put("object", mallory.uri());
        move.put("target", carol.uri()); // carol's actor lists no alias: she never agreed to receive followers
        InboxItem item = deliver(move);
        assertThat(item.outcome()).as(item.detail()).isEqualTo("REJECTED");
        assertThat(auStores.follows().findFollow(ana.id(), malloryAtAu)).isPresent();
        long carolAtAu = auStores.actors().findActorByUri(carol.uri()).orElseThrow().id();
        assertThat(auStores.follows().findFollow(ana.id(), carolAtAu)).isEmpty();
    }

    @Test
    void aMoveToAnAccountThatAgreesMovesOurFollowersAndNoOneElse() throws Exception {
        try (org.polity.federation.testing.LocalServer newHome = new org.polity.federation.testing.LocalServer()) {
            String newUri = newHome.base() + "/users/mallory2";
            ObjectNode actor = Publisher.JSON.createObjectNode();
            actor.put("@context", "https://www.w3.org/ns/activitystreams");
            actor.put("id", newUri);
            actor.put("type", "Person");
            actor.put("preferredUsername", "mallory2");
            actor.put("inbox", newUri + "/inbox");
            actor.putArray("alsoKnownAs").add(mallory.uri());
            ObjectNode key = actor.putObject("publicKey");
            key.put("id", newUri + "#main-key");
            key.put("owner", newUri);
            key.put("publicKeyPem", org.polity.federation.crypto.RsaKeys.publicKeyPem(
                    org.polity.federation.crypto.RsaKeys.generate().getPublic()));
            newHome.route("/users/mallory2", req -> org.polity.federation.testing.LocalServer.Reply.activity(
                    actor.toString()));
            newHome.route("/users/mallory2/inbox", req -> org.polity.federation.testing.LocalServer.Reply.of(202));

            Actor mo = au.member("mo");
            var auStores = au.server().polity().storage().stores();
            au.server().polity().federation().follows().follow(mo, au.server().polity().federation().actors()
                    .resolve(mallory.uri(), FetchBudget.perRequest()), null);
            long malloryAtAu = auStores.actors().findActorByUri(mallory.uri()).orElseThrow().id();
            TestInstance.eventually("mo follows mallory", () -> auStores.follows().findFollow(mo.id(), malloryAtAu)
                    .filter(f -> f.state() == Follow.State.ACCEPTED).isPresent());

            ObjectNode someoneElse = activity("Move");
            someoneElse.put("object", carol.uri());
            someoneElse.put("target", newUri);
            assertThat(deliver(someoneElse).outcome()).as("only an account moves itself").isEqualTo("REJECTED");

            ObjectNode move = activity("Move");
            move.put("object", mallory.uri());
            move.put("target", newUri);
            InboxItem item = deliver(move);
            assertThat(item.outcome()).as(item.detail()).isEqualTo("PROCESSED");
            long newAtAu = auStores.actors().findActorByUri(newUri).orElseThrow().id();
            assertThat(auStores.follows().findFollow(mo.id(), newAtAu)).as("mo follows the new account").isPresent();
            assertThat(auStores.follows().findFollow(mo.id(), malloryAtAu)).as("and no longer the old").isEmpty();
            TestInstance.eventually("the new account's server gets mo's Follow", () -> StandIn.received(newHome)
                    .stream().anyMatch(a -> a.path("type").asText().equals("Follow")
                            && a.path("actor").asText().equals(mo.uri())));
        }
    }

    @Test
    void urlsWithLineBreaksAreRefusedAtTheDoor() throws Exception {
        ObjectNode follow = activity("Follow");
        follow.put("id", mallory.uri() + "/follows/1\r\nX-Injected: yes");
        follow.put("object", ana.uri());
        HttpResponse<String> answer = StandIn.post(URI.create(au.server().baseUrl() + "/inbox"), follow, malloryKey.keyId(),
                malloryKey.privateKey());
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(au.server().polity().storage().stores().inbox()
                .findInboxItemByActivityUri(follow.get("id").asText())).isEmpty();
        assertThatThrownBy(() -> au.server().polity().federation().fetcher()
                .fetch(URI.create(fr.server().baseUrl() + "/users/carol%0D%0AHost:%20evil"), FetchBudget.perRequest()))
                .isInstanceOf(FetchException.class);
    }

    @Test
    void followersOnlyPostsNeitherLeakBeforeTheAcceptNorAnswerProbes() throws Exception {
        var accounts = au.server().polity().accounts();
        Actor locked = au.member("locked_lou");
        accounts.setManuallyApprovesFollowers(accounts.findByUsername("locked_lou").orElseThrow(), true);
        Actor louAtXx = xx.server().polity().federation().actors().resolve(locked.uri(), FetchBudget.perRequest());
        xx.server().polity().federation().follows().follow(mallory, louAtXx, null);
        var auStores = au.server().polity().storage().stores();
        TestInstance.eventually("mallory's request waits on au", () -> auStores.actors().findActorByUri(mallory.uri())
                .flatMap(m -> auStores.follows().findFollow(m.id(), locked.id()))
                .filter(f -> f.state() == Follow.State.PENDING).isPresent());

        String early = au.server().polity().federation().outbox().submit(locked, ObjectLifecycleFederationTest.json(
                "{\"type\":\"Note\",\"content\":\"<p>for followers: before</p>\",\"to\":[\""
                        + locked.followersUri() + "\"]}")).objectUri();
        // A signed fetch by the pending follower's server, an anonymous one, and one of nothing: the same 404.
        assertThatThrownBy(() -> xx.server().polity().federation().fetcher().fetch(URI.create(early),
                FetchBudget.perRequest())).isInstanceOf(FetchException.class).hasMessageContaining("404");
        String missing = early.substring(0, early.lastIndexOf('/') + 1) + UUID.randomUUID();
        HttpResponse<String> hidden = au.get(URI.create(early).getPath(), "application/activity+json");
        HttpResponse<String> absent = au.get(URI.create(missing).getPath(), "application/activity+json");
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(absent.statusCode()).isEqualTo(404);
        assertThat(hidden.body().replace(URI.create(early).getPath(), "PATH"))
                .isEqualTo(absent.body().replace(URI.create(missing).getPath(), "PATH"));
        assertThat(au.get(URI.create(early).getPath(), "text/html").statusCode()).isEqualTo(404);

        Follow request = auStores.follows().findFollowers(locked.id(), Follow.State.PENDING, 0, 10).get(0);
        au.server().polity().federation().follows().approve(locked, request.id());
        String late = au.server().polity().federation().outbox().submit(locked, ObjectLifecycleFederationTest.json(
                "{\"type\":\"Note\",\"content\":\"<p>for followers: after</p>\",\"to\":[\""
                        + locked.followersUri() + "\"]}")).objectUri();
        var xxObjects = xx.server().polity().storage().stores().objects();
        TestInstance.eventually("the post after the Accept reaches xx", () -> xxObjects.findObjectByUri(late)
                .isPresent());
        assertThat(xxObjects.findObjectByUri(early)).as("the post before the Accept was never sent").isEmpty();
    }
}
