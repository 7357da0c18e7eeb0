package org.polity.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up banner's {@code user create} line opens the same instance when pasted. */
class BannerTest {
    static final String TAIL = " user create yourname --email you@agency.gov --admin --password-stdin";

    @Test
    void withDefaultsTheCommandIsPlain() {
        assertThat(PolityCommand.userCreateCommand("java -jar polity.jar", null, Map.of()))
                .isEqualTo("java -jar polity.jar" + TAIL);
    }

    @Test
    void theServersDataDirAndConfigFileAreCarried() {
        String line = PolityCommand.userCreateCommand("java -jar polity.jar", Path.of("/etc/polity/fr.properties"),
                Map.of("POLITY_DATA_DIR", "/var/lib/polity fr", "POLITY_DB_USER", "polity", "HOME", "/root"));
        assertThat(line).isEqualTo("POLITY_DATA_DIR='/var/lib/polity fr' POLITY_DB_USER=polity java -jar polity.jar"
                + " --config /etc/polity/fr.properties" + TAIL);
    }

    @Test
    void secretsAreNamedNeverPrinted() {
        String line = PolityCommand.userCreateCommand("java -jar polity.jar", null,
                Map.of("POLITY_DB_URL", "jdbc:postgresql://db/polity", "POLITY_DB_PASSWORD", "s3cret"));
        assertThat(line).startsWith("POLITY_DB_URL=jdbc:postgresql://db/polity java -jar polity.jar" + TAIL)
                .contains("POLITY_DB_PASSWORD set as for the server").doesNotContain("s3cret");
    }

    /** A JDBC URL that carries a password (as a parameter or as user info) is itself a secret. */
    @Test
    void aDatabaseUrlWithAPasswordInItIsNamedNotPrinted() {
        for (String url : java.util.List.of("jdbc:postgresql://db/polity?user=p&password=s3cret",
                "jdbc:postgresql://p:s3cret@db/polity")) {
            String line = PolityCommand.userCreateCommand("java -jar polity.jar", null, Map.of("POLITY_DB_URL", url));
            assertThat(line).startsWith("java -jar polity.jar" + TAIL).contains("POLITY_DB_URL set as for the server")
                    .doesNotContain("s3cret");
        }
    }
}
