package org.polity.federation.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.polity.federation.signatures.HttpMessage;

/**
 * A real HTTP server on 127.0.0.1, port 0 (the JDK's {@code HttpServer}), with handlers by path and a record
 * of every request it received, so tests can prove that a refused fetch never reached it.
 */
public final class LocalServer implements AutoCloseable {
    /** A request as received. */
    public record Recorded(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body) {
        /** The request as the signature code sees it, with the target URI rebuilt from Host. */
        public HttpMessage toMessage() {
            String host = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("host"))
                    .map(e -> e.getValue().get(0)).findFirst().orElseThrow();
            return HttpMessage.request(method, URI.create("http://" + host + rawPathAndQuery), headers, body);
        }

        public String path() {
            int q = rawPathAndQuery.indexOf('?');
            return q < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, q);
        }
    }

    /** What to answer; {@code chunked} sends no Content-Length. */
    public record Reply(int status, Map<String, String> headers, byte[] body, long delayMillis, boolean chunked) {
        public static Reply of(int status) {
            return new Reply(status, Map.of(), new byte[0], 0, false);
        }

        public static Reply json(String contentType, String body) {
            return new Reply(200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), 0, false);
        }

        public static Reply activity(String body) {
            return json("application/activity+json", body);
        }

        public static Reply redirect(int status, String location) {
            return new Reply(status, Map.of("Location", location), new byte[0], 0, false);
        }

        public Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, delayMillis, chunked);
        }

        public Reply delayed(long millis) {
            return new Reply(status, headers, body, millis, chunked);
        }

        public Reply streamed() {
            return new Reply(status, headers, body, delayMillis, true);
        }
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Recorded request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    public LocalServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    public LocalServer route(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public URI url(String path) {
        return URI.create(base() + path);
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            String raw = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            Recorded recorded = new Recorded(exchange.getRequestMethod(), raw, headers, body);
            requests.add(recorded);
            Handler handler = routes.get(recorded.path());
            Reply reply;
            try {
                reply = handler == null ? Reply.of(404) : handler.handle(recorded);
            } catch (Exception e) {
                reply = new Reply(500, Map.of(), e.toString().getBytes(StandardCharsets.UTF_8), 0, false);
            }
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            long length = reply.chunked() ? 0 : (reply.body().length == 0 ? -1 : reply.body().length);
            exchange.sendResponseHeaders(reply.status(), length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (timeouts, size caps): nothing to do
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
