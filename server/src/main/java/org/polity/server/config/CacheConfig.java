package org.polity.server.config;

import java.time.Duration;

/**
 * What a node keeps of its own answers (docs/operations.md, Several nodes).
 *
 * @param publicDocuments {@code public.cache.seconds}: how long a node answers an anonymous ActivityPub
 *     {@code GET} from what it answered before ({@code web.PublicCache}); zero turns it off. A write on the
 *     same node makes it read again at once; a write on another node is seen after at most this long.
 */
public record CacheConfig(Duration publicDocuments) {
    public CacheConfig {
        if (publicDocuments.isNegative()) {
            throw new IllegalArgumentException("negative cache duration");
        }
    }

    public static CacheConfig defaults() {
        return new CacheConfig(Duration.ofSeconds(2));
    }
}
