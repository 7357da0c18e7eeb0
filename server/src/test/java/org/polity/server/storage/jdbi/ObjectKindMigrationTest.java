package org.polity.server.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.model.ObjectKind;
import org.polity.server.testing.TestDatabase;

/**
 * V5 classifies the objects stored before it from their payloads, as the writers do from now on: on the engine of
 * the pass (H2, or PostgreSQL under {@code -Dpolity.test.storage=postgres}).
 */
class ObjectKindMigrationTest {
    @Test
    void objectsStoredBeforeVersion5GetTheirKind(@TempDir Path dir) throws Exception {
        TestDatabase.Jdbc db = TestDatabase.jdbc(dir);
        javax.sql.DataSource raw = db.dataSource();
        Flyway.configure().dataSource(raw).locations("classpath:db/migration").target("3").load().migrate();
        try (Connection c = raw.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO actors (id, uri, actor_type, username, domain, local, public_key_id,"
                    + " public_key_pem, created_at, updated_at) VALUES (1, 'https://a.example/users/a', 'Person', 'a', 'a.example',"
                    + " FALSE, 'k', 'pem', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            insert(c, "challenge", "Article", "{\"type\":[\"Article\",\"Challenge\"],\"content\":\"x\"}");
            insert(c, "prefixed", "Article", "{\"type\":[\"Article\",\"polity:CaseStudy\"]}");
            insert(c, "document", "Document", "{\"type\":\"Document\"}");
            insert(c, "resource", "Page", "{\"type\":[\"Page\",\"Resource\"]}");
            insert(c, "blog", "Article", "{\"type\":\"Article\",\"name\":\"Challenge\","
                    + "\"content\":\"<p>a \\\"Challenge\\\" word</p>\"}");
            insert(c, "response", "Article", "{\"type\":[\"Article\",\"ChallengeResponse\"]}");
            insert(c, "note", "Note", "{\"type\":\"Note\",\"content\":\"Challenge\"}");
        }
        try (JdbiStorage storage = db.open()) {
            var objects = storage.stores().objects();
            assertThat(kind(objects, "challenge")).isEqualTo(ObjectKind.CHALLENGE);
            assertThat(kind(objects, "prefixed")).isEqualTo(ObjectKind.CASE_STUDY);
            assertThat(kind(objects, "document")).isEqualTo(ObjectKind.RESOURCE);
            assertThat(kind(objects, "resource")).isEqualTo(ObjectKind.RESOURCE);
            assertThat(kind(objects, "blog")).as("a name or quoted word is not a type").isEqualTo(ObjectKind.BLOG);
            assertThat(kind(objects, "response")).as("V14 gives responses their kind").isEqualTo(org.polity.server.model.ObjectKind.RESPONSE);
            assertThat(kind(objects, "note")).isNull();
        }
    }

    private static ObjectKind kind(org.polity.server.storage.ObjectStore objects, String id) {
        return objects.findObjectByUri("https://a.example/o/" + id).orElseThrow().kind();
    }

    private static void insert(Connection c, String id, String type, String payload) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO objects (uri, object_type, attributed_to_id, local,"
                + " visibility, published_at, payload) VALUES (?, ?, 1, FALSE, 'PUBLIC', CURRENT_TIMESTAMP, ?)")) {
            ps.setString(1, "https://a.example/o/" + id);
            ps.setString(2, type);
            ps.setString(3, payload);
            ps.execute();
        }
    }
}
