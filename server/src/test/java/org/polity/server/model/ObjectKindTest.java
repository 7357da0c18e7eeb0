package org.polity.server.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectKindTest {
    @Test
    void polityTypesDecideBeforeStandardOnes() {
        assertThat(ObjectKind.of(List.of("Article", "Challenge"))).isEqualTo(ObjectKind.CHALLENGE);
        assertThat(ObjectKind.of(List.of("Challenge", "Article"))).isEqualTo(ObjectKind.CHALLENGE);
        assertThat(ObjectKind.of(List.of("Article", "CaseStudy"))).isEqualTo(ObjectKind.CASE_STUDY);
        assertThat(ObjectKind.of(List.of("Document", "Challenge"))).isEqualTo(ObjectKind.CHALLENGE);
        assertThat(ObjectKind.of(List.of("Page", "Resource"))).isEqualTo(ObjectKind.RESOURCE);
        assertThat(ObjectKind.of(List.of("Document"))).isEqualTo(ObjectKind.RESOURCE);
        assertThat(ObjectKind.of(List.of("Article"))).isEqualTo(ObjectKind.BLOG);
        assertThat(ObjectKind.of(List.of("Article", "ChallengeResponse"))).as("a response is not a blog post")
                .isEqualTo(ObjectKind.RESPONSE);
    }

    @Test
    void prefixedAndFullIrisAreRecognised() {
        assertThat(ObjectKind.of(List.of("as:Article", "polity:Challenge"))).isEqualTo(ObjectKind.CHALLENGE);
        assertThat(ObjectKind.of(List.of("https://www.w3.org/ns/activitystreams#Article",
                "https://w3id.org/polity/ns#CaseStudy"))).isEqualTo(ObjectKind.CASE_STUDY);
        assertThat(ObjectKind.of(List.of("https://www.w3.org/ns/activitystreams#Article"))).isEqualTo(ObjectKind.BLOG);
    }

    @Test
    void objectsOfNoDirectoryHaveNoKind() {
        assertThat(ObjectKind.of(List.of("Note"))).isNull();
        assertThat(ObjectKind.of(List.of("Page"))).isNull();
        assertThat(ObjectKind.of(List.of("(untyped)"))).isNull();
        assertThat(ObjectKind.of(List.of())).isNull();
    }
}
