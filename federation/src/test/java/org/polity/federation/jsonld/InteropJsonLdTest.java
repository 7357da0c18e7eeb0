package org.polity.federation.jsonld;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import org.apache.jena.rdf.model.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polity.federation.testing.InteropPayloads;
import org.polity.federation.testing.InteropPayloads.Payload;

/**
 * Every real-world payload in ../shared/interop/fixtures expands and converts to RDF with the preloaded
 * contexts alone: the loader is never asked for a URL it does not have, so nothing would be fetched.
 */
class InteropJsonLdTest {
    private static JsonLd jsonLd;

    static List<Payload> payloads() {
        return InteropPayloads.all();
    }

    @BeforeAll
    static void setUp() {
        jsonLd = new JsonLd();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void expandsWithPreloadedContextsOnly(Payload payload) {
        ArrayNode expanded = jsonLd.expand(payload.json());

        assertThat(expanded).hasSize(1);
        assertThat(expanded.get(0).path("@type").isArray()).as("expanded @type").isTrue();
        assertThat(expanded.get(0).path("@type").get(0).asText()).startsWith("http");
        assertThat(jsonLd.contexts().refused()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void convertsToRdf(Payload payload) {
        Model model = jsonLd.toModel(payload.json());

        assertThat(model.size()).isPositive();
        assertThat(jsonLd.contexts().refused()).isEmpty();
    }

    @AfterAll
    static void nothingRefused() {
        if (jsonLd != null) {
            System.out.println("JSON-LD contexts served from the classpath: " + jsonLd.contexts().requested());
            assertThat(jsonLd.contexts().refused()).isEmpty();
        }
    }
}
