package org.polity.server.storage.jdbi;

import java.time.Instant;
import java.util.Optional;
import org.polity.server.model.RemoteHost;
import org.polity.server.storage.HostStore;

final class JdbiHostStore implements HostStore {
    private final JdbiStorage.Handles handles;

    JdbiHostStore(JdbiStorage.Handles handles) {
        this.handles = handles;
    }

    @Override
    public Optional<RemoteHost> findHost(String host) {
        return handles.with(h -> h.createQuery("SELECT host, state, failing_since, last_success_at, last_seen_at"
                        + " FROM hosts WHERE host = :h")
                .bind("h", host)
                .map((rs, ctx) -> new RemoteHost(rs.getString("host"), RemoteHost.State.valueOf(rs.getString("state")),
                        Rows.instant(rs, "failing_since"), Rows.instant(rs, "last_success_at"),
                        Rows.instant(rs, "last_seen_at")))
                .findOne());
    }

    @Override
    public java.util.List<RemoteHost> findTroubled(int limit) {
        return handles.with(h -> h.createQuery("SELECT host, state, failing_since, last_success_at, last_seen_at"
                        + " FROM hosts WHERE failing_since IS NOT NULL OR state <> 'AVAILABLE'"
                        + " ORDER BY failing_since, host LIMIT :l")
                .bind("l", limit)
                .map((rs, ctx) -> new RemoteHost(rs.getString("host"), RemoteHost.State.valueOf(rs.getString("state")),
                        Rows.instant(rs, "failing_since"), Rows.instant(rs, "last_success_at"),
                        Rows.instant(rs, "last_seen_at")))
                .list());
    }

    private void ensure(String host) {
        handles.with(h -> h.createUpdate("INSERT INTO hosts (host, state) VALUES (:h, 'AVAILABLE')"
                + " ON CONFLICT DO NOTHING").bind("h", host).execute());
    }

    @Override
    public void recordSuccess(String host, Instant at) {
        ensure(host);
        handles.with(h -> h.createUpdate("UPDATE hosts SET state = 'AVAILABLE', failing_since = NULL,"
                + " last_success_at = :at WHERE host = :h").bind("at", at).bind("h", host).execute());
    }

    @Override
    public void recordFailure(String host, Instant at) {
        ensure(host);
        handles.with(h -> h.createUpdate("UPDATE hosts SET failing_since = COALESCE(failing_since, :at)"
                + " WHERE host = :h").bind("at", at).bind("h", host).execute());
    }

    @Override
    public int markUnavailableFailingSince(Instant cutoff) {
        return handles.with(h -> h.createUpdate("UPDATE hosts SET state = 'UNAVAILABLE' WHERE state = 'AVAILABLE'"
                + " AND failing_since IS NOT NULL AND failing_since < :c").bind("c", cutoff).execute());
    }

    @Override
    public void recordSoftware(String host, String software) {
        ensure(host);
        handles.with(h -> h.createUpdate("UPDATE hosts SET software = :s WHERE host = :h")
                .bind("s", software).bind("h", host).execute());
    }

    @Override
    public Optional<String> findSoftware(String host) {
        return handles.with(h -> h.createQuery("SELECT software FROM hosts WHERE host = :h AND software IS NOT NULL")
                .bind("h", host).mapTo(String.class).findOne());
    }

    @Override
    public void recordSeen(String host, Instant at) {
        ensure(host);
        handles.with(h -> h.createUpdate("UPDATE hosts SET state = 'AVAILABLE', failing_since = NULL,"
                + " last_seen_at = :at WHERE host = :h").bind("at", at).bind("h", host).execute());
    }
}
