package org.polity.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration table in README.md lists every key of config/polity.properties, its variable and default. */
class ReadmeConfigurationTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.]+)` \\| `(POLITY_[A-Z0-9_]+)` \\| ([^|]+) \\|");

    static Path repoFile(String name) {
        // Surefire runs in server/; the IDE may run in the repository root.
        Path here = Path.of(name);
        return Files.exists(here) ? here : Path.of("..", name);
    }

    @Test
    void everyKeyIsDocumentedWithItsVariableAndDefault() throws IOException {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(repoFile("config/polity.properties"), StandardCharsets.UTF_8)) {
            props.load(r);
        }
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(repoFile("README.md"), StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), new String[] {m.group(2), m.group(3).trim()});
            }
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(props.stringPropertyNames());
        rows.forEach((key, row) -> {
            assertThat(row[0]).as(key).isEqualTo(ConfigLoader.envName(key));
            String value = props.getProperty(key).trim();
            if (value.isEmpty()) {
                assertThat(row[1]).as("default of " + key).startsWith("*(empty");
            } else {
                assertThat(row[1]).as("default of " + key).isEqualTo("`" + value + "`");
            }
        });
    }
}
