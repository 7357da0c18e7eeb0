package org.polity.server.activitypub;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import org.polity.server.storage.Storage;

/**
 * Records that a remote host contacted us (it is available again: its queued deliveries resume), at most once a
 * minute per host on each node. Every inbox POST would otherwise write the host's row twice, on the path that
 * should cost one insert; a minute late is soon enough for a host that was marked unavailable after days.
 */
final class HostsSeen {
    static final Duration EVERY = Duration.ofMinutes(1);
    private final Storage storage;
    private final Cache<String, Instant> written = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterWrite(EVERY).build();

    HostsSeen(Storage storage) {
        this.storage = storage;
    }

    void seen(String host, Instant at) {
        if (written.asMap().putIfAbsent(host, at) == null) {
            storage.stores().hosts().recordSeen(host, at);
        }
    }
}
