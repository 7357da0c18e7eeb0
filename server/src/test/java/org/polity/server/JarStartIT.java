package org.polity.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar polity.jar} with no arguments on an empty data directory, as a first-time operator runs it. */
class JarStartIT {
    @TempDir
    Path work;

    @Test
    void firstStartOnAnEmptyDataDirectory() throws Exception {
        Path data = work.resolve("data");
        int port = PolityJar.freePort();
        try (PolityJar.Server server = PolityJar.start(work, Map.of("POLITY_DATA_DIR", data.toString(),
                "POLITY_PORT", String.valueOf(port), "POLITY_BIND", "127.0.0.1"))) {
            Duration took = server.awaitHealthy(port, Duration.ofSeconds(90));
            System.out.println("JarStartIT: healthy " + took.toMillis() + " ms after java -jar (first start)");

            var health = server.get(port, "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"database\":\"h2\"");
            var home = server.get(port, "/");
            assertThat(home.statusCode()).isEqualTo(200);

            Path keyset = data.resolve("keys").resolve("master-keyset.json");
            assertThat(keyset).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyset.getParent())))
                    .isEqualTo("rwx------");
            assertThat(Files.readString(keyset)).contains("AesGcmKey");
            assertThat(data.resolve("polity.mv.db")).isRegularFile();

            // The first-admin hint, with a command that works as printed.
            String out = server.output();
            assertThat(out).contains("Polity is running at http://localhost:" + port + " and has no accounts yet.")
                    .contains("user create yourname --email you@agency.gov --admin --password-stdin")
                    .contains("ready at http://localhost:" + port);

            // SIGTERM stops it gracefully: shutdown hooks run, the database is closed, the port is freed.
            int exit = server.stop();
            assertThat(exit).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(server.output()).contains("Polity Polity stopped");
        }

        // A second start on the same directory keeps the keyset and the instance, and says no more hint
        // only once there are accounts (there are none yet, so it still shows it).
        String keysetBefore = Files.readString(data.resolve("keys").resolve("master-keyset.json"));
        // This time with JSON logs, and Prometheus reading /metrics from loopback.
        try (PolityJar.Server again = PolityJar.start(work, Map.of("POLITY_DATA_DIR", data.toString(),
                "POLITY_PORT", String.valueOf(port), "POLITY_BIND", "127.0.0.1", "POLITY_LOG_FORMAT", "json"))) {
            Duration took = again.awaitHealthy(port, Duration.ofSeconds(90));
            System.out.println("JarStartIT: healthy " + took.toMillis() + " ms after java -jar (second start)");
            assertThat(Files.readString(data.resolve("keys").resolve("master-keyset.json"))).isEqualTo(keysetBefore);
            assertThat(again.output()).doesNotContain("created the key-encryption keyset");
            String ready = again.output().lines().filter(l -> l.contains("ready at")).findFirst().orElseThrow();
            var line = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ready);
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("formattedMessage").asText()).contains("ready at http://localhost:" + port);
            assertThat(line.path("message").asText()).isEqualTo("Polity {} ({}, {}) ready at {}");
            assertThat(line.path("loggerName").asText()).startsWith("org.polity");

            var metrics = again.get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes")
                    .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/healthz\",status=\"200\"}")
                    .contains("polity_deliveries_pending");
        }
    }
}
