package org.polity.federation.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ContextsTest {
    @Test
    void polityContextDefinesTheProfileTermsAndTypes() throws Exception {
        JsonNode context = new ObjectMapper().readTree(Contexts.polityContextDocument()).get("@context");
        assertThat(context.get("polity").asText()).isEqualTo(ActivityStreams.POLITY_NAMESPACE);
        for (String term : new String[] {"organisation", "jobTitle", "country", "Challenge", "ChallengeResponse",
                "CaseStudy", "Resource"}) {
            assertThat(context.get(term).asText()).as(term).isEqualTo("polity:" + term);
        }
        assertThat(context.at("/expertise/@id").asText()).isEqualTo("polity:expertise");
        assertThat(context.at("/expertise/@container").asText()).isEqualTo("@set");
    }

    @Test
    void actorContextListsTheVocabulariesInOrder() {
        JsonNode context = Contexts.actorContext();
        assertThat(context.get(0).asText()).isEqualTo(ActivityStreams.CONTEXT);
        assertThat(context.get(1).asText()).isEqualTo(ActivityStreams.SECURITY_CONTEXT);
        // The Polity terms travel inline: no other server can fetch the context URL (docs/interop.md).
        assertThat(context.get(2).isObject()).isTrue();
        assertThat(context.get(2).get("polity").asText()).isEqualTo(ActivityStreams.POLITY_NAMESPACE);
        assertThat(context.get(2).get("organisation").asText()).isEqualTo("polity:organisation");
        assertThat(context.toString()).doesNotContain(ActivityStreams.POLITY_CONTEXT);
        assertThat(context.get(3).get("manuallyApprovesFollowers").asText()).isEqualTo("as:manuallyApprovesFollowers");
        assertThat(context.get(3).get("discoverable").asText()).isEqualTo("toot:discoverable");
    }
}
