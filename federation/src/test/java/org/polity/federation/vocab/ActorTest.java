package org.polity.federation.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Mastodon-style actor with terms Polity does not model (featured, devices, alsoKnownAs, ...). */
    private static final String MASTODON_ACTOR = """
            {
              "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1",
                {"manuallyApprovesFollowers": "as:manuallyApprovesFollowers", "toot": "http://joinmastodon.org/ns#",
                 "featured": {"@id": "toot:featured", "@type": "@id"}}],
              "id": "https://mastodon.example/users/alice",
              "type": "Person",
              "following": "https://mastodon.example/users/alice/following",
              "followers": "https://mastodon.example/users/alice/followers",
              "inbox": "https://mastodon.example/users/alice/inbox",
              "outbox": "https://mastodon.example/users/alice/outbox",
              "featured": "https://mastodon.example/users/alice/collections/featured",
              "preferredUsername": "alice",
              "name": "Alice",
              "summary": "<p>Hello</p>",
              "url": "https://mastodon.example/@alice",
              "manuallyApprovesFollowers": false,
              "discoverable": true,
              "indexable": false,
              "published": "2023-01-02T00:00:00Z",
              "devices": "https://mastodon.example/users/alice/collections/devices",
              "alsoKnownAs": ["https://old.example/users/alice"],
              "publicKey": {"id": "https://mastodon.example/users/alice#main-key",
                "owner": "https://mastodon.example/users/alice",
                "publicKeyPem": "-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\\n",
                "x-extra": 1},
              "tag": [],
              "attachment": [{"type": "PropertyValue", "name": "Web", "value": "<a href=\\"https://a.example\\">a</a>"}],
              "endpoints": {"sharedInbox": "https://mastodon.example/inbox", "oauthTokenEndpoint": "https://mastodon.example/oauth"},
              "icon": {"type": "Image", "mediaType": "image/png", "url": "https://mastodon.example/a.png"}
            }
            """;

    @Test
    void parsesKnownProperties() throws Exception {
        Actor actor = JSON.readValue(MASTODON_ACTOR, Actor.class);
        assertThat(actor.id()).isEqualTo("https://mastodon.example/users/alice");
        assertThat(actor.type()).isEqualTo("Person");
        assertThat(actor.preferredUsername()).isEqualTo("alice");
        assertThat(actor.urlString()).isEqualTo("https://mastodon.example/@alice");
        assertThat(actor.endpoints().sharedInbox()).isEqualTo("https://mastodon.example/inbox");
        assertThat(actor.publicKey().id()).endsWith("#main-key");
        assertThat(actor.publicKey().owner()).isEqualTo(actor.id());
        assertThat(actor.manuallyApprovesFollowers()).isFalse();
        assertThat(actor.discoverable()).isTrue();
        assertThat(actor.attachment()).hasSize(1);
        assertThat(PropertyValue.is(actor.attachment().get(0))).isTrue();
        assertThat(actor.icon().path("url").asText()).isEqualTo("https://mastodon.example/a.png");
    }

    @Test
    void keepsUnknownPropertiesThroughARoundTrip() throws Exception {
        Actor actor = JSON.readValue(MASTODON_ACTOR, Actor.class);
        assertThat(actor.unknownProperties()).containsKeys("featured", "devices", "alsoKnownAs", "indexable");
        assertThat(actor.publicKey().unknownProperties()).containsKey("x-extra");
        assertThat(actor.endpoints().unknownProperties()).containsKey("oauthTokenEndpoint");

        JsonNode written = JSON.valueToTree(actor);
        assertThat(written).isEqualTo(JSON.readTree(MASTODON_ACTOR));
    }

    @Test
    void typeIsAStringOrAnArray() throws Exception {
        Actor single = JSON.readValue("{\"type\":\"Group\"}", Actor.class);
        assertThat(single.types()).containsExactly("Group");
        assertThat(JSON.valueToTree(single).get("type").isTextual()).isTrue();

        Actor several = JSON.readValue("{\"type\":[\"Group\",\"polity:Network\"]}", Actor.class);
        assertThat(several.type()).isEqualTo("Group");
        assertThat(several.hasType("polity:Network")).isTrue();
        assertThat(JSON.valueToTree(several).get("type").isArray()).isTrue();
    }

    @Test
    void singleAttachmentAndTagAreReadAsLists() throws Exception {
        Actor actor = JSON.readValue("{\"attachment\":{\"type\":\"PropertyValue\",\"name\":\"a\",\"value\":\"b\"},"
                + "\"tag\":{\"type\":\"Hashtag\",\"name\":\"#x\"},\"expertise\":\"open data\"}", Actor.class);
        assertThat(actor.attachment()).hasSize(1);
        assertThat(actor.tag()).hasSize(1);
        assertThat(actor.expertise()).containsExactly("open data");
    }

    @Test
    void writesOnlyWhatIsSetInAReadableOrder() throws Exception {
        Actor actor = new Actor()
                .context(Contexts.actorContext())
                .id("https://gov.example/users/bob")
                .type("Person")
                .preferredUsername("bob")
                .inbox("https://gov.example/users/bob/inbox")
                .publicKey(new PublicKey("https://gov.example/users/bob#main-key", "https://gov.example/users/bob",
                        "PEM"))
                .endpoints(new Endpoints("https://gov.example/inbox"))
                .organisation("Digital Agency")
                .expertise(List.of("service design"))
                .attachment(List.of(PropertyValue.of("Organisation", "Digital Agency")));
        String json = JSON.writeValueAsString(actor);
        assertThat(json).startsWith("{\"@context\":[\"https://www.w3.org/ns/activitystreams\"");
        assertThat(json).doesNotContain("null").doesNotContain("summary");
        JsonNode tree = JSON.readTree(json);
        assertThat(tree.get("type").asText()).isEqualTo("Person");
        assertThat(tree.get("expertise").isArray()).isTrue();
        assertThat(tree.at("/publicKey/publicKeyPem").asText()).isEqualTo("PEM");
        assertThat(tree.at("/attachment/0/type").asText()).isEqualTo("PropertyValue");
        assertThat(tree.at("/@context/3/PropertyValue").asText()).isEqualTo("schema:PropertyValue");
    }
}
