package org.polity.federation.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.polity.federation.crypto.RsaKeys;
import org.polity.federation.http.FederationHttp;
import org.polity.federation.http.FederationHttpOptions;
import org.polity.federation.http.FetchBudget;
import org.polity.federation.http.FetchException;
import org.polity.federation.http.FetchException.Reason;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.KeyResolver;
import org.polity.federation.signatures.RequestSigner;
import org.polity.federation.signatures.SignatureException;
import org.polity.federation.signatures.SignatureVerifier;
import org.polity.federation.vocab.Actor;
import org.polity.federation.testing.LocalServer;
import org.polity.federation.testing.LocalServer.Reply;

/** Actors and keys: ownership checks, caches, refresh after a failed signature, the owner hook. */
class ResolverTest {
    static final KeyPair K1 = RsaKeys.generate();
    static final KeyPair K2 = RsaKeys.generate();
    static final SignatureVerifier VERIFIER = new SignatureVerifier(Duration.ofMinutes(5));

    final LocalServer server = new LocalServer();
    final FederationHttp http = new FederationHttp(FederationHttpOptions.defaults(true, "Polity/test"));
    final Resolver resolver = new Resolver(new ObjectFetcher(http, null), actorId -> !actorId.endsWith("/mallory"));
    final AtomicReference<KeyPair> aliceKey = new AtomicReference<>(K1);

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    String actor(String path, String keyId, String owner, KeyPair keys, String type) {
        String id = server.base() + path;
        String pem = RsaKeys.publicKeyPem(keys.getPublic()).replace("\n", "\\n");
        return "{\"@context\":[\"https://www.w3.org/ns/activitystreams\",\"https://w3id.org/security/v1\"],"
                + "\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"preferredUsername\":\"x\","
                + "\"inbox\":\"" + id + "/inbox\",\"publicKey\":{\"id\":\"" + keyId + "\",\"owner\":\"" + owner
                + "\",\"publicKeyPem\":\"" + pem + "\"}}";
    }

    String aliceKeyId() {
        return server.base() + "/users/alice#main-key";
    }

    void serveAlice() {
        server.route("/users/alice", r -> Reply.activity(actor("/users/alice", aliceKeyId(),
                server.base() + "/users/alice", aliceKey.get(), "Person")));
    }

    long fetchesOf(String path) {
        return server.requests().stream().filter(r -> r.path().equals(path)).count();
    }

    @Test
    void anActorIsFetchedParsedAndCached() throws Exception {
        serveAlice();
        URI id = server.url("/users/alice");
        Actor alice = resolver.actor(id, FetchBudget.perRequest());
        assertThat(alice.id()).isEqualTo(id.toString());
        assertThat(alice.inbox()).isEqualTo(id + "/inbox");
        assertThat(alice.publicKey().id()).isEqualTo(aliceKeyId());
        resolver.actor(id, FetchBudget.perRequest());
        assertThat(fetchesOf("/users/alice")).isEqualTo(1);
        resolver.fetchActor(id, FetchBudget.perRequest());
        assertThat(fetchesOf("/users/alice")).isEqualTo(2);
    }

    @Test
    void anActorWhoseKeyNamesAnotherOwnerIsRefused() {
        server.route("/users/eve", r -> Reply.activity(actor("/users/eve", server.base() + "/users/eve#main-key",
                server.base() + "/users/alice", K1, "Person")));
        server.route("/users/far", r -> Reply.activity(actor("/users/far", "https://elsewhere.example/k",
                server.base() + "/users/far", K1, "Person")));
        server.route("/notes/1", r -> Reply.activity(actor("/notes/1", server.base() + "/notes/1#k",
                server.base() + "/notes/1", K1, "Note")));
        for (String path : List.of("/users/eve", "/users/far", "/notes/1")) {
            assertThatThrownBy(() -> resolver.actor(server.url(path), FetchBudget.perRequest()))
                    .as(path)
                    .isInstanceOfSatisfying(FetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_DOCUMENT));
        }
    }

    @Test
    void aFragmentKeyIdResolvesThroughItsActorAndIsCached() throws Exception {
        serveAlice();
        ResolvedKey key = resolver.key(aliceKeyId(), false, FetchBudget.perRequest());
        assertThat(key.ownerId()).isEqualTo(server.base() + "/users/alice");
        assertThat(key.publicKey()).isEqualTo(K1.getPublic());
        resolver.key(aliceKeyId(), false, FetchBudget.perRequest());
        assertThat(fetchesOf("/users/alice")).isEqualTo(1);
        assertThat(resolver.cachedActor(server.base() + "/users/alice")).isPresent();
    }

    @Test
    void aSeparateKeyDocumentNeedsAnOwnerThatListsIt() throws Exception {
        String keyId = server.base() + "/keys/1";
        String pem = RsaKeys.publicKeyPem(K2.getPublic()).replace("\n", "\\n");
        server.route("/keys/1", r -> Reply.activity("{\"@context\":\"https://w3id.org/security/v1\",\"id\":\""
                + keyId + "\",\"type\":\"CryptographicKey\",\"owner\":\"" + server.base() + "/users/bob\","
                + "\"publicKeyPem\":\"" + pem + "\"}"));
        server.route("/users/bob", r -> Reply.activity(actor("/users/bob", keyId, server.base() + "/users/bob", K2,
                "Person")));
        ResolvedKey key = resolver.key(keyId, false, FetchBudget.perRequest());
        assertThat(key.ownerId()).isEqualTo(server.base() + "/users/bob");
        assertThat(key.publicKey()).isEqualTo(K2.getPublic());

        // A key document claiming an owner who does not list it.
        String stray = server.base() + "/keys/2";
        server.route("/keys/2", r -> Reply.activity("{\"id\":\"" + stray + "\",\"owner\":\"" + server.base()
                + "/users/bob\",\"publicKeyPem\":\"" + pem + "\"}"));
        assertThatThrownBy(() -> resolver.key(stray, false, FetchBudget.perRequest()))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_DOCUMENT))
                .hasMessageContaining("does not list the key");
    }

    @Test
    void aKeyThatNeedsMoreFetchesThanTheBudgetIsRefusedBeforeTheExtraFetch() {
        // A separate key document costs two fetches (the key, then its owner); a budget of one stops at the owner.
        String keyId = server.base() + "/keys/1";
        String pem = RsaKeys.publicKeyPem(K2.getPublic()).replace("\n", "\\n");
        server.route("/keys/1", r -> Reply.activity("{\"@context\":\"https://w3id.org/security/v1\",\"id\":\""
                + keyId + "\",\"type\":\"CryptographicKey\",\"owner\":\"" + server.base() + "/users/bob\","
                + "\"publicKeyPem\":\"" + pem + "\"}"));
        server.route("/users/bob", r -> Reply.activity(actor("/users/bob", keyId, server.base() + "/users/bob", K2,
                "Person")));
        FetchBudget budget = new FetchBudget(1);
        assertThatThrownBy(() -> resolver.key(keyId, false, budget))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BUDGET_EXHAUSTED))
                .hasMessageContaining("budget of 1");
        assertThat(fetchesOf("/keys/1")).isEqualTo(1);
        assertThat(fetchesOf("/users/bob")).as("never sent").isZero();
    }

    @Test
    void aKeyUrlServingItsActorIsFollowedToTheActorId() throws Exception {
        // GoToSocial's shape: the key id .../main-key answers with the actor document.
        String keyId = server.base() + "/users/carol/main-key";
        String carol = actor("/users/carol", keyId, server.base() + "/users/carol", K1, "Person");
        server.route("/users/carol/main-key", r -> Reply.activity(carol));
        server.route("/users/carol", r -> Reply.activity(carol));
        ResolvedKey key = resolver.key(keyId, false, FetchBudget.perRequest());
        assertThat(key.ownerId()).isEqualTo(server.base() + "/users/carol");
    }

    HttpMessage signedBy(KeyPair keys) throws SignatureException {
        HttpMessage post = HttpMessage.request("POST", URI.create("https://gov.example/inbox"),
                Map.of("Host", List.of("gov.example")), "{\"type\":\"Like\"}".getBytes(StandardCharsets.UTF_8));
        return RequestSigner.signRfc9421(post, aliceKeyId(), keys.getPrivate(), Instant.now());
    }

    @Test
    void aCachedKeyThatFailsIsRefetchedOnceAndTheRotatedKeyVerifies() throws Exception {
        serveAlice();
        resolver.key(aliceKeyId(), false, FetchBudget.perRequest());
        assertThat(fetchesOf("/users/alice")).isEqualTo(1);

        aliceKey.set(K2); // alice rotates her key; our cache still holds K1
        FetchBudget request = FetchBudget.perRequest();
        var verified = VERIFIER.verify(signedBy(K2), resolver.keyResolver(request), Instant.now());
        assertThat(verified.keyId()).isEqualTo(aliceKeyId());
        assertThat(fetchesOf("/users/alice")).isEqualTo(2);
        assertThat(request.used()).isEqualTo(1);
        assertThat(resolver.cachedKey(aliceKeyId()).orElseThrow().publicKey()).isEqualTo(K2.getPublic());
    }

    @Test
    void aKeyJustFetchedIsNotFetchedAgainWhenTheSignatureIsBad() throws Exception {
        serveAlice();
        KeyResolver keys = resolver.keyResolver(FetchBudget.perRequest());
        assertThatThrownBy(() -> VERIFIER.verify(signedBy(K2), keys, Instant.now())) // forged with another key
                .isInstanceOf(SignatureException.class).hasMessageContaining("does not verify");
        assertThat(fetchesOf("/users/alice")).isEqualTo(1);
    }

    @Test
    void theApplicationDecidesWhichOwnersMaySign() {
        String keyId = server.base() + "/users/mallory#main-key";
        server.route("/users/mallory", r -> Reply.activity(actor("/users/mallory", keyId,
                server.base() + "/users/mallory", K1, "Person")));
        KeyResolver keys = resolver.keyResolver(FetchBudget.perRequest());
        assertThatThrownBy(() -> keys.resolve(keyId, false))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not allowed");
    }

    @Test
    void anExhaustedBudgetFailsKeyResolutionClearly() {
        serveAlice();
        KeyResolver keys = resolver.keyResolver(new FetchBudget(0));
        assertThatThrownBy(() -> keys.resolve(aliceKeyId(), false))
                .isInstanceOf(SignatureException.class).hasMessageContaining("budget");
        assertThat(server.requests()).isEmpty();
    }
}
