package org.polity.server.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.polity.server.model.ApiToken;

public interface TokenStore {
    ApiToken insert(long accountId, String name, String tokenHash, Instant createdAt);

    Optional<ApiToken> findTokenByHash(String tokenHash);

    List<ApiToken> findTokensByAccountId(long accountId);

    void touch(long id, Instant at);

    boolean delete(long accountId, long id);
}
