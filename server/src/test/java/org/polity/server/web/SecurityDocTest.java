package org.polity.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/security.md names a test for each attack class; this keeps every name true. {@code Class.method} must be
 * a test method of a test class in either module; {@code .method} continues the class last named on the row; a
 * bare {@code Class} must exist.
 */
class SecurityDocTest {
    static final Pattern NAME = Pattern.compile("`(([A-Z][A-Za-z0-9]*(Test|IT|Contract))?(\\.[a-z][A-Za-z0-9]*)?)`");

    static Path root() {
        return Files.exists(Path.of("docs")) ? Path.of(".") : Path.of("..");
    }

    static Map<String, String> testSources() throws IOException {
        Map<String, String> sources = new HashMap<>();
        for (String module : List.of("federation", "server")) {
            try (Stream<Path> files = Files.walk(root().resolve(module).resolve("src/test/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String name = f.getFileName().toString().replace(".java", "");
                    sources.merge(name, Files.readString(f), (a, b) -> a + b);
                }
            }
        }
        return sources;
    }

    @Test
    void everyTestTheDocumentNamesExists() throws IOException {
        Map<String, String> sources = testSources();
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (String line : Files.readAllLines(root().resolve("docs/security.md"))) {
            String current = null;
            Matcher m = NAME.matcher(line);
            while (m.find()) {
                String cls = m.group(2);
                String method = m.group(4);
                if (cls == null && method == null) {
                    continue;
                }
                if (cls != null) {
                    current = cls;
                }
                if (current == null) {
                    missing.add(m.group(1) + " (no class before it)");
                    continue;
                }
                named++;
                String source = sources.get(current);
                if (source == null) {
                    missing.add(current);
                } else if (method != null && !Pattern.compile("void " + Pattern.quote(method.substring(1)) + "\\(")
                        .matcher(source).find()) {
                    missing.add(current + method);
                }
            }
        }
        assertThat(named).as("tests named in docs/security.md").isGreaterThan(60);
        assertThat(missing).as("named in docs/security.md but not found").isEmpty();
    }
}
