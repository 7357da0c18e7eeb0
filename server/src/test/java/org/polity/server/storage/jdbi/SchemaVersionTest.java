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
        String url = JdbiStorage.h2Url(dir);
        org.h2.jdbcx.JdbcDataSource raw = new org.h2.jdbcx.JdbcDataSource();
        raw.setURL(url);
        assertThat(JdbiStorage.schemaIsCurrent(raw)).as("a new database has no history").isFalse();
        try (JdbiStorage first = JdbiStorage.open(url, "", "")) {
            assertThat(first.ping()).isTrue();
        }
        assertThat(JdbiStorage.schemaIsCurrent(raw)).as("after migrating, the history names the newest").isTrue();
        try (JdbiStorage again = JdbiStorage.open(url, "", "")) {
            assertThat(again.stores().settings().insertIfAbsent("k", "v")).isEqualTo("v");
        }
    }
}
