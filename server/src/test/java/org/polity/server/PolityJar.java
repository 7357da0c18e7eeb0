package org.polity.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code polity.jar} as operators do, in separate JVMs, for the {@code *IT} tests (failsafe
 * passes the jar's path in the system property {@code polity.jar}). Every child gets the POLITY_* variables the
 * test names and no others, so the developer's own environment cannot leak in.
 */
final class PolityJar {
    /** Flags for short-lived CLI processes only: they start faster; the server runs with the JVM defaults. */
    static final List<String> FAST_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private PolityJar() {}

    static Path jar() {
        String path = System.getProperty("polity.jar");
        assertThat(path).as("system property polity.jar (set by failsafe; run with mvn verify)").isNotBlank();
        Path jar = Path.of(path);
        assertThat(jar).as("the packaged jar").isRegularFile();
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static ProcessBuilder builder(List<String> jvmFlags, Map<String, String> env, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("POLITY_"));
        pb.environment().putAll(env);
        return pb;
    }

    /** What a finished command printed. */
    record Result(int exit, String stdout, String stderr) {
        String lastLine() {
            String[] lines = stdout.strip().split("\\R");
            return lines[lines.length - 1];
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs a command to completion, with {@code stdin} (may be null) as its input. */
    static Result run(Path workDir, Map<String, String> env, String stdin, String... args) throws Exception {
        ProcessBuilder pb = builder(FAST_JVM, env, List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("polity " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts a long-running command ({@code serve}); its output goes to a log file. */
    static Server start(Path workDir, Map<String, String> env, String... args) throws IOException {
        ProcessBuilder pb = builder(List.of(), env, List.of(args));
        Path log = Files.createTempFile(workDir, "server", ".log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new Server(pb.start(), log);
    }

    static final class Server implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Server(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        Process process() {
            return process;
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
            return get(port, path, "*/*");
        }

        HttpResponse<String> get(int port, String path, String accept) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", accept).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Polls {@code /healthz} until it answers 200; returns how long that took. */
        Duration awaitHealthy(int port, Duration timeout) throws Exception {
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + output());
                }
                try {
                    if (get(port, "/healthz").statusCode() == 200) {
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not healthy within " + timeout + ":\n" + output());
        }

        /** Asks the server to stop (SIGTERM, as a service manager does) and returns its exit code. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("the server did not stop within 30 s of SIGTERM:\n" + output());
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                stop();
            }
        }
    }
}
