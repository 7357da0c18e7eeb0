package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * A slow remote server holds no more than its share of the inbox's threads (issue 12): six first deliveries
 * from a host whose actor documents take eight seconds to come keep two threads busy (inbox.per.host), and a
 * delivery from another host arriving after them is checked and processed while they still wait.
 */
class InboxIsolationTest {
    @TempDir
    static Path dir;
    static TestInstance au;
    static LocalServer slow;
    static LocalServer fast;
    static Actor alice;
    static final KeyPair KEYS = RsaKeys.generate();

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dir, Map.of("POLITY_INBOX_THREADS", "4", "POLITY_INBOX_PER_HOST", "2"));
        alice = au.member("alice");
        slow = new LocalServer();
        fast = new LocalServer();
        for (int i = 0; i < 6; i++) {
            String doc = DeferredInboxTestActors.actor(slow, "s" + i, KEYS).toString();
            slow.route("/users/s" + i, req -> LocalServer.Reply.activity(doc).delayed(8000));
            slow.route("/users/s" + i + "/inbox", req -> LocalServer.Reply.of(202));
        }
        String doc = DeferredInboxTestActors.actor(fast, "quick", KEYS).toString();
        fast.route("/users/quick", req -> LocalServer.Reply.activity(doc));
        fast.route("/users/quick/inbox", req -> LocalServer.Reply.of(202));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au);
        slow.close();
        fast.close();
    }

    static ObjectNode like(LocalServer server, String name) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("@context", "https://www.w3.org/ns/activitystreams");
        a.put("id", server.base() + "/activities/" + UUID.randomUUID());
        a.put("type", "Like");
        a.put("actor", server.base() + "/users/" + name);
        a.put("object", alice.uri());
        return a;
    }

    static void send(LocalServer server, String name, ObjectNode activity) throws Exception {
        assertThat(StandIn.post(URI.create(au.server().baseUrl() + "/users/alice/inbox"), activity,
                server.base() + "/users/" + name + "#main-key", KEYS.getPrivate()).statusCode()).isEqualTo(202);
    }

    @Test
    void aSlowHostHoldsItsShareOfThreadsAndTheOthersGoOn() throws Exception {
        InboxStore inbox = au.server().polity().storage().stores().inbox();
        List<ObjectNode> fromSlow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ObjectNode like = like(slow, "s" + i);
            send(slow, "s" + i, like);
            fromSlow.add(like);
        }
        ObjectNode quick = like(fast, "quick");
        send(fast, "quick", quick);
        eventually("the other host's activity is processed", () -> inbox.findInboxItemByActivityUri(
                quick.get("id").asText()).filter(i -> i.state() == InboxItem.State.DONE).isPresent());
        long stillWaiting = fromSlow.stream().filter(a -> inbox.findDeferredOutcome(a.get("id").asText())
                .map(o -> o.state().equals("QUEUED")).orElse(false)).count();
        assertThat(stillWaiting).as("the slow host's are still waiting for its documents").isEqualTo(6);
        // And they all get through in the end, two at a time.
        eventually("the slow host's activities are stored", () -> fromSlow.stream().allMatch(a ->
                inbox.findInboxItemByActivityUri(a.get("id").asText()).isPresent()), 40);
    }
}
