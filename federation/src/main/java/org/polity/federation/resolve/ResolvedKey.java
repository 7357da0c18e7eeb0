package org.polity.federation.resolve;

import java.security.PublicKey;
import java.time.Instant;

/**
 * A public key whose owner has been checked: the actor document at {@code ownerId} lists {@code keyId} as
 * its {@code publicKey}.
 */
public record ResolvedKey(String keyId, String ownerId, PublicKey publicKey, Instant fetchedAt) {}
