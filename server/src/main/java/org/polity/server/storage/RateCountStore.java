package org.polity.server.storage;

import java.time.Instant;
import java.util.List;

/** Rate-limit counts shared by the nodes of one instance (V26, {@code limits.SharedWindows}). */
public interface RateCountStore {
    /** What one node counted for one key in one window since it last said. */
    record Delta(String scope, String key, Instant windowStart, Instant windowEnd, long hits) {}

    /**
     * Adds each delta to its window's shared count and returns the totals after the additions (what every node
     * has added), in the order given.
     */
    List<Long> add(List<Delta> deltas);

    /** The shared counts of {@code keys} in one window (keys without a row are left out). */
    java.util.Map<String, Long> totals(String scope, Instant windowStart, java.util.Collection<String> keys);

    /** Deletes the windows that ended before {@code now}; returns how many. */
    int pruneEnded(Instant now);
}
