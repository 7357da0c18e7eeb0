package org.polity.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.polity.server.model.Account;

/** An API client for one instance: JSON requests with an optional bearer token, no redirects followed. */
public final class Api {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String AS = "application/activity+json";

    private final TestInstance instance;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Api(TestInstance instance) {
        this.instance = instance;
    }

    /** A new API token for the account. */
    public String token(Account account) {
        return instance.accounts().createToken(account.id(), "test");
    }

    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public HttpResponse<String> post(String path, String token, String contentType, String body) {
        return send("POST", path, token, contentType, body);
    }

    /** POSTs {@code body} to the user's outbox as application/activity+json. */
    public HttpResponse<String> outbox(String username, String token, String body) {
        return post("/users/" + username + "/outbox", token, AS, body);
    }

    public HttpResponse<String> send(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(instance.uri(path)).timeout(Duration.ofSeconds(20))
                .header("Accept", AS)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The path of a local IRI (tests reach the server on its listening address). */
    public String path(String iri) {
        String base = instance.server().baseUrl().toString();
        if (!iri.startsWith(base)) {
            throw new AssertionError(iri + " is not on " + base);
        }
        return iri.substring(base.length());
    }
}
