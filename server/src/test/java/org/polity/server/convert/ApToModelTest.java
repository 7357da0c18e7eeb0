package org.polity.server.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.polity.federation.vocab.ApReader;
import org.polity.federation.vocab.Actor;

/** Remote actor documents to the stored model: what an actor may claim as its own. */
class ApToModelTest {
    static Actor parse(String json) throws Exception {
        return new ApReader().mapper().readValue(json, Actor.class);
    }

    @Test
    void collectionsOnAnotherHostAreNotTheActors() throws Exception {
        // An actor claiming a Polity group's followers collection must not become its owner: whoever follows
        // that actor would pass for a member of the group (ObjectService.visibleTo).
        Actor doc = parse("""
                {"id":"https://evil.example/users/mallory","type":"Person","preferredUsername":"mallory",
                 "inbox":"https://evil.example/users/mallory/inbox",
                 "outbox":"https://our.gov/users/secret/outbox",
                 "followers":"https://our.gov/users/secret/followers",
                 "following":"https://evil.example:8443/users/mallory/following",
                 "publicKey":{"id":"https://evil.example/users/mallory#main-key",
                   "owner":"https://evil.example/users/mallory","publicKeyPem":"pem"}}""");
        var actor = ApToModel.remoteActor(doc, 0, Instant.now());
        assertThat(actor.followersUri()).isNull();
        assertThat(actor.outboxUri()).isNull();
        assertThat(actor.followingUri()).as("another port is another origin").isNull();

        Actor honest = parse("""
                {"id":"https://ok.example/users/zoe","type":"Person","inbox":"https://ok.example/users/zoe/inbox",
                 "followers":"https://ok.example/users/zoe/followers",
                 "publicKey":{"id":"https://ok.example/users/zoe#main-key","owner":"https://ok.example/users/zoe",
                   "publicKeyPem":"pem"}}""");
        assertThat(ApToModel.remoteActor(honest, 0, Instant.now()).followersUri())
                .isEqualTo("https://ok.example/users/zoe/followers");
    }

    @Test
    void aBylineTakesOrganisationCountryAndAvatarFromTheActorDocument() throws Exception {
        var polity = ApToModel.remoteProfile(parse("""
                {"id": "https://cl.example/users/ana", "type": "Person", "organisation": "  Laboratorio   de Gobierno ",
                 "country": "cl", "icon": {"type": "Image", "url": "https://cl.example/ana.png"}}"""), 7);
        assertThat(polity).isEqualTo(new org.polity.server.model.ActorProfile(7, "Laboratorio de Gobierno", "CL",
                "https://cl.example/ana.png"));
        var mastodon = ApToModel.remoteProfile(parse("""
                {"id": "https://m.example/users/bo", "type": "Person", "country": "Narnia",
                 "attachment": [{"type": "PropertyValue", "name": "Organization", "value": "<p>City of <b>Lyon</b></p>"}],
                 "icon": [{"type": "Image", "url": "javascript:alert(1)"}, "https://m.example/bo.jpg"]}"""), 8);
        assertThat(mastodon).isEqualTo(new org.polity.server.model.ActorProfile(8, "City of Lyon", null,
                "https://m.example/bo.jpg"));
        assertThat(ApToModel.remoteProfile(parse("""
                {"id": "https://x.example/users/c", "type": "Person"}"""), 9))
                .isEqualTo(org.polity.server.model.ActorProfile.none(9));
    }
}
