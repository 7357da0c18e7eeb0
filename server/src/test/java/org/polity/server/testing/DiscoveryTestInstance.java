package org.polity.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polity.server.PolityServer;
import org.polity.server.config.ConfigLoader;
import org.polity.server.model.Account;
import org.polity.server.service.AccountService;

/**
 * A real Polity server on a free loopback port with its own data directory, and an HTTP client that does
 * not follow redirects (so tests see them). Close it to stop the server.
 */
public final class DiscoveryTestInstance implements AutoCloseable {
    private final PolityServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private DiscoveryTestInstance(PolityServer server) {
        this.server = server;
    }

    public static DiscoveryTestInstance start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** {@code env} adds or overrides {@code POLITY_*} settings. */
    public static DiscoveryTestInstance start(Path dataDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("POLITY_PORT", "0", "POLITY_DATA_DIR", dataDir.toString(),
                "POLITY_BIND", "127.0.0.1"));
        all.putAll(env);
        return new DiscoveryTestInstance(PolityServer.start(ConfigLoader.load(Optional.empty(), all)));
    }

    public PolityServer server() {
        return server;
    }

    /** {@code host:port} of the base URL, the domain part of handles. */
    public String authority() {
        return server.polity().uris().authority();
    }

    /** Creates an account with a profile and the given status. */
    public Account account(String username, String displayName, String status, Account.Profile profile) {
        return server.polity().accounts().create(new AccountService.NewAccount(username, username + "@agency.gov",
                "correct horse battery staple", displayName, profile, ""), Account.Role.MEMBER,
                Account.Status.valueOf(status));
    }

    public Account account(String username, String status) {
        return account(username, username, status, new Account.Profile("", "", "", "", List.of()));
    }

    /** GETs {@code path} (relative to the listening port, not the base URL) with an {@code Accept} header. */
    public HttpResponse<String> get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
