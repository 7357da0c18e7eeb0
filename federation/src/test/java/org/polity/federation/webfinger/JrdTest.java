package org.polity.federation.webfinger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JrdTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesTheRfc7033Members() throws Exception {
        Jrd jrd = new Jrd()
                .subject("acct:alice@gov.example:8443")
                .alias("https://gov.example:8443/users/alice")
                .link(Jrd.Link.href(WebFinger.REL_SELF, "application/activity+json",
                        "https://gov.example:8443/users/alice"))
                .link(Jrd.Link.template(WebFinger.REL_SUBSCRIBE, "https://gov.example:8443/follow?uri={uri}"));
        JsonNode tree = JSON.valueToTree(jrd);
        assertThat(tree.get("subject").asText()).isEqualTo("acct:alice@gov.example:8443");
        assertThat(tree.get("aliases").get(0).asText()).isEqualTo("https://gov.example:8443/users/alice");
        assertThat(tree.has("properties")).isFalse();
        assertThat(tree.at("/links/0/rel").asText()).isEqualTo("self");
        assertThat(tree.at("/links/0/type").asText()).isEqualTo("application/activity+json");
        assertThat(tree.at("/links/0").has("template")).isFalse();
        assertThat(tree.at("/links/1/template").asText()).endsWith("{uri}");
    }

    @Test
    void propertiesMayHaveNullValues() throws Exception {
        Jrd jrd = new Jrd().subject("acct:a@b.example").property("http://example.com/ns/x", null);
        assertThat(JSON.writeValueAsString(jrd)).contains("\"http://example.com/ns/x\":null");
    }

    @Test
    void relFilterKeepsOtherMembers() {
        Jrd jrd = new Jrd().subject("acct:a@b.example").alias("https://b.example/users/a")
                .link(Jrd.Link.href("self", "application/activity+json", "https://b.example/users/a"))
                .link(Jrd.Link.href(WebFinger.REL_PROFILE_PAGE, "text/html", "https://b.example/@a"));
        Jrd filtered = jrd.onlyRels(Set.of("self"));
        assertThat(filtered.subject()).isEqualTo("acct:a@b.example");
        assertThat(filtered.aliases()).hasSize(1);
        assertThat(filtered.links()).extracting(Jrd.Link::rel).containsExactly("self");
        assertThat(jrd.onlyRels(Set.of()).links()).hasSize(2);
        assertThat(jrd.onlyRels(Set.of("nothing")).links()).isEmpty();
    }

    @Test
    void parsesARemoteJrdAndKeepsUnknownMembers() throws Exception {
        String remote = """
                {"subject":"acct:alice@mastodon.example","aliases":["https://mastodon.example/@alice"],
                 "links":[{"rel":"self","type":"application/activity+json","href":"https://mastodon.example/users/alice"},
                          {"rel":"http://webfinger.net/rel/avatar","type":"image/png","href":"https://mastodon.example/a.png"}],
                 "expires":"2030-01-01T00:00:00Z"}
                """;
        Jrd jrd = JSON.readValue(remote, Jrd.class);
        assertThat(jrd.findLink("self", "application/activity+json")).get()
                .extracting(Jrd.Link::href).isEqualTo("https://mastodon.example/users/alice");
        assertThat(jrd.findLink("self", "text/html")).isEmpty();
        JsonNode back = JSON.valueToTree(jrd);
        assertThat(back).isEqualTo(JSON.readTree(remote));
    }
}
