package org.polity.federation.nodeinfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeInfoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesTheRequiredMembersOfTheSchema() {
        NodeInfo info = new NodeInfo(NodeInfo.VERSION,
                new NodeInfo.Software("polity", "0.1.0", null, "https://polity.example"),
                List.of(NodeInfo.PROTOCOL_ACTIVITYPUB), NodeInfo.Services.none(), true,
                new NodeInfo.Usage(new NodeInfo.Users(3L, 2L, 3L), 0L, null),
                Map.of("nodeName", "Polity AU"));
        JsonNode tree = JSON.valueToTree(info);
        assertThat(tree.get("version").asText()).isEqualTo("2.1");
        assertThat(tree.at("/software/name").asText()).isEqualTo("polity");
        assertThat(tree.at("/software").has("repository")).isFalse();
        assertThat(tree.get("protocols").get(0).asText()).isEqualTo("activitypub");
        assertThat(tree.at("/services/inbound").isArray()).isTrue();
        assertThat(tree.at("/services/outbound").isArray()).isTrue();
        assertThat(tree.get("openRegistrations").asBoolean()).isTrue();
        assertThat(tree.at("/usage/users/total").asLong()).isEqualTo(3);
        assertThat(tree.at("/usage/localPosts").asLong()).isZero();
        assertThat(tree.at("/usage").has("localComments")).isFalse();
        assertThat(tree.at("/metadata/nodeName").asText()).isEqualTo("Polity AU");
    }

    @Test
    void parsesARemoteDocumentIgnoringExtras() throws Exception {
        String mastodon = """
                {"version":"2.0","software":{"name":"mastodon","version":"4.3.0"},"protocols":["activitypub"],
                 "services":{"outbound":[],"inbound":[]},"usage":{"users":{"total":10,"activeMonth":5,
                 "activeHalfyear":8},"localPosts":100},"openRegistrations":false,"metadata":{"nodeName":"m"},
                 "extra":true}
                """;
        NodeInfo info = JSON.readValue(mastodon, NodeInfo.class);
        assertThat(info.software().name()).isEqualTo("mastodon");
        assertThat(info.usage().users().activeMonth()).isEqualTo(5);
        assertThat(info.openRegistrations()).isFalse();
    }
}
