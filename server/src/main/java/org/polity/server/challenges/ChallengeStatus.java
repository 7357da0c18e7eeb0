package org.polity.server.challenges;

import java.util.Locale;
import java.util.Optional;

/**
 * A challenge's lifecycle (docs/vocabulary.md, "Challenges"): {@code draft → open → reviewing → closed}. A draft
 * never leaves its server; the wire key ({@code polity:challengeStatus}) is the lower-case name.
 */
public enum ChallengeStatus {
    DRAFT, OPEN, REVIEWING, CLOSED;

    /** The key on the wire and in forms. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a key, if it is one. */
    public static Optional<ChallengeStatus> ofKey(String key) {
        for (ChallengeStatus s : values()) {
            if (s.key().equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether an issuer may move a challenge from this status to {@code next} (one step forward only). */
    public boolean mayBecome(ChallengeStatus next) {
        return next.ordinal() == ordinal() + 1;
    }

    /** Whether the challenge is seen beyond its server (every status but draft). */
    public boolean federated() {
        return this != DRAFT;
    }
}
