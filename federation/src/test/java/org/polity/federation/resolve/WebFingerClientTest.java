package org.polity.federation.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FederationHttpOptions;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.LocalServer.Reply;
import org.polity.federation.testing.SharedInterop;
import org.polity.federation.webfinger.WebFingerResource;

/** Handles to actor ids through a real WebFinger endpoint on loopback. */
class WebFingerClientTest {
    final LocalServer server = new LocalServer();
    final FederationHttp http = new FederationHttp(FederationHttpOptions.defaults(true, "Polity/test"));
    final WebFingerClient client = new WebFingerClient(http);

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    String authority() {
        return "127.0.0.1:" + server.port();
    }

    /** The JRD Fedify answered for alice (fixtures/fedify-captured/webfinger-alice.json), on this port. */
    static final String FEDIFY_JRD = "{\"subject\":\"acct:alice@127.0.0.1:3333\",\"aliases\":"
            + "[\"http://127.0.0.1:3333/users/alice\"],\"links\":[{\"rel\":\"self\","
            + "\"href\":\"http://127.0.0.1:3333/users/alice\",\"type\":\"application/activity+json\"},"
            + "{\"rel\":\"http://webfinger.net/rel/profile-page\",\"href\":\"http://127.0.0.1:3333/users/alice\"}]}";

    void serve(String jrd) {
        server.route("/.well-known/webfinger", r -> Reply.json("application/jrd+json",
                jrd.replace("127.0.0.1:3333", authority())));
    }

    @Test
    void everyHandleFormFindsTheSelfLink() throws Exception {
        serve(FEDIFY_JRD);
        URI expected = URI.create("http://" + authority() + "/users/alice");
        for (String handle : new String[] {"acct:alice@" + authority(), "alice@" + authority(),
                "@alice@" + authority()}) {
            assertThat(client.resolveActorId(handle, FetchBudget.perRequest())).as(handle).isEqualTo(expected);
        }
        LocalServer.Recorded request = server.requests().get(0);
        assertThat(request.rawPathAndQuery()).isEqualTo("/.well-known/webfinger?resource=acct%3Aalice%40127.0.0.1%3A"
                + server.port());
        assertThat(request.toMessage().has("signature")).isFalse();
        assertThat(request.toMessage().combined("accept").orElseThrow()).startsWith("application/jrd+json");
    }

    @Test
    void theCapturedFedifyAnswerResolves() throws Exception {
        Path dir = SharedInterop.require("fixtures/fedify-captured");
        serve(Files.readString(dir.resolve("webfinger-alice.json")));
        assertThat(client.resolveActorId("alice@" + authority(), FetchBudget.perRequest()))
                .isEqualTo(URI.create("http://" + authority() + "/users/alice"));
    }

    @Test
    void anLdJsonSelfLinkCountsAndOtherTypesDoNot() throws Exception {
        serve("{\"subject\":\"acct:g@127.0.0.1:3333\",\"links\":["
                + "{\"rel\":\"self\",\"type\":\"text/html\",\"href\":\"http://127.0.0.1:3333/html\"},"
                + "{\"rel\":\"self\",\"type\":\"application/ld+json; profile=\\\"https://www.w3.org/ns/activitystreams\\\"\","
                + "\"href\":\"http://127.0.0.1:3333/groups/g\"}]}");
        assertThat(client.resolveActorId("g@" + authority(), FetchBudget.perRequest()))
                .isEqualTo(URI.create("http://" + authority() + "/groups/g"));
    }

    @Test
    void anAnswerWithoutASelfLinkOrAMissingAccountFails() {
        serve("{\"subject\":\"acct:n@127.0.0.1:3333\",\"links\":[]}");
        assertThatThrownBy(() -> client.resolveActorId("n@" + authority(), FetchBudget.perRequest()))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.INVALID_DOCUMENT));
        server.route("/.well-known/webfinger", r -> Reply.of(404));
        assertThatThrownBy(() -> client.resolveActorId("nobody@" + authority(), FetchBudget.perRequest()))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> client.resolveActorId("https://x.example/users/a", FetchBudget.perRequest()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publicHostsAreAskedOverHttps() {
        assertThat(client.queryUrl(WebFingerResource.parseAcct("alice@gov.example")))
                .isEqualTo(URI.create("https://gov.example/.well-known/webfinger?resource=acct%3Aalice%40gov.example"));
        assertThat(client.queryUrl(WebFingerResource.parseAcct("alice@127.0.0.1:8080")).getScheme()).isEqualTo("http");
        try (FederationHttp strict = new FederationHttp(FederationHttpOptions.defaults(false, "Polity/test"))) {
            assertThat(new WebFingerClient(strict).queryUrl(WebFingerResource.parseAcct("alice@127.0.0.1:8080"))
                    .getScheme()).isEqualTo("https");
        }
    }
}
