package org.polity.server.activitypub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.Actor;
import org.polity.server.model.StoredObject;
import org.polity.server.testing.TestInstance;

/**
 * Updates that arrive out of order (two deliveries in flight, or a hub's relay beside the direct copy): the newer
 * version stays, an older one that arrives after it is ignored, and a newer one after that is applied.
 */
class StaleUpdateFederationTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static TestInstance au;
    static TestInstance fr;

    @BeforeAll
    static void start() {
        au = TestInstance.federating(dirA, Map.of());
        fr = TestInstance.federating(dirB, Map.of("POLITY_COUNTRY", "FR"));
    }

    @AfterAll
    static void stop() {
        TestInstance.closeAll(au, fr);
    }

    static ObjectNode version(StoredObject held, String content, String updated) throws Exception {
        ObjectNode object = (ObjectNode) ObjectService.readTree(held.payload());
        object.put("content", "<p>" + content + "</p>");
        object.put("updated", updated);
        return object;
    }

    @Test
    void anOlderVersionArrivingAfterANewerOneIsIgnored() throws Exception {
        Actor ana = au.member("ana_st");
        fr.member("bea_st");
        fr.follow("bea_st", au, "ana_st");
        String uri = au.post(ana, "First version", null, null);
        var frStores = fr.server().polity().storage().stores();
        TestInstance.eventually("fr holds the post", () -> frStores.objects().findObjectByUri(uri).isPresent());
        StoredObject held = frStores.objects().findObjectByUri(uri).orElseThrow();
        Actor anaThere = frStores.actors().findActorById(held.attributedToId()).orElseThrow();
        RemoteObjects remote = new RemoteObjects(fr.server().polity());

        assertThat(remote.update(anaThere, version(held, "Third version", "2031-01-01T10:00:03Z"))).isTrue();
        // The second version, sent before the third, arrives after it: not applied over it.
        ObjectNode second = version(held, "Second version", "2031-01-01T10:00:02Z");
        assertThat(RemoteObjects.isStale(frStores.objects().findObjectByUri(uri).orElseThrow(), second)).isTrue();
        assertThat(remote.update(anaThere, second)).isFalse();
        assertThat(frStores.objects().findObjectByUri(uri).orElseThrow().contentHtml()).contains("Third version");
        // A fourth, newer, is.
        assertThat(remote.update(anaThere, version(held, "Fourth version", "2031-01-01T10:00:04Z"))).isTrue();
        assertThat(frStores.objects().findObjectByUri(uri).orElseThrow().contentHtml()).contains("Fourth version");
        // An Update that says nothing of its time is applied as before.
        ObjectNode undated = version(held, "Undated version", "x");
        undated.remove("updated");
        assertThat(remote.update(anaThere, undated)).isTrue();
    }
}
