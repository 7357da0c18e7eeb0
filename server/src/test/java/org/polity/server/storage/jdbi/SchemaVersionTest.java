package org.polity.server.storage.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaVersionTest {
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void theSchemaVersionConstantNamesTheNewestMigration() throws IOException {
        int newest = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = MIGRATION.matcher(f.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        for (var java : JdbiStorage.JAVA_MIGRATIONS) {
            newest = Math.max(newest, Integer.parseInt(java.getVersion().getVersion()));
        }
        assertThat(JdbiStorage.SCHEMA_VERSION).as("raise SCHEMA_VERSION with every migration").isEqualTo(newest);
    }

    @Test
    void aCurrentDatabaseSkipsFlywayOnTheNextOpen(@TempDir Path dir) {
        // On the engine of the pass: an H2 file in dir, or a fresh PostgreSQL schema for it.
        org.polity.server.testing.TestDatabase.Jdbc db = org.polity.server.testing.TestDatabase.jdbc(dir);
        javax.sql.DataSource raw = db.dataSource();
        assertThat(JdbiStorage.schemaIsCurrent(raw)).as("a new database has no history").isFalse();
        try (JdbiStorage first = db.open()) {
            assertThat(first.ping()).isTrue();
        }
        assertThat(JdbiStorage.schemaIsCurrent(raw)).as("after migrating, the history names the newest").isTrue();
        try (JdbiStorage again = db.open()) {
            assertThat(again.stores().settings().insertIfAbsent("k", "v")).isEqualTo("v");
        }
    }
}
