package org.polity.server.accounts;

import java.time.Instant;

/**
 * An invitation link: whoever holds its token may sign up, whatever their e-mail domain, until it expires, is
 * used {@code maxUses} times or is revoked. Only the token's SHA-256 hash is stored.
 */
public record Invitation(long id, String tokenHash, long createdBy, String note, int maxUses, int uses,
        Instant createdAt, Instant expiresAt, Instant revokedAt) {

    /** Why a link can or cannot be used now. */
    public enum State {
        USABLE,
        EXPIRED,
        USED_UP,
        REVOKED
    }

    public State state(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        if (uses >= maxUses) {
            return State.USED_UP;
        }
        if (!now.isBefore(expiresAt)) {
            return State.EXPIRED;
        }
        return State.USABLE;
    }
}
