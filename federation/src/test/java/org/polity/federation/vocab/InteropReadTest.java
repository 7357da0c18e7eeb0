package org.polity.federation.vocab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.polity.federation.testing.InteropPayloads;
import org.polity.federation.testing.InteropPayloads.Payload;

/** Every real-world payload in ../shared/interop/fixtures reads, exposes its basics, and round-trips. */
class InteropReadTest {
    private static final ApReader READER = new ApReader();

    static List<Payload> payloads() {
        return InteropPayloads.all();
    }

    @Test
    void fixturesAreThere() {
        assertThat(payloads()).hasSizeGreaterThanOrEqualTo(75);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void reads(Payload payload) {
        ApObject object = READER.read(payload.json());

        assertThat(object.firstType()).as("type").isEqualTo(firstType(payload.json()));
        assertThat(object.id()).as("id").isEqualTo(payload.json().path("id").asText(null));
        if (ApTypes.isActivityType(object.firstType())) {
            Activity activity = (Activity) object;
            assertThat(activity.actor()).as("actor").isNotBlank()
                    .isEqualTo(ApReader.idOf(first(payload.json().get("actor"))));
            assertThat(activity.objectId()).as("object").isNotBlank()
                    .isEqualTo(ApReader.idOf(first(payload.json().get("object"))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void roundTrips(Payload payload) throws Exception {
        ApObject object = READER.read(payload.json());
        JsonNode written = READER.mapper().readTree(READER.write(object));

        // Writing omits null values (in JSON-LD a null value is an absent one); everything else is kept.
        assertThat(written).isEqualTo(withoutNulls(payload.json()));
        // ... and writing what was read is stable.
        JsonNode again = READER.mapper().readTree(READER.write(READER.read(written)));
        assertThat(again).isEqualTo(written);
    }

    private static String firstType(JsonNode json) {
        JsonNode type = json.get("type");
        return type.isArray() ? type.get(0).asText() : type.asText();
    }

    private static JsonNode first(JsonNode value) {
        return value != null && value.isArray() ? value.get(0) : value;
    }

    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(withoutNulls(e)));
            return copy;
        }
        return node;
    }
}
