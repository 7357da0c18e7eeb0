package org.polity.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.polity.server.testing.TestInstance.eventually;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.federation.http.FetchBudget;
import org.polity.server.model.Account;
import org.polity.server.model.Actor;
import org.polity.server.testing.Api;
import org.polity.server.testing.TestInstance;

/**
 * Two instances over loopback: a post written on A reaches B (bob follows alice) and is found by B's search,
 * with A's author's country as B knows it; an update on A changes what B finds, and a delete on A drops it
 * from B's index. Alice herself is found on B as a known remote person by her organisation.
 */
class SearchFederationTest {
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void anObjectReceivedFromAnotherInstanceIsFoundAndItsDeleteDropsIt() throws Exception {
        try (TestInstance a = TestInstance.federating(dirA, Map.of("POLITY_COUNTRY", "CL"));
                TestInstance b = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"))) {
            a.account("alice", "Alice Rojas", "ACTIVE", new Account.Profile("Laboratorio de Gobierno", "Lead", "CL",
                    "", java.util.List.of("participation")));
            Actor alice = a.localActor("alice");
            Actor bob = b.member("bob");
            var federationB = b.server().polity().federation();
            Actor aliceOnB = federationB.actors().resolve(alice.uri(), FetchBudget.perRequest());
            federationB.follows().follow(bob, aliceOnB, null);
            var storesA = a.server().polity().storage().stores();
            eventually("alice accepts bob", () -> storesA.follows().findFollow(
                    storesA.actors().findActorByUri(bob.uri()).map(Actor::id).orElse(-1L), alice.id())
                    .filter(f -> f.state() == org.polity.server.model.Follow.State.ACCEPTED).isPresent());

            var note = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            note.put("type", "Note");
            note.put("content", "<p>Participatory budgeting in Valparaíso</p>");
            note.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
            note.putArray("cc").add(alice.followersUri());
            var created = a.server().polity().federation().objects().create(alice, note, null);
            String uri = created.objectUri();
            var storesB = b.server().polity().storage().stores();
            eventually("the note reaches B", () -> storesB.objects().findObjectByUri(uri).isPresent());

            JsonNode found = Api.json(b.get("/search?q=valpara%C3%ADso", "application/activity+json"));
            assertThat(found.get("totalItems").asLong()).isEqualTo(1);
            assertThat(found.get("orderedItems").get(0).get("id").asText()).isEqualTo(uri);
            // the remote author's country (from her actor document) filters on B
            JsonNode chile = Api.json(b.get("/search?q=participatory+budget&country=cl&type=thread",
                    "application/activity+json"));
            assertThat(chile.get("orderedItems").findValuesAsText("id")).contains(uri);
            assertThat(Api.json(b.get("/search?q=participatory&country=FR", "application/activity+json"))
                    .get("totalItems").asLong()).isZero();
            // the remote person, by her organisation
            JsonNode people = Api.json(b.get("/search?q=laboratorio&type=person", "application/activity+json"));
            assertThat(people.get("orderedItems").findValuesAsText("id")).contains(alice.uri());

            var delete = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            delete.put("type", "Delete");
            delete.put("object", uri);
            a.server().polity().federation().objects().delete(alice, delete);
            eventually("the delete reaches B", () -> storesB.objects().findObjectByUri(uri)
                    .filter(o -> o.deletedAt() != null).isPresent());
            assertThat(Api.json(b.get("/search?q=participatory", "application/activity+json")).get("totalItems")
                    .asLong()).isZero();
        }
    }
}
