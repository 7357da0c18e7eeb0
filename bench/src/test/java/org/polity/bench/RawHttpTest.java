package org.polity.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The load generator's socket client against the JDK's HTTP server: bodies both ways, keep-alive, chunked. */
class RawHttpTest {
    @Test
    void sendsTheRequestAsBuiltAndReadsAnswersOfEveryFramingOnOneConnection() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestHeaders().getFirst("X-Test"));
            bodies.add(exchange.getRequestBody().readAllBytes());
            byte[] answer = "x".repeat(10_000).getBytes(StandardCharsets.UTF_8);
            boolean chunked = exchange.getRequestURI().getPath().equals("/chunked");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/none") ? 404 : 202,
                    chunked ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try (RawHttp client = new RawHttp(5_000)) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            byte[] body = "{\"type\":\"Note\"}".getBytes(StandardCharsets.UTF_8);
            assertEquals(202, client.send(HttpRequest.newBuilder(URI.create(base + "/inbox?a=1")).header("X-Test", "one")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build()));
            assertEquals(202, client.send(HttpRequest.newBuilder(URI.create(base + "/chunked")).GET().build()));
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/none")).GET().build()));
            HttpRequest again = HttpRequest.newBuilder(URI.create(base + "/again")).GET().build();
            assertEquals(202, client.send(again));
            assertEquals(202, client.send(again));
            String host = "127.0.0.1:" + server.getAddress().getPort();
            assertEquals(List.of("POST /inbox?a=1 " + host + " one", "GET /chunked " + host + " null",
                    "GET /none " + host + " null", "GET /again " + host + " null", "GET /again " + host + " null"), seen);
            assertArrayEquals(body, bodies.get(0));
        } finally {
            server.stop(0);
        }
    }
}
