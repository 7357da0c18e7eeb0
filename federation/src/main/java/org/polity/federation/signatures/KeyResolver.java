package org.polity.federation.signatures;

import java.security.Key;

/**
 * Finds the public key for a key id. The application plugs this in (from its cache or by fetching the
 * actor); the protocol library knows no database.
 */
@FunctionalInterface
public interface KeyResolver {
    /**
     * @param refresh true on the second try after a key failed to verify: bypass caches (key rotation)
     * @throws SignatureException when the key cannot be found or does not belong to a known actor
     */
    Key resolve(String keyId, boolean refresh) throws SignatureException;
}
