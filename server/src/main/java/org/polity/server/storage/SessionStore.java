package org.polity.server.storage;

import java.time.Instant;
import java.util.Optional;
import org.polity.server.model.WebSession;

public interface SessionStore {
    void insert(WebSession session, String userAgent);

    Optional<WebSession> findSessionByIdHash(String idHash);

    void extend(String idHash, Instant expiresAt);

    void delete(String idHash);

    /** Ends every session of one account (after a password change); returns how many there were. */
    int deleteByAccountId(long accountId);

    int deleteExpired(Instant now);
}
