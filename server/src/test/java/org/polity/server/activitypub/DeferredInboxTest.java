package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.testing.LocalServer;
import org.polity.server.model.Actor;
import org.polity.server.model.InboxItem;
import org.polity.server.storage.InboxStore;
import org.polity.server.testing.TestInstance;

/**
 * An inbox's request thread never waits on a remote server (issue 12): a delivery whose signing key is not known
 * yet is answered 202 at once and kept as it came, and the inbox worker fetches the key, checks the request as
 * the inbox would have, and stores it, or refuses it. The sender here is a stand-in server whose actor
 * documents answer two seconds late, so the order of events is certain.
 */
class DeferredInboxTest {
    @TempDir
    static Path dir;
    static TestInstance au;
    static LocalServer remote;
    static Actor alice;
    static final KeyPair DAN = RsaKeys.generate();
    static final KeyPair EVE = RsaKeys.generate();

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dir, Map.of());
        alice = au.member("alice");
        remote = new LocalServer();
        for (var who : Map.of("dan", DAN, "eve", EVE).entrySet()) {
            String doc = actor(who.getKey(), who.getValue()).toString();
            remote.route("/users/" + who.getKey(), req -> LocalServer.Reply.activity(doc).delayed(2000));
            remote.route("/users/" + who.getKey() + "/inbox", req -> LocalServer.Reply.of(202));
        }
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au);
        remote.close();
    }

    static ObjectNode actor(String name, KeyPair keys) {
        return DeferredInboxTestActors.actor(remote, name, keys);
    }

    static ObjectNode activity(String actor, String type, Object object) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("@context", "https://www.w3.org/ns/activitystreams");
        a.put("id", remote.base() + "/activities/" + UUID.randomUUID());
        a.put("type", type);
        a.put("actor", remote.base() + "/users/" + actor);
        if (object instanceof ObjectNode node) {
            a.set("object", node);
        } else {
            a.put("object", object.toString());
        }
        return a;
    }

    static HttpResponse<String> send(ObjectNode activity, String keyOf, KeyPair signingKey) throws Exception {
        return StandIn.post(URI.create(au.server().baseUrl() + "/users/alice/inbox"), activity,
                remote.base() + "/users/" + keyOf + "#main-key", signingKey.getPrivate());
    }

    static InboxStore inbox() {
        return au.server().polity().storage().stores().inbox();
    }

    static Optional<InboxItem> item(ObjectNode activity) {
        return inbox().findInboxItemByActivityUri(activity.get("id").asText());
    }

    @Test
    void aFirstContactIsAnsweredAtOnceThenCheckedStoredAndProcessedInItsOrder() throws Exception {
        ObjectNode follow = activity("dan", "Follow", alice.uri());
        HttpResponse<String> r = send(follow, "dan", DAN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        // Answered while dan's server has not yet sent his key (it takes two seconds): kept, not stored.
        assertThat(inbox().findDeferredOutcome(follow.get("id").asText())).map(InboxStore.DeferredOutcome::state)
                .hasValue("QUEUED");
        assertThat(item(follow)).isEmpty();
        // His Undo right after waits behind it, and is taken after it.
        ObjectNode undo = activity("dan", "Undo", follow.deepCopy());
        assertThat(send(undo, "dan", DAN).statusCode()).isEqualTo(202);

        eventually("the Follow is checked and processed", () -> item(follow)
                .filter(i -> i.state() == InboxItem.State.DONE).isPresent());
        eventually("the Undo is processed", () -> item(undo).filter(i -> i.state() == InboxItem.State.DONE)
                .isPresent());
        assertThat(inbox().findDeferredOutcome(follow.get("id").asText()).orElseThrow().outcome())
                .isEqualTo("ADMITTED");
        assertThat(item(follow).orElseThrow().outcome()).isEqualTo("PROCESSED");
        assertThat(item(undo).orElseThrow().outcome()).as(item(undo).toString()).isEqualTo("PROCESSED");
        var stores = au.server().polity().storage().stores();
        Actor dan = stores.actors().findActorByUri(remote.base() + "/users/dan").orElseThrow();
        assertThat(stores.follows().findFollow(dan.id(), alice.id())).as("followed, then undone").isEmpty();

        // Now that dan's key is known, his next delivery is checked and stored on the request thread.
        ObjectNode like = activity("dan", "Like", alice.uri());
        assertThat(send(like, "dan", DAN).statusCode()).isEqualTo(202);
        assertThat(item(like)).as("stored before the 202").isPresent();
        assertThat(inbox().findDeferredOutcome(like.get("id").asText())).isEmpty();
    }

    @Test
    void aForgeryFromAnUnknownKeyIsRefusedByTheWorkerAndStoresNothing() throws Exception {
        // Claims eve's key, signed with dan's: the inbox cannot tell before it has eve's key, so it keeps it.
        ObjectNode forged = activity("eve", "Follow", alice.uri());
        assertThat(send(forged, "eve", DAN).statusCode()).isEqualTo(202);
        String id = forged.get("id").asText();
        eventually("the worker refuses it", () -> inbox().findDeferredOutcome(id)
                .filter(o -> "REFUSED".equals(o.outcome())).isPresent());
        assertThat(inbox().findDeferredOutcome(id).orElseThrow().detail()).startsWith("401");
        assertThat(item(forged)).as("nothing stored").isEmpty();
        // With eve's key known now, the same forgery is refused at once.
        ObjectNode again = activity("eve", "Follow", alice.uri());
        HttpResponse<String> r = send(again, "eve", DAN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(inbox().findDeferredOutcome(again.get("id").asText())).isEmpty();
    }
}
