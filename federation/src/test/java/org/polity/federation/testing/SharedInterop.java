package org.polity.federation.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real-world payloads in {@code ../shared/interop} (next to the repository) stay there, not in this
 * repository. Tests that read them are skipped, with a visible message, where the directory is absent.
 * Set {@code POLITY_INTEROP_DIR} to point at it explicitly.
 */
public final class SharedInterop {
    private SharedInterop() {}

    public static Optional<Path> dir() {
        String env = System.getenv("POLITY_INTEROP_DIR");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("interop");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The directory, or skips the calling test with a message saying what is missing. */
    public static Path require(String sub) {
        Optional<Path> dir = dir().map(d -> d.resolve(sub)).filter(Files::isDirectory);
        if (dir.isEmpty()) {
            String message = "SKIPPED: ../shared/interop/" + sub + " is not present next to this checkout"
                    + " (set POLITY_INTEROP_DIR to run the real-world interoperability fixtures)";
            System.out.println(message);
            Assumptions.abort(message);
        }
        return dir.get();
    }
}
