package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.Delivery;
import org.polity.server.model.Follow;
import org.polity.server.testing.TestInstance;

/**
 * The sender is stopped in the middle of a fan-out and started again on the same data directory: every
 * activity reaches every receiver, and each receiver processes each activity exactly once.
 */
class RestartDurabilityFederationTest {
    @TempDir
    Path senderDir;
    @TempDir
    Path dirB;
    @TempDir
    Path dirC;

    static final int POSTS = 40;

    @Test
    void aRestartInTheMiddleOfAFanOutLosesAndRepeatsNothing() throws Exception {
        TestInstance sender = TestInstance.federating(senderDir, Map.of());
        TestInstance fr = TestInstance.federating(dirB, Map.of());
        TestInstance cl = TestInstance.federating(dirC, Map.of());
        try {
            Actor alice = sender.member("alice");
            for (TestInstance receiver : List.of(fr, cl)) {
                Actor reader = receiver.member("reader");
                receiver.server().polity().federation().follows().follow(reader, "@alice@" + sender.authority());
            }
            var senderStores = sender.server().polity().storage().stores();
            FollowFederationTest.eventually("alice has two followers",
                    () -> senderStores.follows().countFollowers(alice.id(), Follow.State.ACCEPTED) == 2);

            Publisher publisher = sender.server().polity().federation().publisher();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                ObjectNode note = Publisher.JSON.createObjectNode();
                String id = publisher.newObjectId();
                ids.add(id);
                note.put("id", id);
                note.put("type", "Note");
                note.put("attributedTo", alice.uri());
                note.put("content", "<p>Post " + i + "</p>");
                note.set("to", Publisher.array("https://www.w3.org/ns/activitystreams#Public"));
                note.set("cc", Publisher.array(alice.followersUri()));
                ObjectNode create = publisher.activity(alice, "Create");
                create.set("object", note);
                create.set("to", note.get("to"));
                create.set("cc", note.get("cc"));
                publisher.publish(alice, create);
            }
            FollowFederationTest.eventually("some deliveries are done",
                    () -> senderStores.deliveries().countByState(Delivery.State.DELIVERED) >= 6);
            int port = sender.server().port();
            String base = sender.server().baseUrl().toString();
            long deliveredAtStop = senderStores.deliveries().countByState(Delivery.State.DELIVERED);
            sender.close(); // stopped mid fan-out: in-flight posts are cut, pending rows stay
            // 2 Accepts + 2 receivers x POSTS Creates in all; fewer were done when it stopped.
            assertThat(deliveredAtStop).as("stopped in the middle").isLessThan(2L * POSTS + 2);

            sender = TestInstance.start(senderDir, Map.of("POLITY_ALLOW_PRIVATE_ADDRESSES", "true",
                    "POLITY_PORT", Integer.toString(port), "POLITY_BASE_URL", base));
            var restarted = sender.server().polity().storage().stores();
            FollowFederationTest.eventually("every delivery is done after the restart",
                    () -> restarted.deliveries().countByState(Delivery.State.PENDING) == 0);
            assertThat(restarted.deliveries().countByState(Delivery.State.FAILED)).isZero();
            assertThat(restarted.deliveries().countByState(Delivery.State.DELIVERED)).isEqualTo(2L * POSTS + 2);

            for (TestInstance receiver : List.of(fr, cl)) {
                var stores = receiver.server().polity().storage().stores();
                FollowFederationTest.eventually("the receiver has every post", () ->
                        ids.stream().allMatch(id -> stores.objects().findObjectByUri(id).isPresent()));
                for (String id : ids) {
                    // One stored object per post, and its Create was processed once (the unique activity id).
                    assertThat(stores.objects().findObjectByUri(id)).isPresent();
                }
            }
        } finally {
            sender.close();
            fr.close();
            cl.close();
        }
    }
}
