package org.polity.federation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every ActivityStreams payload in {@code ../shared/interop/fixtures}, found by walking the tree:
 * <ul>
 *   <li>{@code *.json}: one document each;</li>
 *   <li>{@code fedify-captured/received-by-*.json}: captured inbox POSTs; the {@code body} of each is a payload;</li>
 *   <li>{@code *.txt}: raw HTTP responses (Mastodon's specs); the JSON body after the blank line is the payload.</li>
 * </ul>
 * Skipped with their reason ({@link #NOT_ACTIVITYSTREAMS}): WebFinger JRDs, which are not ActivityStreams
 * (they are read by {@code webfinger.Jrd}), and files that are not JSON ({@code .md}, {@code .mjs}).
 */
public final class InteropPayloads {
    /** Fixture files that hold no ActivityStreams document, and why. */
    public static final Map<String, String> NOT_ACTIVITYSTREAMS = Map.of(
            "fedify-captured/webfinger-alice.json", "a WebFinger JRD (RFC 7033), not ActivityStreams",
            "mastodon/spec/fixtures/requests/activitypub-webfinger.txt", "a WebFinger JRD (RFC 7033), not ActivityStreams");

    public record Payload(String name, JsonNode json) {
        @Override
        public String toString() {
            return name;
        }
    }

    private InteropPayloads() {}

    /** The payloads; skips the calling test with a visible message where the fixtures are absent. */
    public static List<Payload> all() {
        Path root = SharedInterop.require("fixtures");
        ObjectMapper json = new ObjectMapper();
        List<Payload> payloads = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = root.relativize(file).toString().replace('\\', '/');
                if (NOT_ACTIVITYSTREAMS.containsKey(name)) {
                    continue;
                }
                if (name.endsWith(".json")) {
                    JsonNode node = json.readTree(file.toFile());
                    if (name.startsWith("fedify-captured/received-by-")) {
                        int i = 0;
                        for (JsonNode request : node) {
                            payloads.add(new Payload(name + "#" + i++, json.readTree(request.get("body").asText())));
                        }
                    } else {
                        payloads.add(new Payload(name, node));
                    }
                } else if (name.endsWith(".txt")) {
                    String response = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
                    int blank = response.indexOf("\n\n");
                    payloads.add(new Payload(name, json.readTree(response.substring(blank + 2))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return payloads;
    }
}
