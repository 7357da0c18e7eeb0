package org.polity.server.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.polity.server.crypto.Secrets;
import org.polity.server.model.Account;
import org.polity.server.model.WebSession;
import org.polity.server.storage.Storage;

/**
 * Web sessions kept in the database (they survive restarts). The browser holds a random 256-bit value;
 * the database holds its SHA-256 hash, so a leaked database does not leak live sessions.
 */
public final class SessionService {
    private final Storage storage;
    private final Clock clock;
    private final Duration lifetime;

    public SessionService(Storage storage, Clock clock, Duration lifetime) {
        this.storage = storage;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Starts a session and returns the cookie value. */
    public String start(Account account, String userAgent) {
        String value = Secrets.newToken();
        Instant now = clock.instant();
        storage.stores().sessions().insert(
                new WebSession(Secrets.sha256Hex(value), account.id(), now, now.plus(lifetime)),
                userAgent == null ? "" : userAgent);
        return value;
    }

    /** The active account behind a cookie value; slides the expiry forward at most once an hour. */
    public Optional<Account> resolve(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != 43) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(cookieValue);
        Optional<WebSession> session = storage.stores().sessions().findSessionByIdHash(hash);
        Instant now = clock.instant();
        if (session.isEmpty() || session.get().expiresAt().isBefore(now)) {
            return Optional.empty();
        }
        Instant renewed = now.plus(lifetime);
        if (Duration.between(session.get().expiresAt(), renewed).toHours() >= 1) {
            storage.stores().sessions().extend(hash, renewed);
        }
        return storage.stores().accounts().findAccountById(session.get().accountId()).filter(Account::isActive);
    }

    public void end(String cookieValue) {
        if (cookieValue != null) {
            storage.stores().sessions().delete(Secrets.sha256Hex(cookieValue));
        }
    }

    /** Logs the account out everywhere. */
    public int endAll(Account account) {
        return storage.stores().sessions().deleteByAccountId(account.id());
    }

    public int purgeExpired() {
        return storage.stores().sessions().deleteExpired(clock.instant());
    }
}
