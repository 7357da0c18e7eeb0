package org.polity.server.resources;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.polity.server.config.MediaConfig;

/**
 * The S3-compatible store against a real S3-compatible server: s3rver 3.7.1 on Node, installed by
 * {@code .ci/run} (or by hand: {@code npm install --prefix scripts/s3-test-server s3rver@3.7.1}) and started
 * here on a free loopback port. It checks AWS signatures (its account is S3RVER/S3RVER). Where s3rver is not
 * installed the test is skipped with a message; under {@code CI=true} it fails instead.
 */
class S3MediaStoreTest extends MediaStoreContract {
    static final String BUCKET = "polity-test";
    @TempDir
    static Path data;
    static Process server;
    static S3MediaStore store;

    @BeforeAll
    static void startS3rver() throws Exception {
        Optional<Path> script = s3rver();
        if (script.isEmpty()) {
            String message = "s3rver is not installed (npm install --prefix scripts/s3-test-server s3rver@3.7.1):"
                    + " the S3 media store is not tested";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true, but " + message);
            }
            Assumptions.abort(message);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        server = new ProcessBuilder("node", script.get().toString(), "-d", data.toString(), "-a", "127.0.0.1",
                "-p", Integer.toString(port), "--silent", "--no-vhost-buckets", "--configure-bucket", BUCKET)
                .redirectErrorStream(true).redirectOutput(data.resolve("s3rver.log").toFile()).start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw new AssertionError("s3rver did not start: " + Files.readString(data.resolve("s3rver.log")));
                }
                Thread.sleep(100);
            }
        }
        store = new S3MediaStore(new MediaConfig(MediaConfig.Kind.S3, 1 << 20,
                Optional.of(URI.create("http://127.0.0.1:" + port)), BUCKET, "us-east-1", "S3RVER", "S3RVER"));
    }

    /** The s3rver start script: {@code POLITY_TEST_S3RVER}, else under scripts/s3-test-server of this checkout. */
    static Optional<Path> s3rver() {
        String configured = System.getenv("POLITY_TEST_S3RVER");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isRegularFile);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("scripts/s3-test-server/node_modules/s3rver/bin/s3rver.js");
            if (Files.isRegularFile(script)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Override
    MediaStore store() {
        return store;
    }
}
