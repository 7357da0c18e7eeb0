package org.polity.federation.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real-world payloads in {@code ../shared/interop} (next to the repository) stay there, not in this
 * repository. Tests that read them are skipped, with a visible message, where the directory is absent, so a
 * fresh clone passes; under {@code CI=true} they fail instead, since a CI run that silently skipped them would
 * report interoperability it never checked. Set {@code POLITY_INTEROP_DIR} to point at it explicitly
 * ({@code .ci/run} looks for it next to the checkout and next to the repository it was cloned from).
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

    /**
     * The directory, or skips the calling test with a message saying what is missing; under {@code CI=true}
     * the test fails with that message instead.
     */
    public static Path require(String sub) {
        return require(sub, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static Path require(String sub, boolean inCi) {
        Optional<Path> dir = dir().map(d -> d.resolve(sub)).filter(Files::isDirectory);
        if (dir.isEmpty()) {
            String missing = "../shared/interop/" + sub + " is not present next to this checkout"
                    + " (set POLITY_INTEROP_DIR to run the real-world interoperability fixtures)";
            if (inCi) {
                throw new AssertionError("CI=true, but " + missing);
            }
            String message = "SKIPPED: " + missing;
            System.out.println(message);
            Assumptions.abort(message);
        }
        return dir.get();
    }
}
