package org.polity.server.activitypub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.polity.federation.signatures.HttpMessage;
import org.polity.federation.signatures.RequestSigner;
import org.polity.federation.testing.LocalServer;

/**
 * What the tests that stand in for another server (Lemmy) share: posting an activity to one of our inboxes
 * signed with draft-cavage, as those servers sign, and reading what our server posted back to the stand-in.
 */
public final class StandIn {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection");

    private StandIn() {}

    /** POSTs {@code activity} to {@code inbox}, signed (draft-cavage) with {@code keyId}'s private key. */
    public static HttpResponse<String> post(URI inbox, ObjectNode activity, String keyId, PrivateKey key) throws Exception {
        return send(inbox, activity, message -> RequestSigner.signCavage(message, keyId, key, Instant.now()));
    }

    /** As {@link #post}, signed with RFC 9421. */
    public static HttpResponse<String> postRfc9421(URI inbox, ObjectNode activity, String keyId, PrivateKey key)
            throws Exception {
        return send(inbox, activity, message -> RequestSigner.signRfc9421(message, keyId, key, Instant.now()));
    }

    private interface SigningStep {
        HttpMessage apply(HttpMessage message) throws Exception;
    }

    private static HttpResponse<String> send(URI inbox, ObjectNode activity,
            SigningStep signer) throws Exception {
        byte[] body = activity.toString().getBytes(StandardCharsets.UTF_8);
        HttpMessage message = HttpMessage.request("POST", inbox,
                Map.of("Content-Type", List.of("application/activity+json")), body);
        HttpMessage signed = signer.apply(message);
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.targetUri())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/activity+json").header("Accept", "application/json");
        signed.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name) && !name.equals("content-type")) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON bodies the stand-in server received in POSTs (its inboxes). */
    static List<JsonNode> received(LocalServer server) {
        return server.requests().stream().filter(r -> r.method().equals("POST")).map(r -> {
            try {
                return Publisher.JSON.readTree(r.body());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
