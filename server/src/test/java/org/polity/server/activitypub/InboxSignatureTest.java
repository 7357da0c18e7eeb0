package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.Signer;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.RequestSigner;
import org.polity.server.model.Actor;
import org.polity.server.testing.TestInstance;

/**
 * The inbox's door over real HTTP: each rule of DESIGN.md's signature policy failing on its own, and what
 * passes is stored once. The sender is a real second instance (its actor and key are fetched for real).
 */
class InboxSignatureTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;

    static TestInstance au;
    static TestInstance fr;
    static Actor alice;
    static Actor bob;
    static Actor carol;
    static Signer bobKey;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    @BeforeAll
    static void start() {
        au = TestInstance.start(dirA, Map.of("POLITY_ALLOW_PRIVATE_ADDRESSES", "true", "POLITY_MAX_BODY_BYTES", "65536"));
        fr = TestInstance.federating(dirB, Map.of());
        alice = au.member("alice");
        bob = fr.member("bob");
        carol = fr.member("carol");
        bobKey = fr.server().polity().federation().signer(bob);
        au.knowsKey(bobKey.keyId()); // answered on the request thread (first contact: DeferredInboxTest)
    }

    @AfterAll
    static void stop() {
        au.close();
        fr.close();
    }

    static ObjectNode like(String actor, String id) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("@context", "https://www.w3.org/ns/activitystreams");
        a.put("id", id);
        a.put("type", "Follow");
        a.put("actor", actor);
        a.put("object", alice.uri());
        return a;
    }

    static String newId() {
        return bob.uri() + "/follows/" + java.util.UUID.randomUUID();
    }

    static HttpResponse<String> post(HttpMessage signed, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.targetUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType)
                .header("Accept", "application/json");
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name) && !name.equals("content-type")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpMessage message(String path, byte[] body) {
        return HttpMessage.request("POST", URI.create(au.server().baseUrl() + path),
                Map.of("Content-Type", List.of("application/activity+json")), body);
    }

    static HttpResponse<String> sendRfc(ObjectNode activity, Instant at) throws Exception {
        byte[] body = activity.toString().getBytes(StandardCharsets.UTF_8);
        HttpMessage signed = RequestSigner.signRfc9421(message("/users/alice/inbox", body), bobKey.keyId(),
                bobKey.privateKey(), at);
        return post(signed, body, "application/activity+json");
    }

    long stored(String id) {
        return au.server().polity().storage().stores().inbox().findInboxItemByActivityUri(id).isPresent() ? 1 : 0;
    }

    @Test
    void aValidSignedActivityIsAcceptedOnceInBothSchemes() throws Exception {
        ObjectNode follow = like(bob.uri(), newId());
        HttpResponse<String> first = sendRfc(follow, Instant.now());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(sendRfc(follow, Instant.now()).statusCode()).as("a repeat is acknowledged").isEqualTo(202);
        assertThat(stored(follow.get("id").asText())).isEqualTo(1);

        ObjectNode other = like(bob.uri(), newId());
        byte[] body = other.toString().getBytes(StandardCharsets.UTF_8);
        HttpMessage cavage = RequestSigner.signCavage(message("/inbox", body), bobKey.keyId(), bobKey.privateKey(),
                Instant.now());
        assertThat(post(cavage, body, "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"")
                .statusCode()).isEqualTo(202);
        FollowFederationTest.eventually("the follow is processed", () -> au.server().polity().storage().stores()
                .inbox().findInboxItemByActivityUri(follow.get("id").asText())
                .filter(i -> "PROCESSED".equals(i.outcome())).isPresent());
    }

    @Test
    void anUnsignedRequestIs401() throws Exception {
        ObjectNode follow = like(bob.uri(), newId());
        byte[] body = follow.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(message("/users/alice/inbox", body), body, "application/activity+json");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("not signed");
        assertThat(stored(follow.get("id").asText())).isZero();
    }

    @Test
    void aSignerWhoIsNotTheActorIs401() throws Exception {
        ObjectNode follow = like(carol.uri(), carol.uri() + "/follows/1");
        HttpResponse<String> r = sendRfc(follow, Instant.now());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("signed by " + bob.uri());
        assertThat(stored(carol.uri() + "/follows/1")).isZero();
    }

    @Test
    void anIdOnAnotherHostIs400() throws Exception {
        ObjectNode follow = like(bob.uri(), "https://elsewhere.example/follows/1");
        HttpResponse<String> r = sendRfc(follow, Instant.now());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("not on its actor's host");
    }

    @Test
    void aBodyChangedAfterSigningIs401() throws Exception {
        ObjectNode follow = like(bob.uri(), newId());
        byte[] body = follow.toString().getBytes(StandardCharsets.UTF_8);
        HttpMessage signed = RequestSigner.signRfc9421(message("/users/alice/inbox", body), bobKey.keyId(),
                bobKey.privateKey(), Instant.now());
        byte[] tampered = follow.put("object", bob.uri()).toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(signed, tampered, "application/activity+json");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("does not match the body");
    }

    @Test
    void aStaleSignatureIs401() throws Exception {
        HttpResponse<String> r = sendRfc(like(bob.uri(), newId()), Instant.now().minus(Duration.ofHours(3)));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("outside the accepted window");
    }

    @Test
    void aSignatureForAnotherInboxIs401() throws Exception {
        ObjectNode follow = like(bob.uri(), newId());
        byte[] body = follow.toString().getBytes(StandardCharsets.UTF_8);
        HttpMessage signed = RequestSigner.signRfc9421(message("/inbox", body), bobKey.keyId(), bobKey.privateKey(),
                Instant.now());
        HttpMessage moved = new HttpMessage(signed.method(), URI.create(au.server().baseUrl() + "/users/alice/inbox"),
                signed.headers(), body, 0);
        assertThat(post(moved, body, "application/activity+json").statusCode()).isEqualTo(401);
    }

    /**
     * A request signed for another server, replayed here byte for byte with that server's Host header (a raw
     * socket, since HTTP clients set Host themselves): 401, nothing stored, in both schemes.
     */
    @Test
    void aSignatureMadeForAnotherServerIs401() throws Exception {
        for (boolean rfc : new boolean[] {true, false}) {
            ObjectNode follow = like(bob.uri(), newId());
            byte[] body = follow.toString().getBytes(StandardCharsets.UTF_8);
            HttpMessage forOther = HttpMessage.request("POST", URI.create("http://other.example/users/alice/inbox"),
                    Map.of("Content-Type", List.of("application/activity+json")), body);
            HttpMessage signed = rfc
                    ? RequestSigner.signRfc9421(forOther, bobKey.keyId(), bobKey.privateKey(), Instant.now())
                    : RequestSigner.signCavage(forOther, bobKey.keyId(), bobKey.privateKey(), Instant.now());
            String response = rawPost(signed, body);
            assertThat(response).as(rfc ? "RFC 9421" : "draft-cavage").startsWith("HTTP/1.1 401");
            assertThat(response).contains("signed for other.example, not for this server");
            assertThat(stored(follow.get("id").asText())).isZero();
        }
    }

    /** POSTs the signed message to au's inbox over a socket, every header as signed (Host included). */
    static String rawPost(HttpMessage signed, byte[] body) throws Exception {
        URI base = au.server().baseUrl();
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("POST " + signed.requestTarget() + " HTTP/1.1\r\n");
            if (!signed.has("host")) { // RFC 9421 signs @authority, the host the request was made for
                head.append("Host: ").append(signed.authority()).append("\r\n");
            }
            signed.headers().forEach((name, values) -> values.forEach(v -> head.append(name).append(": ")
                    .append(v).append("\r\n")));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDeleteFromAnActorNeverSeenIsDroppedWithoutAFetch() throws Exception {
        ObjectNode delete = Publisher.JSON.createObjectNode();
        delete.put("id", "http://127.0.0.1:9/users/ghost#delete");
        delete.put("type", "Delete");
        delete.put("actor", "http://127.0.0.1:9/users/ghost");
        delete.put("object", "http://127.0.0.1:9/users/ghost");
        byte[] body = delete.toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post(message("/inbox", body), body, "application/activity+json");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(stored("http://127.0.0.1:9/users/ghost#delete")).isZero();
    }

    @Test
    void badInputGetsAClear4xx() throws Exception {
        byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);
        assertThat(post(message("/inbox", notJson), notJson, "application/activity+json").statusCode()).isEqualTo(400);
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> noFields = post(message("/inbox", json), json, "application/activity+json");
        assertThat(noFields.statusCode()).isEqualTo(400);
        assertThat(noFields.body()).contains("needs an id, a type and an actor");
        assertThat(post(message("/inbox", json), json, "text/html").statusCode()).isEqualTo(415);
        assertThat(post(message("/users/nobody/inbox", json), json, "application/activity+json").statusCode())
                .isEqualTo(404);
        byte[] deep = ("[".repeat(100) + "]".repeat(100)).getBytes(StandardCharsets.UTF_8);
        assertThat(post(message("/inbox", deep), deep, "application/activity+json").statusCode()).isEqualTo(400);
        byte[] big = ("{\"id\":\"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(post(message("/inbox", big), big, "application/activity+json").statusCode()).isEqualTo(413);
    }
}
