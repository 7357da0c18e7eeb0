package org.polity.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The remote servers: one JDK HTTP server on 0.0.0.0:port answering for every host that reaches it. Linux routes
 * all of 127.0.0.0/8 to loopback, so 127.0.1.1:port, 127.0.1.2:port, ... are distinct hosts (authority =
 * host:port) to the server under test. For any host it serves {@code GET /users/{name}}, a Person with an RSA
 * key (one key pair for every actor: the server still fetches and checks each actor's document and key id), and
 * takes every POST (an inbox) with 202, recording what arrived and when.
 */
public final class FakeRemote implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One POST received: the Host it was sent to, its path, the activity's type and id, the object's id. */
    public record Post(String host, String path, String type, String id, String objectId, long nanos) {}

    private final HttpServer server;
    private final ExecutorService pool;
    private final int port;
    private final KeyPair key;
    private final String pem;
    private final Predicate<String> sharedInboxHost;
    public final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
    public final AtomicLong actorFetches = new AtomicLong();
    public final AtomicLong otherGets = new AtomicLong();

    /** @param sharedInboxHost the hosts whose actors list {@code endpoints.sharedInbox} ({@code http://host/inbox}) */
    public FakeRemote(int port, KeyPair key, Predicate<String> sharedInboxHost) throws IOException {
        this.port = port;
        this.key = key;
        this.pem = Signing.pem(key);
        this.sharedInboxHost = sharedInboxHost;
        this.server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 4096);
        this.pool = Executors.newFixedThreadPool(16);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return port;
    }

    public KeyPair key() {
        return key;
    }

    /** The n-th of a run's hosts, n from 0: 127.0.{base + n / 250}.{1 + n % 250}:port. */
    public String host(int base, int n) {
        return "127.0." + (base + n / 250) + "." + (1 + n % 250) + ":" + port;
    }

    public static String actorUri(String host, String name) {
        return "http://" + host + "/users/" + name;
    }

    public static String keyId(String host, String name) {
        return actorUri(host, name) + "#main-key";
    }

    public List<Post> postsOfType(String type) {
        return posts.stream().filter(p -> type.equals(p.type())).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host");
            String path = ex.getRequestURI().getPath();
            if ("POST".equals(ex.getRequestMethod())) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                long now = System.nanoTime();
                String type = null;
                String id = null;
                String objectId = null;
                try {
                    JsonNode a = JSON.readTree(body);
                    type = a.path("type").asText(null);
                    id = a.path("id").asText(null);
                    JsonNode o = a.path("object");
                    objectId = o.isTextual() ? o.asText() : o.path("id").asText(null);
                } catch (IOException e) {
                    type = "unparsable";
                }
                posts.add(new Post(host, path, type, id, objectId, now));
                ex.sendResponseHeaders(202, -1);
                return;
            }
            if ("GET".equals(ex.getRequestMethod()) && path.startsWith("/users/") && path.indexOf('/', 7) < 0) {
                actorFetches.incrementAndGet();
                byte[] doc = actor(host, path.substring(7)).toString().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/activity+json");
                ex.sendResponseHeaders(200, doc.length);
                ex.getResponseBody().write(doc);
                return;
            }
            otherGets.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
        }
    }

    private ObjectNode actor(String host, String name) {
        String id = actorUri(host, name);
        ObjectNode a = JSON.createObjectNode();
        a.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1");
        a.put("id", id);
        a.put("type", "Person");
        a.put("preferredUsername", name);
        a.put("name", "Bench " + name);
        a.put("inbox", id + "/inbox");
        a.put("outbox", id + "/outbox");
        a.put("followers", id + "/followers");
        a.put("following", id + "/following");
        if (sharedInboxHost.test(host)) {
            a.putObject("endpoints").put("sharedInbox", "http://" + host + "/inbox");
        }
        ObjectNode k = a.putObject("publicKey");
        k.put("id", id + "#main-key");
        k.put("owner", id);
        k.put("publicKeyPem", pem);
        return a;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
