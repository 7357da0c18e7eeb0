package org.polity.federation.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FederationHttpOptions;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.FetchException.Reason;
import org.polity.federation.http.Signer;
import org.polity.federation.signatures.SignatureVerifier;
import org.polity.federation.signatures.VerifiedSignature;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.LocalServer.Reply;

/** The content-type and id rules for fetched documents. */
class ObjectFetcherTest {
    static final KeyPair INSTANCE_KEYS = RsaKeys.generate();
    static final Signer INSTANCE_ACTOR = new Signer("https://gov.example/actor#main-key", INSTANCE_KEYS.getPrivate());

    final LocalServer server = new LocalServer();
    final FederationHttp http = new FederationHttp(FederationHttpOptions.defaults(true, "Polity/test"));
    final ObjectFetcher fetcher = new ObjectFetcher(http, INSTANCE_ACTOR);

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    String note(String id) {
        return "{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + id
                + "\",\"type\":\"Note\",\"content\":\"hi\"}";
    }

    FetchException.Reason reasonOf(URI url) {
        try {
            fetcher.fetch(url, FetchBudget.perRequest());
            throw new AssertionError("expected a refusal of " + url);
        } catch (FetchException e) {
            return e.reason();
        }
    }

    @Test
    void aDocumentWithTheAskedIdIsReturnedAndTheFetchIsSignedByTheInstanceActor() throws Exception {
        URI id = server.url("/notes/1");
        server.route("/notes/1", r -> Reply.activity(note(id.toString())));
        ObjectNode json = fetcher.fetch(id, FetchBudget.perRequest());
        assertThat(json.get("content").asText()).isEqualTo("hi");
        VerifiedSignature signature = new SignatureVerifier(Duration.ofMinutes(5)).verify(
                server.requests().get(0).toMessage(), (keyId, refresh) -> INSTANCE_KEYS.getPublic(), Instant.now());
        assertThat(signature.keyId()).isEqualTo("https://gov.example/actor#main-key");
    }

    @Test
    void bothActivityStreamsMediaTypesAreAccepted() throws Exception {
        URI a = server.url("/a");
        URI b = server.url("/b");
        URI c = server.url("/c");
        server.route("/a", r -> Reply.json("application/activity+json; charset=utf-8", note(a.toString())));
        server.route("/b", r -> Reply.json(
                "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"", note(b.toString())));
        server.route("/c", r -> Reply.json("application/ld+json", note(c.toString())));
        for (URI u : new URI[] {a, b, c}) {
            assertThat(fetcher.fetch(u, FetchBudget.perRequest()).get("id").asText()).isEqualTo(u.toString());
        }
    }

    @Test
    void otherContentTypesAreRefused() {
        URI id = server.url("/page");
        server.route("/page", r -> Reply.json("text/html", note(id.toString())));
        server.route("/json", r -> Reply.json("application/json", note(server.url("/json").toString())));
        server.route("/none", r -> new Reply(200, java.util.Map.of(), note("x").getBytes(), 0, false));
        assertThat(reasonOf(id)).isEqualTo(Reason.CONTENT_TYPE);
        assertThat(reasonOf(server.url("/json"))).isEqualTo(Reason.CONTENT_TYPE);
        assertThat(reasonOf(server.url("/none"))).isEqualTo(Reason.CONTENT_TYPE);
    }

    @Test
    void aDocumentClaimingAnotherIdIsRefused() {
        server.route("/notes/1", r -> Reply.activity(note("https://victim.example/notes/1")));
        server.route("/notes/2", r -> Reply.activity(note(server.url("/notes/2") + "/")));
        server.route("/notes/3", r -> Reply.activity("{\"type\":\"Note\"}"));
        assertThat(reasonOf(server.url("/notes/1"))).isEqualTo(Reason.ID_MISMATCH);
        assertThat(reasonOf(server.url("/notes/2"))).isEqualTo(Reason.ID_MISMATCH);
        assertThat(reasonOf(server.url("/notes/3"))).isEqualTo(Reason.ID_MISMATCH);
    }

    @Test
    void aSameOriginRedirectToTheCanonicalIdIsAccepted() throws Exception {
        URI canonical = server.url("/users/alice");
        server.route("/@alice", r -> Reply.redirect(301, "/users/alice"));
        server.route("/users/alice", r -> Reply.activity(note(canonical.toString())));
        FetchedDocument doc = fetcher.fetchDocument(server.url("/@alice"), FetchBudget.perRequest());
        assertThat(doc.finalUrl()).isEqualTo(canonical);
        assertThat(doc.id()).isEqualTo(canonical.toString());
    }

    @Test
    void aRedirectKeepingTheOldIdIsRefused() {
        server.route("/@alice", r -> Reply.redirect(301, "/users/alice"));
        server.route("/users/alice", r -> Reply.activity(note(server.url("/@alice").toString())));
        assertThat(reasonOf(server.url("/@alice"))).isEqualTo(Reason.ID_MISMATCH);
    }

    @Test
    void aCrossOriginRedirectIsRefusedEvenWhenTheTargetIsConsistent() {
        // 127.0.0.1 and localhost are different origins served by the same test server.
        String other = "http://localhost:" + server.port() + "/notes/9";
        server.route("/notes/1", r -> Reply.redirect(302, other));
        server.route("/notes/9", r -> Reply.activity(note(other)));
        assertThat(reasonOf(server.url("/notes/1"))).isEqualTo(Reason.ID_MISMATCH);
    }

    @Test
    void invalidJsonAndNonObjectsAreRefused() {
        server.route("/bad", r -> Reply.activity("{not json"));
        server.route("/array", r -> Reply.activity("[1,2]"));
        server.route("/deep", r -> Reply.activity("{\"a\":".repeat(500) + "1" + "}".repeat(500)));
        assertThat(reasonOf(server.url("/bad"))).isEqualTo(Reason.INVALID_DOCUMENT);
        assertThat(reasonOf(server.url("/array"))).isEqualTo(Reason.INVALID_DOCUMENT);
        assertThat(reasonOf(server.url("/deep"))).isEqualTo(Reason.INVALID_DOCUMENT);
    }

    @Test
    void theApplicationFilterIsAskedBeforeFetching() {
        ObjectFetcher filtered = new ObjectFetcher(http, INSTANCE_ACTOR, url -> !url.getPath().startsWith("/blocked"));
        assertThatThrownBy(() -> filtered.fetch(server.url("/blocked/1"), FetchBudget.perRequest()))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED_BY_APPLICATION));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void theBudgetIsSharedAcrossFetches() throws Exception {
        URI id = server.url("/n");
        server.route("/n", r -> Reply.activity(note(id.toString())));
        FetchBudget budget = new FetchBudget(1);
        fetcher.fetch(id, budget);
        assertThatThrownBy(() -> fetcher.fetch(id, budget))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BUDGET_EXHAUSTED));
        assertThat(server.requests()).hasSize(1);
    }
}
