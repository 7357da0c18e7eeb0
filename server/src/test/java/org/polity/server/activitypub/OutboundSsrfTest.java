package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.DeliveryResult;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.testing.LocalServer;
import org.polity.server.testing.TestInstance;

/**
 * SSRF, as the server is wired in production ({@code allow.private.addresses=false}, the default): an inbox, an
 * object, a WebFinger handle or a NodeInfo document on a loopback address is never contacted, whichever of the
 * server's outbound paths asks. A listening server on loopback counts what reaches it: nothing. (The library's
 * own tests cover names that resolve to private addresses, and redirects to them: FederationHttpTest.)
 */
class OutboundSsrfTest {
    @TempDir
    static Path dataDir;
    static TestInstance instance;
    static LocalServer internal;

    @BeforeAll
    static void start() {
        instance = TestInstance.start(dataDir, Map.of());
        instance.member("sasha");
        internal = new LocalServer();
        internal.route("/", exchange -> LocalServer.Reply.json("application/activity+json", "{\"id\":\"x\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        TestInstance.closeAll(instance, internal);
    }

    @Test
    void noOutboundPathReachesALoopbackAddress() throws Exception {
        var federation = instance.server().polity().federation();
        DeliveryResult delivered = federation.http().deliver(internal.url("/inbox"),
                "{\"type\":\"Create\"}".getBytes(StandardCharsets.UTF_8),
                federation.signer(instance.localActor("sasha")));
        assertThat(delivered.succeeded()).isFalse();
        assertThat(delivered.retryable()).as("an address we never post to is not retried").isFalse();

        assertThatThrownBy(() -> federation.fetcher().fetch(internal.url("/users/admin"), FetchBudget.perRequest()))
                .isInstanceOf(FetchException.class);
        assertThatThrownBy(() -> federation.actors().lookup("admin@127.0.0.1:" + internal.port(),
                FetchBudget.perRequest())).isInstanceOf(Exception.class);
        assertThat(federation.hostSoftware().of("127.0.0.1:" + internal.port())).isEmpty();
        assertThatThrownBy(() -> federation.fetcher().fetch(URI.create("http://[::1]:" + internal.port() + "/x"),
                FetchBudget.perRequest())).isInstanceOf(FetchException.class);
        assertThatThrownBy(() -> federation.fetcher().fetch(URI.create("http://169.254.169.254/latest/meta-data/"),
                FetchBudget.perRequest())).as("cloud metadata").isInstanceOf(FetchException.class);

        Thread.sleep(300); // NodeInfo is asked in the background: give it the time it would need
        assertThat(internal.requests()).as("requests that reached the internal server").isEmpty();
        assertThat(instance.get("/healthz", null).statusCode()).isEqualTo(200);
    }
}
