package org.polity.server.model;

import java.time.Instant;

/**
 * A file a member uploaded, as the {@code media} table holds it: where it is in the media store (a generated
 * key, never a name from the upload), its SHA-256, the content type detected from its bytes, its size, the
 * file name shown for it (display only, sanitised), who uploaded it, the key of its thumbnail (images only),
 * and the resource object it belongs to once published.
 */
public record MediaItem(long id, String storageKey, String sha256, String contentType, long sizeBytes,
        String fileName, long ownerId, String thumbnailKey, String objectUri, Instant createdAt) {}
