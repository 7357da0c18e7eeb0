package org.polity.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged servers as separate processes: the sender is killed with SIGKILL (no shutdown hook, no
 * graceful stop) in the middle of a fan-out and started again on the same data directory. The receiver ends
 * up with every post, each once.
 */
class KillDurabilityIT {
    @TempDir
    Path senderDir;
    @TempDir
    Path receiverDir;

    static final int POSTS = 60;
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    static Map<String, String> env(Path dir, int port) {
        return Map.of("POLITY_DATA_DIR", dir.resolve("data").toString(), "POLITY_PORT", String.valueOf(port),
                "POLITY_BIND", "127.0.0.1", "POLITY_BASE_URL", "http://127.0.0.1:" + port,
                "POLITY_ALLOW_PRIVATE_ADDRESSES", "true");
    }

    static String token(Path dir, Map<String, String> env, String user) throws Exception {
        PolityJar.Result created = PolityJar.run(dir, env, "correct horse battery staple\n", "user", "create", user,
                "--email", user + "@agency.gov.au", "--password-stdin");
        assertThat(created.exit()).as(created.toString()).isZero();
        PolityJar.Result token = PolityJar.run(dir, env, null, "token", "create", user);
        assertThat(token.exit()).as(token.toString()).isZero();
        return token.lastLine().strip();
    }

    HttpResponse<String> post(int port, String user, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users/" + user + "/outbox"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/activity+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(int port, String path, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/activity+json").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The ids of Notes in the reader's home timeline, every page. */
    Set<String> homeNotes(int port, String token) throws Exception {
        Set<String> ids = new HashSet<>();
        JsonNode collection = get(port, "/users/reader/home", token);
        JsonNode page = collection.has("first") && collection.get("first").isTextual()
                ? get(port, URI.create(collection.get("first").asText()).getRawPath() + "?"
                        + URI.create(collection.get("first").asText()).getRawQuery(), token)
                : collection.get("first");
        int guard = 0;
        while (page != null && guard++ < 20) {
            int count = 0;
            for (JsonNode item : page.path("orderedItems")) {
                String id = item.isTextual() ? item.asText() : item.path("id").asText();
                JsonNode object = item.path("object");
                if (object.isObject()) {
                    id = object.path("id").asText();
                }
                assertThat(ids.add(id)).as("each post once: " + id).isTrue();
                count++;
            }
            if (count == 0 || !page.hasNonNull("next")) {
                break;
            }
            URI next = URI.create(page.get("next").asText());
            page = get(port, next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery()), token);
        }
        return ids;
    }

    @Test
    void aKilledSenderDeliversEverythingOnceAfterRestart() throws Exception {
        int senderPort = PolityJar.freePort();
        int receiverPort = PolityJar.freePort();
        Map<String, String> senderEnv = env(senderDir, senderPort);
        Map<String, String> receiverEnv = env(receiverDir, receiverPort);
        PolityJar.Server sender = PolityJar.start(senderDir, senderEnv, "serve");
        PolityJar.Server receiver = PolityJar.start(receiverDir, receiverEnv, "serve");
        try {
            sender.awaitHealthy(senderPort, Duration.ofSeconds(90));
            receiver.awaitHealthy(receiverPort, Duration.ofSeconds(90));
            String aliceToken = token(senderDir, senderEnv, "alice");
            String readerToken = token(receiverDir, receiverEnv, "reader");
            String alice = "http://127.0.0.1:" + senderPort + "/users/alice";

            assertThat(post(receiverPort, "reader", readerToken, "{\"type\":\"Follow\",\"object\":\"" + alice + "\"}")
                    .statusCode()).isEqualTo(201);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (get(receiverPort, "/users/reader/following", readerToken).path("totalItems").asInt() < 1) {
                assertThat(System.nanoTime()).as("the follow is accepted in time").isLessThan(deadline);
                Thread.sleep(200);
            }

            // Posted from several threads at once, so the queue fills faster than it drains; then SIGKILL.
            java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(6);
            java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                String body = "{\"type\":\"Note\",\"content\":\"Post " + i + "\",\"to\":"
                        + "[\"https://www.w3.org/ns/activitystreams#Public\"],\"cc\":[\"" + alice + "/followers\"]}";
                statuses.add(clients.submit(() -> post(senderPort, "alice", aliceToken, body).statusCode()));
            }
            for (java.util.concurrent.Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(201);
            }
            clients.shutdown();
            sender.process().destroyForcibly().waitFor(); // SIGKILL mid fan-out
            int atKill = homeNotes(receiverPort, readerToken).size();
            System.out.println("KillDurabilityIT: " + atKill + " of " + POSTS + " posts had arrived at the kill");
            assertThat(atKill).as("killed before every post was delivered").isLessThan(POSTS);

            sender = PolityJar.start(senderDir, senderEnv, "serve");
            sender.awaitHealthy(senderPort, Duration.ofSeconds(90));
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> notes = homeNotes(receiverPort, readerToken);
            while (notes.size() < POSTS && System.nanoTime() < deadline) {
                Thread.sleep(250);
                notes = homeNotes(receiverPort, readerToken);
            }
            assertThat(notes).as("every post arrived, each once (at the kill: %d)", atKill).hasSize(POSTS);
        } finally {
            sender.close();
            receiver.close();
        }
    }
}
