package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.Signer;
import org.polity.federation.jsonld.JsonLd;
import org.polity.federation.proofs.AssertionMethods;
import org.polity.federation.proofs.Ed25519Keys;
import org.polity.federation.proofs.Multikey;
import org.polity.federation.proofs.ObjectProofs;
import org.polity.federation.vocab.Contexts;
import org.polity.server.model.Actor;
import org.polity.server.testing.TestInstance;

/**
 * FEP-8b32 object integrity proofs between two real instances: every actor publishes an Ed25519 Multikey in its
 * {@code assertionMethod} (FEP-521a), what an instance publishes carries a proof by its actor, and an inbox refuses
 * (401, nothing stored) an activity whose proof does not verify with its actor's own key, whatever else is right
 * about the request.
 */
class ObjectProofTest {
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

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        fr = TestInstance.federating(dirB, Map.of());
        alice = au.member("alice");
        bob = fr.member("bob");
        carol = fr.member("carol");
        bobKey = fr.server().polity().federation().signer(bob);
        au.knowsKey(bobKey.keyId()); // bob's actor and keys known: proofs are checked on the request thread
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, fr);
    }

    static JsonNode actorDocument(TestInstance instance, String name) throws Exception {
        HttpResponse<String> r = instance.get("/users/" + name, "application/activity+json");
        assertThat(r.statusCode()).isEqualTo(200);
        return Publisher.JSON.readTree(r.body());
    }

    static ObjectNode follow(Actor actor) {
        ObjectNode a = Publisher.JSON.createObjectNode();
        a.put("@context", "https://www.w3.org/ns/activitystreams");
        a.put("id", actor.uri() + "/follows/" + java.util.UUID.randomUUID());
        a.put("type", "Follow");
        a.put("actor", actor.uri());
        a.put("object", alice.uri());
        return a;
    }

    /** POSTs {@code activity} to alice's inbox with a valid RFC 9421 signature by bob's RSA key. */
    static HttpResponse<String> send(ObjectNode activity) throws Exception {
        return StandIn.postRfc9421(URI.create(au.server().baseUrl() + "/users/alice/inbox"), activity, bobKey.keyId(),
                bobKey.privateKey());
    }

    static boolean stored(ObjectNode activity) {
        return au.server().polity().storage().stores().inbox()
                .findInboxItemByActivityUri(activity.get("id").asText()).isPresent();
    }

    @Test
    void everyActorPublishesOneEd25519MultikeyItControls() throws Exception {
        JsonNode doc = actorDocument(fr, "bob");
        List<AssertionMethods.Ed25519Multikey> keys = AssertionMethods.ed25519(doc);
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).id()).isEqualTo(bob.uri() + "#ed25519-key");
        assertThat(keys.get(0).controller()).isEqualTo(bob.uri());
        assertThat(Multikey.decodePublicRaw(keys.get(0).publicKeyMultibase())).hasSize(32);
        assertThat(AssertionMethods.ed25519(actorDocument(fr, "bob"))).as("made once, then kept").isEqualTo(keys);
        assertThat(doc.get("@context").toString()).contains(Contexts.MULTIKEY_CONTEXT, Contexts.DID_CONTEXT);
        // A JSON-LD processor reads it as the Security vocabulary's terms, as Fedify does.
        String expanded = new JsonLd().expand(doc).toString();
        assertThat(expanded).contains("https://w3id.org/security#assertionMethod", "https://w3id.org/security#Multikey",
                "https://w3id.org/security#publicKeyMultibase");
        // The instance actor and the groups have theirs too.
        assertThat(AssertionMethods.ed25519(Publisher.JSON.readTree(fr.get("/actor", "application/activity+json")
                .body()))).hasSize(1);
    }

    @Test
    void whatAnInstancePublishesCarriesAProofByItsActor() throws Exception {
        Actor carolAtFr = carol;
        var follow = fr.server().polity().federation().follows().follow(carolAtFr, "@alice@" + au.authority());
        JsonNode sent = Publisher.JSON.readTree(fr.server().polity().storage().stores().activities()
                .findActivityByUri(follow.activityUri()).orElseThrow().payload());
        assertThat(sent.get("@context").toString()).contains(Contexts.DATA_INTEGRITY_CONTEXT);
        JsonNode proof = sent.get("proof");
        assertThat(proof.get("type").asText()).isEqualTo("DataIntegrityProof");
        assertThat(proof.get("cryptosuite").asText()).isEqualTo("eddsa-jcs-2022");
        assertThat(proof.get("verificationMethod").asText()).isEqualTo(carolAtFr.uri() + "#ed25519-key");
        var publicKey = AssertionMethods.ed25519(actorDocument(fr, "carol")).get(0).publicKey();
        assertThat(ObjectProofs.verify(sent, m -> Optional.of(publicKey)).status()).isEqualTo(ObjectProofs.Status.VALID);
        // And the receiving instance checked it: the follow arrived and was taken.
        TestInstance.eventually("alice has carol's follow request or follower", () -> au.server().polity().storage()
                .stores().inbox().findInboxItemByActivityUri(sent.get("id").asText()).isPresent());
    }

    @Test
    void anActivityWithAValidProofIsAccepted() throws Exception {
        ObjectNode signed = fr.server().polity().proofKeys().sign(bob, follow(bob));
        HttpResponse<String> r = send(signed);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(stored(signed)).isTrue();
    }

    @Test
    void aByteChangedAfterTheProofIsRefusedAndNothingIsStored() throws Exception {
        ObjectNode signed = fr.server().polity().proofKeys().sign(bob, follow(bob));
        ObjectNode tampered = signed.deepCopy();
        tampered.put("object", alice.uri() + "x"); // the HTTP signature is made over the changed body: it is valid
        HttpResponse<String> r = send(tampered);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("integrity proof does not verify");
        assertThat(stored(tampered)).isFalse();

        ObjectNode proofChanged = signed.deepCopy();
        ((ObjectNode) proofChanged.get("proof")).put("created", "2020-01-01T00:00:00Z");
        assertThat(send(proofChanged).statusCode()).as("a changed proof option").isEqualTo(401);
        assertThat(stored(proofChanged)).isFalse();
    }

    @Test
    void aProofByAnotherActorIsRefused() throws Exception {
        ObjectNode byCarol = fr.server().polity().proofKeys().sign(carol, follow(bob));
        HttpResponse<String> r = send(byCarol);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("not by the activity's actor");
        assertThat(stored(byCarol)).isFalse();
    }

    @Test
    void aProofWithAKeyTheActorDoesNotPublishIsRefused() throws Exception {
        var stranger = Ed25519Keys.generate();
        ObjectNode wrongKey = ObjectProofs.sign(follow(bob), stranger.getPrivate(), bob.uri() + "#ed25519-key",
                Instant.now());
        assertThat(send(wrongKey).statusCode()).isEqualTo(401);
        assertThat(stored(wrongKey)).isFalse();

        ObjectNode unlisted = ObjectProofs.sign(follow(bob), stranger.getPrivate(), bob.uri() + "#another-key",
                Instant.now());
        // A method bob's cached actor does not list may be a key added since: checking it takes a fetch of his
        // actor, so the request is deferred (202) and refused by the worker; nothing is stored.
        HttpResponse<String> r = send(unlisted);
        assertThat(r.statusCode()).isEqualTo(202);
        var inbox = au.server().polity().storage().stores().inbox();
        String unlistedId = unlisted.get("id").asText();
        TestInstance.eventually("the worker refuses it", () -> inbox.findDeferredOutcome(unlistedId)
                .filter(o -> "REFUSED".equals(o.outcome())).isPresent());
        assertThat(inbox.findDeferredOutcome(unlistedId).orElseThrow().detail()).contains("does not list");
        assertThat(stored(unlisted)).isFalse();

        ObjectNode rsa = follow(bob);
        rsa.set("proof", Publisher.JSON.createObjectNode().put("type", "DataIntegrityProof")
                .put("cryptosuite", "rsa-2048-nonsense").put("verificationMethod", bob.uri() + "#main-key")
                .put("proofPurpose", "assertionMethod").put("proofValue", "z111"));
        assertThat(send(rsa).statusCode()).as("an unknown cryptosuite").isEqualTo(401);
        assertThat(stored(rsa)).isFalse();
    }

    @Test
    void anActivityWithoutAProofStillNeedsOnlyItsHttpSignature() throws Exception {
        ObjectNode plain = follow(bob);
        assertThat(send(plain).statusCode()).isEqualTo(202);
        // At once, or (behind a deferred request of bob's from another test) once the worker took it.
        TestInstance.eventually("it is stored", () -> stored(plain));
    }
}
