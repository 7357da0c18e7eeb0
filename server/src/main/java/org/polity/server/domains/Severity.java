package org.polity.server.domains;

import java.util.Locale;
import java.util.Optional;

/**
 * What a domain rule does. {@code BLOCK}: nothing is taken from or sent to it (Mastodon's "suspend");
 * {@code SILENCE}: its content is accepted but kept out of public listings and search, and follows from it need
 * approval (Mastodon's "limit"); {@code ALLOW}: it is listed, which is what federating needs in allowlist mode.
 */
public enum Severity {
    BLOCK,
    SILENCE,
    ALLOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Ours ({@code block}, {@code silence}, {@code allow}) and Mastodon's names ({@code suspend}, {@code limit}). */
    public static Optional<Severity> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "block", "suspend" -> Optional.of(BLOCK);
            case "silence", "limit" -> Optional.of(SILENCE);
            case "allow" -> Optional.of(ALLOW);
            default -> Optional.empty();
        };
    }
}
