package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.testing.LocalServer;
import org.polity.server.testing.TestInstance;

/**
 * The brake on the deferred inbox (inbox.deferred.max): while that many first-contact requests wait for their
 * signing keys (here from a sender that answers three seconds late), the next is answered 503 with Retry-After
 * and stored nowhere; the server keeps serving, and once the waiting ones are checked, deliveries are taken again.
 */
class DeferredBacklogTest {
    @TempDir
    Path dir;
    TestInstance au;
    LocalServer remote;
    final KeyPair keys = RsaKeys.generate();

    @BeforeEach
    void start() {
        au = TestInstance.federating(dir, Map.of("POLITY_INBOX_DEFERRED_MAX", "2"));
        au.member("alice");
        remote = new LocalServer();
        for (String name : new String[] {"s1", "s2", "s3"}) {
            String doc = DeferredInboxTestActors.actor(remote, name, keys).toString();
            remote.route("/users/" + name, req -> LocalServer.Reply.activity(doc).delayed(3000));
            remote.route("/users/" + name + "/inbox", req -> LocalServer.Reply.of(202));
        }
    }

    @AfterEach
    void stop() {
        TestInstance.closeAll(au);
        remote.close();
    }

    ObjectNode follow(String actor) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("@context", "https://www.w3.org/ns/activitystreams");
        a.put("id", remote.base() + "/activities/" + UUID.randomUUID());
        a.put("type", "Follow");
        a.put("actor", remote.base() + "/users/" + actor);
        a.put("object", au.server().baseUrl() + "/users/alice");
        return a;
    }

    HttpResponse<String> send(String actor) throws Exception {
        return send(follow(actor), actor);
    }

    HttpResponse<String> send(ObjectNode activity, String actor) throws Exception {
        return StandIn.post(URI.create(au.server().baseUrl() + "/users/alice/inbox"), activity,
                remote.base() + "/users/" + actor + "#main-key", keys.getPrivate());
    }

    @Test
    void pastTheLimitOfWaitingRequestsTheInboxAnswers503UntilTheyAreChecked() throws Exception {
        assertThat(send("s1").statusCode()).isEqualTo(202);
        assertThat(send("s2").statusCode()).isEqualTo(202);
        ObjectNode third = follow("s3");
        HttpResponse<String> busy = send(third, "s3");
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).contains("60");
        assertThat(busy.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(busy.body()).contains("retry");
        var inbox = au.server().polity().storage().stores().inbox();
        assertThat(inbox.findDeferredOutcome(third.get("id").asText())).as("the refused one is kept nowhere").isEmpty();
        assertThat(inbox.findInboxItemByActivityUri(third.get("id").asText())).isEmpty();
        assertThat(au.get("/healthz", null).statusCode()).isEqualTo(200);

        // The worker fetches the two keys and checks the waiting requests; then the same delivery is taken.
        eventually("the waiting requests are checked", () -> inbox.countDeferredWaiting() == 0, 30);
        Thread.sleep(1100); // the limit reads a count made at most a second ago
        assertThat(send(third, "s3").statusCode()).isEqualTo(202);
    }
}
